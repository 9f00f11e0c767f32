"""The default engine: tantivy (Rust, through tantivy-py).

Text fields receive the token streams made by ``analysis`` and are split on spaces only
(tantivy's "whitespace" tokenizer), so tantivy adds no analysis of its own. Filter values are
"raw" fields (one term per value); dates are day ordinals in integer fields, the entry's day a
fast field for sorting, its group (hồ sơ) a hashed fast field for grouping. The whole entry is stored
once, as JSON bytes, for the hits shown.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import tantivy
from tantivy import FieldType, Occur, Order, Query

from .analysis import BOUNDARY, Clause
from .engine import TITLE_BOOST, GroupCounts, IndexBusy, IndexDamaged, Indexed, Row, SearchIndex, SearchPlan, Tiers

# The writer's memory budget, shared by its threads (tantivy wants at least 15 MB per thread).
# More memory means fewer, larger segments while indexing, so fewer merges.
WRITER_HEAP = 256_000_000
# One indexing thread keeps up with the Python analysis feeding it (measured on this project's
# 2-core machines: about 12,000 entries/s for the thread alone, 8,000 for the analysis) and leaves
# the other core to that analysis.
WRITER_THREADS = 1
# Up to this many hồ sơ, the hits are counted in each exactly (a terms aggregation: one bucket per hồ
# sơ, each turned into a Python object: 2,000 buckets cost ~5 ms); above it, their number is estimated
# (HyperLogLog) and shown as "khoảng", and the hồ sơ shown are counted by a second, narrow pass.
EXACT_GROUPS = 500
_GROUPS_AGGREGATION = {
    "n": {"cardinality": {"field": "group_h"}},
    "g": {"terms": {"field": "group_h", "size": EXACT_GROUPS}},
}
# Counting passes run here, beside the ranking pass of the same search (see _count_groups).
_COUNTING = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="hoso-count")

_TEXT_FIELDS = ("title", "text", "personal")
_KEYWORD_FIELDS = ("unit", "level", "field", "status", "doc_type", "chair")


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", tokenizer_name="raw", index_option="basic")
    for name in _TEXT_FIELDS:
        # _x: exact stream, _f: folded stream; positions for phrase queries.
        sb.add_text_field(f"{name}_x", tokenizer_name="whitespace", index_option="position")
        sb.add_text_field(f"{name}_f", tokenizer_name="whitespace", index_option="position")
    # Each two neighbouring tokens of the folded title and text as one term ("dat_dai") at the first
    # one's position: a phrase of the folded stream is found as the term of its pair, or the phrase of
    # its pairs, whose postings hold just the entries where the words stand side by side, instead of
    # intersecting the long postings of common syllables and reading their positions (as
    # Elasticsearch's index_phrases). Measured at 110k entries: phrase p95 24 -> 13 ms, long query
    # 55 -> 26 ms (with the other changes of that commit); index 131 -> 189 MB, indexing 11% slower.
    # Without positions (3-word phrases checked in the text): 168 MB, but phrase p95 back to 20 ms.
    sb.add_text_field("pairs_f", tokenizer_name="whitespace", index_option="position")
    for name in _KEYWORD_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", indexed=True)
    sb.add_integer_field("day", indexed=True, fast=True)  # fast: sort by date
    sb.add_integer_field("group_h", indexed=True, fast=True)  # fast: group hits by hồ sơ
    sb.add_integer_field("deadline", indexed=True)
    sb.add_boolean_field("closed", indexed=True)
    sb.add_boolean_field("restricted", indexed=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


def _pairs(stream: str) -> str:
    """The pairs stream of a token stream: "dat dai | nuoc" -> "dat_dai dai_| |_nuoc" (a pair with the
    boundary token matches no query, and keeps the positions of the pairs after it)."""
    tokens = stream.split()
    return " ".join(map("_".join, zip(tokens, tokens[1:], strict=False)))


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
            doc.add_text("pairs_f", _pairs(f"{it.title[1]} {BOUNDARY} {it.text[1]}"))
            for name in _KEYWORD_FIELDS:
                value = getattr(it, name)
                if value is not None:
                    doc.add_text(name, value)
            doc.add_integer("year", it.entry.year)
            doc.add_integer("day", it.day)
            doc.add_integer("group_h", it.group_hash)
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

    def _query(self, plan: SearchPlan) -> Query:
        """The engine query of ``plan``: the text's clauses scored by ``plan.tiers`` (see Tiers), the
        required ones required; of the others, ``minimum`` as typed (a single one: at all, diacritics
        ignored); pairs found side by side add to the score."""
        if plan.query.empty:
            text = Query.all_query()
        else:
            fields, tiers, optional = plan.search_fields, plan.tiers, plan.query.optional
            parts = [(Occur.Must, self._clause(c, fields, tiers)) for c in plan.query.clauses if c.required]
            if len(optional) == 1:
                parts.append((Occur.Must, self._clause(optional[0], fields, tiers)))
            elif optional:
                typed = [(Occur.Should, Query.const_score_query(self._typed(c, fields), tiers.typed)) for c in optional]
                parts.append((Occur.Must, Query.boolean_query(typed, plan.query.minimum)))
                parts += [(Occur.Should, self._bm25(c, fields, tiers)) for c in optional]
            parts += [(Occur.Should, self._pair(p, fields, tiers)) for p in plan.query.pairs]
            text = Query.boolean_query(parts)
        return Query.boolean_query([(Occur.Must, text)] + [(Occur.Must, f) for f in self._filters(plan)])

    def _matching(self, plan: SearchPlan, within: Query | None = None) -> Query:
        """The entries ``_query`` finds, without what only scores them (BM25, tiers, pairs): cheaper to
        run again for counting the hồ sơ they fall in. ``within`` (a filter) is put inside each clause."""

        def inside(q: Query) -> Query:
            return q if within is None else Query.boolean_query([(Occur.Must, within), (Occur.Must, q)])

        if plan.query.empty:
            text = inside(Query.all_query())
        else:
            fields, optional = plan.search_fields, plan.query.optional
            parts = [(Occur.Must, inside(self._found(c, fields))) for c in plan.query.clauses if c.required]
            if len(optional) == 1:
                parts.append((Occur.Must, inside(self._found(optional[0], fields))))
            elif optional:
                typed = [(Occur.Should, inside(self._typed(c, fields))) for c in optional]
                parts.append((Occur.Must, Query.boolean_query(typed, plan.query.minimum)))
            text = Query.boolean_query(parts)
        return Query.boolean_query([(Occur.Must, text)] + [(Occur.Must, f) for f in self._filters(plan)])

    def _ranked(self, plan: SearchPlan, limit: int, offset: int = 0) -> tuple[int, list[Row]]:
        query = self._query(plan)
        searcher = self._searcher()
        if plan.by_date:
            result = searcher.search(query, limit, count=True, order_by_field="day", offset=offset, order=Order.Desc)
        else:
            result = searcher.search(query, limit, count=True, offset=offset)
        addresses = [address for _, address in result.hits]
        groups = searcher.fast_field_values("group_h", addresses) if addresses else []
        rows: list[Row] = [
            (address, None if plan.by_date else score, group)
            for (score, address), group in zip(result.hits, groups, strict=True)
        ]
        self._last = (searcher, query)
        # tantivy's stub omits SearchResult.count: an int here (it is None only without count=True).
        total: int | None = result.count  # type: ignore[attr-defined]
        assert total is not None
        return total, rows

    def _payloads(self, handles: list[Any]) -> list[dict[str, Any]]:
        searcher = self._last[0]
        return [self._payload(searcher, address) for address in handles]

    def _count_groups(self, plan: SearchPlan) -> Future[dict[str, Any]]:
        # tantivy releases the GIL while it searches: this pass over every hit runs on the other core
        # while the hits are ranked (a long query at 110k entries: 15 -> 9 ms for the two).
        return _COUNTING.submit(self._searcher().aggregate, self._matching(plan), _GROUPS_AGGREGATION)

    def _groups(
        self, plan: SearchPlan, keys: list[Hashable], hits: int, started: Any = None
    ) -> Callable[[], GroupCounts]:
        if started is None:
            started = self._count_groups(plan)
        found = started.result()
        counts: dict[Hashable, int] = {int(b["key"]): int(b["doc_count"]) for b in found["g"]["buckets"]}
        if len(counts) < EXACT_GROUPS:  # every hồ sơ is in the buckets
            exact: GroupCounts = (len(counts), {k: counts.get(k, 0) for k in keys}, True)
            return lambda: exact
        # Very many hồ sơ: their number estimated; those shown counted (where they are not in the
        # buckets) on the other core while the hits are highlighted.
        estimate = max(round(found["n"]["value"]), len(keys))
        missing = [k for k in keys if k not in counts]
        within = _COUNTING.submit(self._count_within, plan, missing) if missing else None

        def counted() -> GroupCounts:
            if within is not None:
                counts.update(within.result())
            return estimate, {k: counts.get(k, 0) for k in keys}, False

        return counted

    def _count_within(self, plan: SearchPlan, keys: list[Hashable]) -> dict[Hashable, int]:
        """The hits of ``plan`` in each group of ``keys``; the groups' filter is put inside every clause,
        so that their short postings lead each one."""
        these = self._filter(Query.term_set_query(self._schema, "group_h", sorted(int(k) for k in keys)))  # type: ignore[call-overload]
        spec = {"g": {"terms": {"field": "group_h", "size": len(keys)}}}
        found = self._last[0].aggregate(self._matching(plan, within=these), spec)
        return {int(b["key"]): int(b["doc_count"]) for b in found["g"]["buckets"]}

    def _has(self, plan: SearchPlan, clause: Clause) -> bool:
        exact = Query.boolean_query([(Occur.Should, self._match(f"{n}_x", clause.exact)) for n in plan.search_fields])
        query = Query.boolean_query([(Occur.Must, exact)] + [(Occur.Must, f) for f in self._filters(plan)])
        return bool(self._searcher().search(query, 1, count=False).hits)

    def _match(self, field: str, words: tuple[str, ...], slop: int = 0) -> Query:
        if len(words) == 1:
            return Query.term_query(self._schema, field, words[0])
        return Query.phrase_query(self._schema, field, list(words), slop)

    def _side_by_side(self, words: tuple[str, ...], fields: tuple[str, ...]) -> Query:
        """Folded ``words`` (two or more) side by side in any of ``fields``: through their pairs for the
        title and text (one term for two words, a phrase of pairs for more), a phrase in the rest."""
        pairs = tuple("_".join(p) for p in zip(words, words[1:], strict=False))
        found = [self._match("pairs_f", pairs)] if {"title", "text"} & set(fields) else []
        return self._any(found + [self._match(f"{n}_f", words) for n in fields if n not in ("title", "text")])

    def _in(self, clause: Clause, exact: bool, fields: tuple[str, ...]) -> Query:
        """The clause's exact or folded words, as a phrase if several, in any of ``fields``."""
        words = clause.exact if exact else clause.folded
        if len(words) == 1:
            return self._any([self._match(f"{n}_{'x' if exact else 'f'}", words) for n in fields])
        folded = self._side_by_side(clause.folded, fields)
        if not exact:
            return folded
        # The exact phrase only where its folded pairs are: the pairs' short postings lead the search.
        phrase = self._any([self._match(f"{n}_x", words) for n in fields])
        return Query.boolean_query([(Occur.Must, self._filter(folded)), (Occur.Must, phrase)])

    def _any(self, queries: list[Query]) -> Query:
        return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Should, q) for q in queries])

    def _typed(self, clause: Clause, fields: tuple[str, ...]) -> Query:
        """The clause as typed, in any field: with its diacritics if typed with them."""
        return self._in(clause, clause.accented or clause.exact_only, fields)

    def _found(self, clause: Clause, fields: tuple[str, ...]) -> Query:
        """The clause at all, in any field: without diacritics, and its close variant (a number)."""
        if not clause.wider:
            return self._typed(clause, fields)
        found = [self._in(clause, False, fields)]
        if clause.variant:
            (first, last), slop = clause.variant
            found += [self._match(f"{n}_f", (first, last), slop) for n in fields]
        return self._any(found)

    def _bm25(self, clause: Clause, fields: tuple[str, ...], tiers: Tiers) -> Query:
        """BM25 of the clause in any field (title boosted), folded unless exact_only, scaled. A folded
        phrase scores through its pairs, the title's and the text's together."""
        stream, words = ("x", clause.exact) if clause.exact_only else ("f", clause.folded)
        if stream == "f" and len(words) > 1:
            return Query.boost_query(self._side_by_side(words, fields), tiers.bm25)
        bm25 = self._any(
            [
                Query.boost_query(q, TITLE_BOOST) if n == "title" else q
                for n in fields
                for q in [self._match(f"{n}_{stream}", words)]
            ]
        )
        return Query.boost_query(bm25, tiers.bm25)

    def _clause(self, clause: Clause, fields: tuple[str, ...], tiers: Tiers) -> Query:
        """A clause that must be found (diacritics ignored; its close variant too, for a document
        number): ``tiers.typed`` if found as typed, plus its BM25."""
        typed = Query.const_score_query(self._typed(clause, fields), tiers.typed)
        bm25 = self._bm25(clause, fields, tiers)
        if not clause.wider:
            return Query.boolean_query([(Occur.Must, typed), (Occur.Should, bm25)])
        found = self._filter(self._found(clause, fields))
        return Query.boolean_query([(Occur.Must, found), (Occur.Should, typed), (Occur.Should, bm25)])

    def _pair(self, pair: Clause, fields: tuple[str, ...], tiers: Tiers) -> Query:
        """``tiers.pair`` when two words typed side by side are found side by side (folded), in any field."""
        return Query.const_score_query(self._side_by_side(pair.folded, fields), tiers.pair)

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
