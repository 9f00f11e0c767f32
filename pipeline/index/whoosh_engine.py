"""The second engine: Whoosh (pure Python, the whoosh-reloaded package).

Slower than tantivy by two orders of magnitude on large archives (see bench/search.py), but it
needs no compiled code. It receives the same token streams as tantivy and splits them on spaces
only, so both engines index identical tokens; filters use the same normalised values.

Whoosh's writer cannot delete a document it has not committed yet, so additions and deletions are
buffered here (last one per id wins) and written by ``commit()`` in one Whoosh transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import whoosh.index
from whoosh import fields
from whoosh import query as wq
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.index import LockError

from .analysis import Clause
from .engine import EXACT_TIER, PHRASE_TIER, TITLE_BOOST, IndexBusy, IndexDamaged, Indexed, SearchIndex, SearchPlan

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

    def _execute(self, plan: SearchPlan) -> tuple[int, list[tuple[dict[str, Any], float | None]]]:
        if plan.query.empty:
            q: wq.Query = wq.Every()
        else:
            q = wq.And([self._clause(c, plan.search_fields) for c in plan.query.clauses])
            if plan.query.proximity:
                together = [
                    wq.ConstantScoreQuery(
                        wq.Or([self._match(f"{n}_f", c.folded) for n in plan.search_fields]), PHRASE_TIER
                    )
                    for c in plan.query.proximity
                ]
                q = wq.AndMaybe(q, wq.Or(together))
        filters = self._filters(plan)
        searcher = self._get_searcher()
        results = searcher.search(
            q,
            limit=plan.offset + plan.limit,
            filter=wq.And(filters) if filters else None,
            sortedby="day" if plan.by_date else None,
            reverse=plan.by_date,
        )
        rows = [
            (json.loads(hit["payload"]), None if plan.by_date else hit.score)
            for hit in results[plan.offset : plan.offset + plan.limit]
        ]
        return len(results), rows

    @staticmethod
    def _match(field: str, words: tuple[str, ...], boost: float = 1.0) -> wq.Query:
        if len(words) == 1:
            return wq.Term(field, words[0], boost=boost)
        return wq.Phrase(field, list(words), boost=boost)

    def _clause(self, clause: Clause, fields_: tuple[str, ...]) -> wq.Query:
        """As in tantivy_engine: folded BM25 match anywhere, plus EXACT_TIER for accented matches."""
        parts = [self._match(f"{n}_f", clause.folded, TITLE_BOOST if n == "title" else 1.0) for n in fields_]
        if clause.accented:
            exact = wq.Or([self._match(f"{n}_x", clause.exact) for n in fields_])
            parts.append(wq.ConstantScoreQuery(exact, EXACT_TIER))
        return wq.Or(parts)

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
    if it.deadline is not None:
        doc["deadline"] = it.deadline
    if it.entry.closed is not None:
        doc["closed"] = it.entry.closed
    doc["restricted"] = bool(it.entry.restricted)
    doc["payload"] = it.payload
    return doc
