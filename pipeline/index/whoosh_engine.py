"""The second engine: Whoosh (pure Python, the whoosh-reloaded package).

Slower than tantivy by two orders of magnitude on large archives (see bench/search.py), but it
needs no compiled code. It receives the same token streams as tantivy and splits them on spaces
only, so both engines index identical tokens; filters use the same normalised values.

Whoosh's writer cannot delete a document it has not committed yet, so additions and deletions are
buffered here (last one per id wins) and written by ``commit()`` in one Whoosh transaction.

Whoosh has no minimum-should-match (``Or``'s minmatch is not implemented): the entries holding
enough of the optional clauses are counted here, clause by clause, and given to the search as a
filter. Its phrase "slop" counts differently from tantivy's: Whoosh's 1 is tantivy's 0.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import whoosh.index
from whoosh import collectors, fields
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.index import LockError

from .analysis import Clause
from .engine import TITLE_BOOST, GroupCounts, IndexBusy, IndexDamaged, Indexed, Row, SearchIndex, SearchPlan, Tiers

_TEXT_FIELDS = ("title", "text", "personal")
_KEYWORD_FIELDS = ("unit", "level", "field", "status", "doc_type", "chair")
WRITER_MB = 256  # memory for the segment being written before it spills to disk


def _schema() -> fields.Schema:
    tokens = SpaceSeparatedTokenizer()  # the streams are already analysed: split on spaces only
    spec: dict[str, fields.FieldType] = {"id": fields.ID(unique=True)}
    for name in _TEXT_FIELDS:
        spec[f"{name}_x"] = fields.TEXT(analyzer=tokens, phrase=True)
        spec[f"{name}_f"] = fields.TEXT(analyzer=tokens, phrase=True)
    for name in _KEYWORD_FIELDS:
        spec[name] = fields.ID()
    spec["year"] = fields.NUMERIC(int, bits=32)
    spec["day"] = fields.NUMERIC(int, bits=32, sortable=True)
    spec["group_h"] = fields.NUMERIC(int, bits=64, signed=False, sortable=True)  # a column: group hits by hồ sơ
    spec["deadline"] = fields.NUMERIC(int, bits=32)
    spec["closed"] = fields.BOOLEAN()
    spec["restricted"] = fields.BOOLEAN()
    spec["payload"] = fields.STORED()
    return fields.Schema(**spec)


class WhooshIndex(SearchIndex):
    engine_name = "whoosh"

    def _create_engine(self) -> None:
        self._ix = whoosh.index.create_in(str(self.path), _schema())
        self._init()

    def _open_engine(self) -> None:
        self._ix = whoosh.index.open_dir(str(self.path))
        if set(self._ix.schema.names()) != set(_schema().names()):
            raise IndexDamaged(f"Chỉ mục {self.path} có các trường khác với hoso: hãy lập lại chỉ mục.")
        self._init()
        self._get_searcher().doc_count()

    def _init(self) -> None:
        self._pending: dict[str, Indexed] = {}
        self._deleted: set[str] = set()
        self._searcher: Any = None

    # Writing ----------------------------------------------------------------------------------

    def _add(self, items: Iterable[Indexed]) -> None:
        for it in items:
            self._pending[it.entry.id] = it

    def delete(self, ids: Iterable[str]) -> None:
        for id_ in ids:
            self._pending.pop(id_, None)
            self._deleted.add(id_)

    def commit(self) -> None:
        if not self._pending and not self._deleted:
            return
        try:
            writer = self._ix.writer(limitmb=WRITER_MB)
        except LockError as exc:
            raise IndexBusy(f"Chỉ mục {self.path} đang được cập nhật ở nơi khác; hãy thử lại sau.") from exc
        try:
            for id_ in self._deleted | self._pending.keys():
                writer.delete_by_term("id", id_)
            for it in self._pending.values():
                writer.add_document(**_document(it))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()  # a new table of contents replaces the old one in one rename
        self._clear_pending()

    def _clear_pending(self) -> None:
        self._pending.clear()
        self._deleted.clear()

    def rollback(self) -> None:
        self._clear_pending()

    def close(self) -> None:
        self._clear_pending()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # Reading ----------------------------------------------------------------------------------

    def _get_searcher(self) -> Any:
        """A searcher on the latest commit. Not Searcher.refresh(): it reuses the readers of
        unchanged segments with their old deletions, so a deleted entry would still be found."""
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            try:
                self._searcher = self._ix.searcher()
            except FileNotFoundError:
                # Another process committed between our reading the table of contents and opening
                # its segments, and removed merged-away segment files: read the new one.
                self._searcher = self._ix.searcher()
        return self._searcher

    def count(self) -> int:
        return self._get_searcher().doc_count()

    def _get(self, entry_id: str) -> dict[str, Any] | None:
        stored = self._get_searcher().document(id=entry_id)
        return json.loads(stored["payload"]) if stored else None

    def _query(self, plan: SearchPlan, searcher: Any) -> tuple[wq.Query, Any]:
        """The engine query of ``plan`` and its filter (a query, a set of document numbers, or None);
        as in tantivy_engine, with minimum-should-match done by the filter."""
        filters = self._filters(plan)
        restrict: Any = wq.And(filters) if filters else None
        if plan.query.empty:
            return wq.Every(), restrict
        fields_, tiers = plan.search_fields, plan.tiers
        optional = plan.query.optional
        parts = [self._clause(c, fields_, tiers) for c in plan.query.clauses if c.required]
        if len(optional) == 1:
            parts.append(self._clause(optional[0], fields_, tiers))
        elif optional:
            scored = [wq.ConstantScoreQuery(self._typed(c, fields_), tiers.typed) for c in optional]
            parts.append(wq.Or(scored + [self._bm25(c, fields_, tiers) for c in optional]))
            typed: Counter[int] = Counter()
            for c in optional:
                typed.update(set(searcher.docs_for_query(self._typed(c, fields_))))
            enough = {doc for doc, n in typed.items() if n >= plan.query.minimum}
            restrict = enough & set(searcher.docs_for_query(restrict)) if restrict is not None else enough
        q: wq.Query = wq.And(parts) if len(parts) > 1 else parts[0]
        if plan.query.pairs:
            q = wq.AndMaybe(q, wq.Or([self._pair(p, fields_, tiers) for p in plan.query.pairs]))
        return q, restrict

    def _ranked(self, plan: SearchPlan, limit: int, offset: int = 0) -> tuple[int, list[Row]]:
        searcher = self._get_searcher()
        q, restrict = self._query(plan, searcher)
        self._last = (searcher, q, restrict)
        if isinstance(restrict, set) and not restrict:  # Whoosh takes an empty filter for no filter
            return 0, []
        if plan.by_date:
            collector = collectors.SortingCollector("day", limit=offset + limit, reverse=True)
        else:
            # Neither block-quality skipping nor matcher replacement: both judge a matcher by its
            # maximum quality, which the constant-score tiers do not report, and dropped top hits.
            collector = collectors.TopCollector(offset + limit, usequality=False, replace=0)
        if restrict is not None:
            collector = collectors.FilterCollector(collector, restrict)
        searcher.search_with_collector(q, collector)
        results = collector.results()
        groups = searcher.reader().column_reader("group_h")
        rows: list[Row] = [
            (hit.docnum, None if plan.by_date else hit.score, groups[hit.docnum])
            for hit in results[offset : offset + limit]
        ]
        return len(results), rows

    def _payloads(self, handles: list[Any]) -> list[dict[str, Any]]:
        searcher = self._last[0]
        return [json.loads(searcher.stored_fields(docnum)["payload"]) for docnum in handles]

    def _groups(
        self, plan: SearchPlan, keys: list[Hashable], hits: int, started: Any = None
    ) -> Callable[[], GroupCounts]:
        searcher, q, restrict = self._last
        if isinstance(restrict, set) and not any(c.required for c in plan.query.clauses):
            # minimum-should-match with no phrase required: the filter holds exactly the entries found
            # (each has enough words, so matches the query too), filters applied; reading the query's
            # documents again would cost as much as the search
            docs = restrict
        else:
            docs = set(searcher.docs_for_query(q))
            if restrict is not None:
                docs &= restrict if isinstance(restrict, set) else set(searcher.docs_for_query(restrict))
        column = searcher.reader().column_reader("group_h")
        counts = Counter(column[doc] for doc in docs)
        counted: GroupCounts = (len(counts), {k: counts.get(k, 0) for k in keys}, True)
        return lambda: counted

    def _has(self, plan: SearchPlan, clause: Clause) -> bool:
        searcher = self._get_searcher()
        exact = wq.Or([self._match(f"{n}_x", clause.exact) for n in plan.search_fields])
        filters = self._filters(plan)
        return bool(searcher.search(exact, limit=1, filter=wq.And(filters) if filters else None).scored_length())

    @staticmethod
    def _match(field: str, words: tuple[str, ...], boost: float = 1.0, slop: int = 0) -> wq.Query:
        if len(words) == 1:
            return wq.Term(field, words[0], boost=boost)
        return wq.Phrase(field, list(words), slop=slop + 1, boost=boost)

    def _typed(self, clause: Clause, fields_: tuple[str, ...]) -> wq.Query:
        """As in tantivy_engine: the clause as typed, with its diacritics if typed with them."""
        stream, words = ("x", clause.exact) if clause.accented or clause.exact_only else ("f", clause.folded)
        return wq.Or([self._match(f"{n}_{stream}", words) for n in fields_])

    def _found(self, clause: Clause, fields_: tuple[str, ...]) -> wq.Query:
        """As in tantivy_engine: the clause at all, without diacritics, and its close variant."""
        if not clause.wider:
            return self._typed(clause, fields_)
        found = [self._match(f"{n}_f", clause.folded) for n in fields_]
        if clause.variant:
            (first, last), slop = clause.variant
            found += [self._match(f"{n}_f", (first, last), slop=slop) for n in fields_]
        return wq.Or(found)

    def _bm25(self, clause: Clause, fields_: tuple[str, ...], tiers: Tiers) -> wq.Query:
        """As in tantivy_engine: BM25 of the clause in any field, title boosted, scaled."""
        stream, words = ("x", clause.exact) if clause.exact_only else ("f", clause.folded)
        return wq.Or(
            [self._match(f"{n}_{stream}", words, tiers.bm25 * (TITLE_BOOST if n == "title" else 1.0)) for n in fields_]
        )

    def _clause(self, clause: Clause, fields_: tuple[str, ...], tiers: Tiers) -> wq.Query:
        """As in tantivy_engine: found (diacritics ignored), the typed tier if as typed, BM25."""
        typed = wq.ConstantScoreQuery(self._typed(clause, fields_), tiers.typed)
        bm25 = self._bm25(clause, fields_, tiers)
        if not clause.wider:
            return wq.AndMaybe(typed, bm25)
        return wq.AndMaybe(wq.ConstantScoreQuery(self._found(clause, fields_), 0.0), wq.Or([typed, bm25]))

    def _pair(self, pair: Clause, fields_: tuple[str, ...], tiers: Tiers) -> wq.Query:
        """As in tantivy_engine: the pair tier for two words side by side (folded)."""
        return wq.ConstantScoreQuery(wq.Or([self._match(f"{n}_f", pair.folded) for n in fields_]), tiers.pair)

    @staticmethod
    def _filters(plan: SearchPlan) -> list[wq.Query]:
        out: list[wq.Query] = []
        for name, values in plan.keyword_filters():
            out.append(wq.Or([wq.Term(name, v) for v in sorted(values)]))
        if plan.years:
            out.append(wq.Or([wq.Term("year", y) for y in sorted(plan.years)]))
        if plan.day_from is not None or plan.day_to is not None:
            out.append(wq.NumericRange("day", plan.day_from, plan.day_to))
        if plan.chair:
            # Only letters, digits and single spaces remain in a loose() value: no wildcard syntax.
            out.append(wq.Wildcard("chair", f"*{plan.chair}*"))
        if plan.deadline_before is not None:
            out.append(wq.NumericRange("deadline", None, plan.deadline_before, endexcl=True))
            out.append(wq.Term("closed", False))
        if not plan.include_restricted:
            out.append(wq.Term("restricted", False))
        return out


def _document(it: Indexed) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": it.entry.id}
    for name, (exact, folded) in zip(_TEXT_FIELDS, (it.title, it.text, it.personal), strict=True):
        if exact:
            doc[f"{name}_x"] = exact
            doc[f"{name}_f"] = folded
    for name in _KEYWORD_FIELDS:
        value = getattr(it, name)
        if value is not None:
            doc[name] = value
    doc["year"] = it.entry.year
    doc["day"] = it.day
    doc["group_h"] = it.group_hash
    if it.deadline is not None:
        doc["deadline"] = it.deadline
    if it.entry.closed is not None:
        doc["closed"] = it.entry.closed
    doc["restricted"] = bool(it.entry.restricted)
    doc["payload"] = it.payload
    return doc
