"""What a person asks for (words and filters, as typed in the terminal or the web page) made into a Query.

`hoso search` and the web page both call ``to_query``, so a filter typed the same way finds the same
hồ sơ in both: a lĩnh vực typed without diacritics or only in part ("moi truong" -> every field whose
name holds "môi trường"), a status typed without diacritics, a level as "kien-nghi" or "kiến nghị".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..record.schema import controlled_fields
from ..record.status import ORDER
from ..text import fold, nearest
from .analysis import QueryError
from .engine import Query

LEVELS = {"buoi": "buổi", "van ban": "văn bản", "kien nghi": "kiến nghị"}
SORTS = {"lien-quan": "relevance", "ngay": "date"}
MAX_TEXT = 500  # characters of words searched
MAX_CHAIR = 100


class FilterError(QueryError):
    """A filter that names nothing hoso knows; the message (Vietnamese) says what to type."""


@dataclass(frozen=True)
class Filters:
    """A search as a person typed it. Empty values do not filter."""

    text: str = ""
    units: Sequence[str] = ()
    years: Sequence[int] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    levels: Sequence[str] = ()  # buoi | van-ban | kien-nghi, or the Vietnamese names
    fields: Sequence[str] = ()  # lĩnh vực, whole or in part, with or without diacritics
    statuses: Sequence[str] = ()
    overdue: bool = False
    chair: str = ""
    doc_types: Sequence[str] = ()  # tên loại: "Thông báo", "Biên bản"
    sort: str = "lien-quan"  # lien-quan | ngay
    page: int = 1
    per_page: int = 10


def level(typed: str) -> str:
    """The level a person means: "kien-nghi", "kien nghi" or "kiến nghị" -> "kiến nghị"."""
    key = fold(typed).replace("_", " ").replace("-", " ").strip()
    if key not in LEVELS:
        raise FilterError(f"'{typed}' không phải loại mục; chọn buoi, van-ban hoặc kien-nghi")
    return LEVELS[key]


def fields_named(typed: str, known: Sequence[str] | None = None) -> list[str]:
    """The lĩnh vực a person means: the one named (with or without diacritics), or every one whose
    name holds what was typed ("moi truong" -> "môi trường - tài nguyên"), or the nearest name."""
    names = list(known if known is not None else controlled_fields())
    exact = [k for k in names if fold(k) == fold(typed)]
    within = [k for k in names if fold(typed).strip() and fold(typed).strip() in fold(k)]
    close = nearest(typed, names)
    return exact or within or ([close] if close else [typed])


def status(typed: str) -> str:
    """Any status a petition can have, typed with or without diacritics."""
    return nearest(typed, list(ORDER)) or typed


def to_query(
    filters: Filters,
    *,
    restricted: bool,
    personal: bool,
    today: dt.date | None = None,
    known_fields: Sequence[str] = (),
) -> Query:
    """The Query for ``filters``; what the user may see (restricted hồ sơ, personal data) is the caller's
    decision about the user, never part of what they typed. FilterError for a filter that names nothing.
    ``known_fields``: the lĩnh vực in the index beyond the common list (a unit's own, "thiên tai - …")."""
    if filters.sort not in SORTS:
        raise FilterError(f"'{filters.sort}' không phải cách sắp xếp; chọn lien-quan hoặc ngay")
    known = list(dict.fromkeys([*controlled_fields(), *known_fields]))
    fields = [name for typed in filters.fields if typed.strip() for name in fields_named(typed, known)]
    return Query(
        text=filters.text[:MAX_TEXT],
        units=[u for u in filters.units if u] or None,
        years=list(filters.years) or None,
        date_from=filters.date_from,
        date_to=filters.date_to,
        levels=[level(x) for x in filters.levels if x.strip()] or None,
        fields=fields or None,
        statuses=[status(x) for x in filters.statuses if x.strip()] or None,
        chair=filters.chair[:MAX_CHAIR].strip() or None,
        doc_types=[d for d in filters.doc_types if d.strip()] or None,
        overdue_as_of=(today or dt.date.today()) if filters.overdue else None,
        include_restricted=restricted,
        include_personal=personal,
        sort=SORTS[filters.sort],
        page=filters.page,
        per_page=filters.per_page,
    )
