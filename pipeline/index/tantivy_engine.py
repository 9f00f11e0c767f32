"""The default engine: tantivy (Rust, through tantivy-py).

Text fields receive the token streams made by ``analysis`` and are split on spaces only
(tantivy's "whitespace" tokenizer), so tantivy adds no analysis of its own. Filter values are
"raw" fields (one term per value); dates are day ordinals in integer fields, the entry's day a
fast field for sorting. The whole entry is stored once, as JSON bytes, for the hits shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import tantivy
from tantivy import FieldType, Occur, Order, Query

from .analysis import Clause
from .engine import EXACT_TIER, PHRASE_TIER, TITLE_BOOST, IndexBusy, IndexDamaged, Indexed, SearchIndex, SearchPlan

# The writer's memory budget, shared by its threads (tantivy wants at least 15 MB per thread).
# More memory means fewer, larger segments while indexing, so fewer merges.
WRITER_HEAP = 256_000_000
# One indexing thread keeps up with the Python analysis feeding it (measured on this project's
# 2-core machines: about 12,000 entries/s for the thread alone, 8,000 for the analysis) and leaves
# the other core to that analysis.
WRITER_THREADS = 1

_TEXT_FIELDS = ("title", "text", "personal")
_KEYWORD_FIELDS = ("unit", "level", "field", "status", "doc_type", "chair")


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", tokenizer_name="raw", index_option="basic")
    for name in _TEXT_FIELDS:
        # _x: exact stream, _f: folded stream; positions for phrase queries.
        sb.add_text_field(f"{name}_x", tokenizer_name="whitespace", index_option="position")
        sb.add_text_field(f"{name}_f", tokenizer_name="whitespace", index_option="position")
    for name in _KEYWORD_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", indexed=True)
    sb.add_integer_field("day", indexed=True, fast=True)  # fast: sort by date
    sb.add_integer_field("deadline", indexed=True)
    sb.add_boolean_field("closed", indexed=True)
    sb.add_boolean_field("restricted", indexed=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


class TantivyIndex(SearchIndex):
    engine_name = "tantivy"

    def _create_engine(self) -> None:
        self._schema = _schema()
        self._ix = tantivy.Index(self._schema, path=str(self.path), reuse=False)
        self._writer: tantivy.IndexWriter | None = None

    def _open_engine(self) -> None:
        self._ix = tantivy.Index.open(str(self.path))
        self._schema = self._ix.schema
        self._writer = None
        # Touch what a search needs, so unreadable segments or a foreign schema fail here.
        searcher = self._ix.searcher()
        searcher.search(self._filter(Query.term_query(self._schema, "id", "")), 1)

    # Writing ----------------------------------------------------------------------------------

    def _get_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                self._writer = self._ix.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
            except ValueError as exc:  # tantivy's lock file: another writer is open
                raise IndexBusy(f"Chỉ mục {self.path} đang được cập nhật ở nơi khác; hãy thử lại sau.") from exc
            # A writer killed during its commit leaves files the last commit does not know (a segment's
            # .del file); the next commit would try to create the same name and fail. Remove them first.
            self._writer.garbage_collect_files()
        return self._writer

    def _add(self, items: Iterable[Indexed]) -> None:
        writer = self._get_writer()
        for it in items:
            doc = tantivy.Document()
            doc.add_text("id", it.entry.id)
            for name, (exact, folded) in zip(_TEXT_FIELDS, (it.title, it.text, it.personal), strict=True):
                if exact:
                    doc.add_text(f"{name}_x", exact)
                    doc.add_text(f"{name}_f", folded)
            for name in _KEYWORD_FIELDS:
                value = getattr(it, name)
                if value is not None:
                    doc.add_text(name, value)
            doc.add_integer("year", it.entry.year)
            doc.add_integer("day", it.day)
            if it.deadline is not None:
                doc.add_integer("deadline", it.deadline)
            if it.entry.closed is not None:
                doc.add_boolean("closed", it.entry.closed)
            doc.add_boolean("restricted", bool(it.entry.restricted))
            doc.add_bytes("payload", it.payload.encode())
            # Operations apply in order (opstamps): this delete removes the older version, even
            # one added earlier in the same batch, and never the document added next.
            writer.delete_documents_by_term("id", it.entry.id)
            writer.add_document(doc)

    def delete(self, ids: Iterable[str]) -> None:
        writer = self._get_writer()
        for id_ in ids:
            writer.delete_documents_by_term("id", id_)

    def commit(self) -> None:
        if self._writer is not None:
            try:
                self._writer.commit()  # atomic: meta.json is replaced in one step
            except ValueError as exc:  # tantivy could not write its files
                raise IndexDamaged(f"Không ghi được chỉ mục {self.path} ({exc}): hãy lập lại chỉ mục.") from exc
            self._ix.reload()

    def rollback(self) -> None:
        if self._writer is not None:
            self._writer.rollback()

    def close(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            try:
                writer.rollback()
            finally:
                writer.wait_merging_threads()  # finishes merges, releases the lock

    # Reading ----------------------------------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher:
        # Another process may have committed: reload picks up the newest commit (cheap when none).
        self._ix.reload()
        return self._ix.searcher()

    def count(self) -> int:
        return self._searcher().num_docs

    def _get(self, entry_id: str) -> dict[str, Any] | None:
        searcher = self._searcher()
        result = searcher.search(Query.term_query(self._schema, "id", entry_id), 1)
        return self._payload(searcher, result.hits[0][1]) if result.hits else None

    def _payload(self, searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict[str, Any]:
        """The stored entry of the document at ``address``, JSON-decoded."""
        payload = searcher.doc(address).get_first("payload")
        if payload is None:  # every document hoso writes has one
            raise IndexDamaged(f"Chỉ mục {self.path} có tài liệu thiếu dữ liệu: hãy lập lại chỉ mục.")
        return json.loads(payload)

    def _execute(self, plan: SearchPlan) -> tuple[int, list[tuple[dict[str, Any], float | None]]]:
        text = (
            Query.boolean_query(
                [(Occur.Must, self._clause(c, plan.search_fields)) for c in plan.query.clauses]
                + [(Occur.Should, self._together(c, plan.search_fields)) for c in plan.query.proximity]
            )
            if not plan.query.empty
            else Query.all_query()
        )
        query = Query.boolean_query([(Occur.Must, text)] + [(Occur.Must, f) for f in self._filters(plan)])
        searcher = self._searcher()
        if plan.by_date:
            result = searcher.search(
                query, plan.limit, count=True, order_by_field="day", offset=plan.offset, order=Order.Desc
            )
        else:
            result = searcher.search(query, plan.limit, count=True, offset=plan.offset)
        rows = [(self._payload(searcher, address), None if plan.by_date else score) for score, address in result.hits]
        # tantivy's stub omits SearchResult.count: an int here (it is None only without count=True).
        total: int | None = result.count  # type: ignore[attr-defined]
        assert total is not None
        return total, rows

    def _match(self, field: str, words: tuple[str, ...]) -> Query:
        if len(words) == 1:
            return Query.term_query(self._schema, field, words[0])
        return Query.phrase_query(self._schema, field, list(words))

    def _clause(self, clause: Clause, fields: tuple[str, ...]) -> Query:
        """Folded match in any field, BM25-scored (title boosted); plus EXACT_TIER if the clause
        was typed with diacritics and the entry has them."""
        parts = []
        for name in fields:
            q = self._match(f"{name}_f", clause.folded)
            parts.append((Occur.Should, Query.boost_query(q, TITLE_BOOST) if name == "title" else q))
        if clause.accented:
            exact = Query.boolean_query([(Occur.Should, self._match(f"{n}_x", clause.exact)) for n in fields])
            parts.append((Occur.Should, Query.const_score_query(exact, EXACT_TIER)))
        return Query.boolean_query(parts)

    def _together(self, phrase: Clause, fields: tuple[str, ...]) -> Query:
        """PHRASE_TIER when the words of a run are found side by side (folded), in any field."""
        together = Query.boolean_query([(Occur.Should, self._match(f"{n}_f", phrase.folded)) for n in fields])
        return Query.const_score_query(together, PHRASE_TIER)

    def _filter(self, q: Query) -> Query:
        """A filter adds nothing to the score."""
        return Query.const_score_query(q, 0.0)

    def _filters(self, plan: SearchPlan) -> list[Query]:
        s = self._schema
        out = []
        for name, values in plan.keyword_filters():
            out.append(Query.term_set_query(s, name, sorted(values)))
        if plan.years:
            out.append(Query.term_set_query(s, "year", sorted(plan.years)))
        if plan.day_from is not None or plan.day_to is not None:
            out.append(Query.range_query(s, "day", FieldType.Integer, plan.day_from, plan.day_to))
        if plan.chair:
            # Only letters, digits and single spaces remain in a loose() value: no regex syntax.
            out.append(Query.regex_query(s, "chair", f".*{plan.chair}.*"))
        if plan.deadline_before is not None:
            out.append(
                Query.range_query(s, "deadline", FieldType.Integer, None, plan.deadline_before, include_upper=False)
            )
            out.append(Query.term_query(s, "closed", False))
        if not plan.include_restricted:
            out.append(Query.term_query(s, "restricted", False))
        return [self._filter(q) for q in out]
