"""Stage 4 — Index & search: Vietnamese full-text search over archived entries.

``analysis`` makes the tokens, queries and snippets; ``engine`` defines Entry, Query, Results and
the SearchIndex interface; ``tantivy_engine`` (default) and ``whoosh_engine`` implement it. This
package knows nothing of the archive: the archive stage builds the Entry objects.
"""

from .analysis import QueryError, parse_query, plain
from .engine import (
    DEFAULT_ENGINE,
    ENGINES,
    Entry,
    Group,
    GroupedResults,
    Hit,
    IndexBusy,
    IndexDamaged,
    IndexMissing,
    IndexOutdated,
    IndexUnusable,
    Query,
    Results,
    SearchIndex,
    create_index,
    open_index,
)

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "Entry",
    "Group",
    "GroupedResults",
    "Hit",
    "IndexBusy",
    "IndexDamaged",
    "IndexMissing",
    "IndexOutdated",
    "IndexUnusable",
    "Query",
    "QueryError",
    "Results",
    "SearchIndex",
    "create_index",
    "open_index",
    "parse_query",
    "plain",
]
