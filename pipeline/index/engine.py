"""The search index interface: what is indexed (Entry), what is asked (Query), what comes back
(Results), and the part every engine shares (index folder, version check, snippets).

An engine (tantivy_engine, whoosh_engine) only stores entries and runs a ``SearchPlan``: the query
already parsed by ``analysis``, its score tiers (``Tiers``) and the filters already normalised.
Snippets are made here, from the stored original text, for the page of hits shown only. So is the
grouping of hits by hồ sơ (``search_groups``): the engines give the ranked hits with each one's group
and count the hits of each group.

The index folder holds the engine's files and ``hoso-index.json`` (format, schema and analysis
versions, engine). Opening a folder whose versions differ, or whose files cannot be read, raises an
``IndexUnusable`` subclass: the caller rebuilds the index from the archive.
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
import hashlib
import importlib
import json
import os
import shutil
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from . import analysis
from .analysis import Piece, QueryError

# Bump when the fields or their meaning change; ANALYSIS_VERSION covers tokenisation.
# 2: the group (hồ sơ) of each entry. 3: pairs of neighbouring words (tantivy).
SCHEMA_VERSION = 3
META_FILE = "hoso-index.json"
FORMAT = "hoso-index"
DEFAULT_ENGINE = "tantivy"
ENGINES = {
    "tantivy": "pipeline.index.tantivy_engine:TantivyIndex",
    "whoosh": "pipeline.index.whoosh_engine:WhooshIndex",
}

LEVELS = ("buổi", "văn bản", "kiến nghị")

# Ranking: see Tiers. BM25_CAP is the smallest tier step, above the (scaled) BM25 part of a score.
BM25_CAP = 64.0
TITLE_BOOST = 2.0
MAX_PER_PAGE = 500
# A hit as an engine ranks it: its handle (for _payloads), its score (None by date), its group.
Row = tuple[Any, float | None, Hashable]
# How many groups the hits fall in, the hits of each group asked for, whether the first is exact.
GroupCounts = tuple[int, dict[Hashable, int], bool]
# A clause typed with diacritics and found only without them (the letters of "Phổ" in "Phó"):
# "below" ranks such a hit under every hit with the clause as typed; "absent" finds it only when no
# entry (under the same filters) has the clause as typed. Measured on bench/search_quality.py (75
# queries): recall@10 0.97 both; MRR of long queries 0.92 "below", 0.88 "absent" (a folded match still
# adds BM25 to a hit that has the other words), and on tests/test_search_retrieval.py recall 1.00 both.
# "below" also finds a word whose diacritics the archivist mistyped, so it is the default.
FOLDED_MATCHES = "below"
# Passages shown in a group, and hits read ahead to fill a page of groups.
PASSAGES = 3
GROUP_READ_AHEAD = 8


# --- errors --------------------------------------------------------------------------------------


class IndexUnusable(Exception):
    """The index folder cannot be searched as it is; rebuild it from the archive."""


class IndexMissing(IndexUnusable):
    """There is no index in the folder."""


class IndexOutdated(IndexUnusable):
    """The index was written by another version of hoso (schema, analysis) or another engine."""


class IndexDamaged(IndexUnusable):
    """The index files are unreadable or inconsistent."""


class NotAnIndex(Exception):
    """The folder given for the index holds other files: hoso never deletes or writes over them."""


class IndexBusy(Exception):
    """Another writer (another process) holds the index's write lock; try again later."""


# --- data ----------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One searchable thing: a session (buổi), a document (văn bản) or a petition (kiến nghị).

    ``personal`` (petitioner name, address) is searched and returned only for users allowed to see
    it (Query.include_personal). ``stored`` is returned with the hit as it was given (JSON values).
    """

    id: str
    level: str
    title: str
    text: str
    unit: str
    unit_name: str
    date: dt.date
    year: int
    field: str | None = None
    status: str | None = None
    deadline: dt.date | None = None
    closed: bool | None = None
    chair: str | None = None
    doc_type: str | None = None
    restricted: bool = False
    personal: str | None = None
    stored: dict[str, Any] = dataclasses.field(default_factory=dict)
    group: str = ""  # the hồ sơ (session id) the entry belongs to; "" = a group of its own

    def check(self) -> None:
        """Raise ValueError if the entry cannot be indexed (a bug in the caller, not user data)."""
        if not self.id:
            raise ValueError("Mục cần lập chỉ mục không có mã (id).")
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: cấp '{self.level}' không hợp lệ; chỉ nhận {', '.join(LEVELS)}.")
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise ValueError(f"{self.id}: ngày phải là datetime.date.")
        if self.deadline is not None and (
            not isinstance(self.deadline, dt.date) or isinstance(self.deadline, dt.datetime)
        ):
            raise ValueError(f"{self.id}: hạn giải quyết phải là datetime.date.")

    def to_payload(self) -> dict[str, Any]:
        """The entry as JSON values, stored in the index and read back by ``from_payload``."""
        data = dict(vars(self))  # shallow: ``stored`` is serialised as it is
        data["date"] = self.date.isoformat()
        data["deadline"] = self.deadline.isoformat() if self.deadline else None
        return data

    @property
    def group_key(self) -> str:
        return self.group or self.id

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Entry:
        data = dict(data)
        data["date"] = dt.date.fromisoformat(data["date"])
        data["deadline"] = dt.date.fromisoformat(data["deadline"]) if data["deadline"] else None
        return cls(**data)


@dataclass
class Query:
    """A search. Filters left as None (or empty) do not filter; set filters are ANDed together and
    each matches any of its values. Blank ``text`` lists the filtered entries, newest first."""

    text: str = ""
    units: Sequence[str] | None = None
    years: Sequence[int] | None = None
    date_from: dt.date | None = None  # inclusive
    date_to: dt.date | None = None  # inclusive
    levels: Sequence[str] | None = None
    fields: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    chair: str | None = None  # substring of the chair's name, accents and case ignored
    doc_types: Sequence[str] | None = None
    overdue_as_of: dt.date | None = None  # deadline before this day and closed is False
    include_restricted: bool = False
    include_personal: bool = False
    sort: str = "relevance"  # or "date" (newest first)
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    entry: Entry  # entry.personal is None unless the query included personal data
    score: float | None  # None when sorted by date
    title: list[Piece]  # the whole title, matches marked
    snippet: list[Piece]  # about 200 characters of the text around the best match
    personal: list[Piece] = field(default_factory=list)  # only with include_personal


@dataclass
class Results:
    total: int  # hits on all pages
    hits: list[Hit]
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class Group:
    """The hits of one hồ sơ: its best passages (best first) and how many more of its entries match."""

    key: str  # Entry.group_key
    hits: list[Hit]
    more: int
    score: float | None  # the best hit's; None when sorted by date

    @property
    def matches(self) -> int:
        return len(self.hits) + self.more


@dataclass
class GroupedResults:
    total: int  # hồ sơ matched, on all pages
    groups: list[Group]
    page: int
    per_page: int  # groups per page
    hits_total: int  # entries matched
    exact: bool = True  # False when ``total`` is an estimate (very many entries matched)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class Tiers:
    """How an engine scores a hit: a sum whose tiers order hits lexicographically, by

    1. how many clauses (query words) the hit has as typed: with their diacritics if typed with them
       (an accented word found only folded ranks below every hit that has it as typed); hits with
       every word come first, then the minimum-should-match fallback;
    2. how many pairs of words typed side by side it has side by side (folded): phrases above
       scattered words;
    3. BM25 of the folded words (so a word found only folded still counts here), title boosted,
       scaled by ``bm25`` (1 / clauses) to stay under one ``pair`` step (in practice: it is not
       bounded).

    Each tier's step exceeds the most the tiers below it can add, given the query's counts, so that
    both engines order alike without huge numbers (tantivy's scores are 32-bit floats).
    """

    pair: float
    typed: float
    bm25: float

    @classmethod
    def of(cls, query: analysis.ParsedQuery) -> Tiers:
        return cls(BM25_CAP, BM25_CAP * (len(query.pairs) + 1), 1.0 / max(1, len(query.clauses)))


def _keys(values: Sequence[str] | str | None) -> frozenset[str] | None:
    if isinstance(values, str):  # one value given bare: units="UBND-AK"
        values = [values]
    return frozenset(analysis.keyword(v) for v in values) if values else None


@dataclass(frozen=True)
class SearchPlan:
    """A Query made ready for an engine: parsed text, normalised filter values, day ordinals."""

    query: analysis.ParsedQuery
    search_fields: tuple[str, ...]  # "title", "text", and "personal" when allowed
    units: frozenset[str] | None
    levels: frozenset[str] | None
    fields: frozenset[str] | None
    statuses: frozenset[str] | None
    doc_types: frozenset[str] | None
    years: frozenset[int] | None
    day_from: int | None
    day_to: int | None
    chair: str | None  # analysis.loose form
    deadline_before: int | None
    include_restricted: bool
    by_date: bool
    offset: int
    limit: int
    tiers: Tiers = Tiers(BM25_CAP, BM25_CAP, 1.0)

    @classmethod
    def of(cls, q: Query) -> SearchPlan:
        if q.sort not in ("relevance", "date"):
            raise QueryError(f"Cách sắp xếp '{q.sort}' không hợp lệ; chỉ nhận relevance hoặc date.")
        if q.page < 1 or not 1 <= q.per_page <= MAX_PER_PAGE:
            raise QueryError(f"Trang phải từ 1 trở lên và mỗi trang từ 1 đến {MAX_PER_PAGE} kết quả.")
        parsed = analysis.parse_query(q.text)
        chair = analysis.loose(q.chair) if q.chair else None
        return cls(
            query=parsed,
            search_fields=("title", "text", "personal") if q.include_personal else ("title", "text"),
            units=_keys(q.units),
            levels=_keys(q.levels),
            fields=_keys(q.fields),
            statuses=_keys(q.statuses),
            doc_types=_keys(q.doc_types),
            years=frozenset([q.years] if isinstance(q.years, int) else q.years) if q.years else None,
            day_from=q.date_from.toordinal() if q.date_from else None,
            day_to=q.date_to.toordinal() if q.date_to else None,
            chair=chair or None,
            deadline_before=q.overdue_as_of.toordinal() if q.overdue_as_of else None,
            include_restricted=q.include_restricted,
            by_date=q.sort == "date" or parsed.empty,
            offset=(q.page - 1) * q.per_page,
            limit=q.per_page,
            tiers=Tiers.of(parsed),
        )

    def keyword_filters(self) -> list[tuple[str, frozenset[str]]]:
        """(indexed field, accepted values) for each set-of-values filter in use."""
        pairs = [
            ("unit", self.units),
            ("level", self.levels),
            ("field", self.fields),
            ("status", self.statuses),
            ("doc_type", self.doc_types),
        ]
        return [(name, values) for name, values in pairs if values]


_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":"))


@dataclass
class Indexed:
    """What an engine indexes for one entry: token streams and normalised filter values."""

    entry: Entry
    title: tuple[str, str]  # exact, folded streams
    text: tuple[str, str]
    personal: tuple[str, str]
    unit: str
    level: str
    field: str | None
    status: str | None
    doc_type: str | None
    chair: str | None
    day: int
    deadline: int | None
    payload: str  # JSON of the entry
    group: str  # Entry.group_key

    @property
    def group_hash(self) -> int:
        return group_hash(self.group)

    @classmethod
    def of(cls, e: Entry) -> Indexed:
        e.check()
        return cls(
            entry=e,
            title=analysis.streams(e.title),
            text=analysis.streams(e.text),
            personal=analysis.streams(e.personal) if e.personal else ("", ""),
            unit=analysis.keyword(e.unit),
            level=analysis.keyword(e.level),
            field=analysis.keyword(e.field) if e.field else None,
            status=analysis.keyword(e.status) if e.status else None,
            doc_type=analysis.keyword(e.doc_type) if e.doc_type else None,
            chair=analysis.loose(e.chair) if e.chair else None,
            day=e.date.toordinal(),
            deadline=e.deadline.toordinal() if e.deadline else None,
            payload=_JSON.encode(e.to_payload()),
            group=e.group_key,
        )


def group_hash(key: str) -> int:
    """A group key as a 48-bit number (exact in a double, as tantivy's aggregations return keys)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=6).digest(), "big")


# --- the engine interface ------------------------------------------------------------------------


class SearchIndex(abc.ABC):
    """An index folder opened with one engine. Writes are buffered until ``commit()``, which is
    atomic: a search (here or in another process) sees all of a commit or none of it."""

    engine_name: ClassVar[str]

    def __init__(self, path: Path) -> None:
        self.path = path

    # Opening and creating ---------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike, overwrite: bool = False) -> SearchIndex:
        """A new, empty index in ``path``. An existing index there is replaced only if ``overwrite``;
        a folder holding anything else is never emptied."""
        path = Path(path)
        if path.exists() and any(path.iterdir()):
            if not overwrite:
                raise FileExistsError(f"Thư mục {path} đã có dữ liệu; không tạo chỉ mục mới đè lên.")
            if not looks_like_index(path):
                raise FileExistsError(f"Thư mục {path} không phải thư mục chỉ mục; không xoá.")
            shutil.rmtree(path)
        path.mkdir(parents=True, exist_ok=True)
        self = cls(path)
        self._create_engine()
        _write_json(path / META_FILE, self._meta())
        return self

    @classmethod
    def open(cls, path: str | os.PathLike) -> SearchIndex:
        """The index in ``path``; raises an IndexUnusable subclass if it cannot be used as is."""
        path = Path(path)
        meta = read_meta(path)
        self = cls(path)
        if meta != self._meta():
            raise IndexOutdated(
                f"Chỉ mục {path} được lập bởi phiên bản khác ({_describe(meta)}), "
                f"cần {_describe(self._meta())}: hãy lập lại chỉ mục."
            )
        try:
            self._open_engine()
        except IndexUnusable:
            raise
        except Exception as exc:  # any engine failure on open means unreadable files
            raise IndexDamaged(f"Chỉ mục {path} bị hỏng ({exc}): hãy lập lại chỉ mục.") from exc
        return self

    def _meta(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "analysis_version": analysis.ANALYSIS_VERSION,
            "engine": self.engine_name,
        }

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.rollback()
        self.close()

    @abc.abstractmethod
    def _create_engine(self) -> None:
        """Create the engine's empty index files in ``self.path`` and get ready to write."""

    @abc.abstractmethod
    def _open_engine(self) -> None:
        """Open the engine's index files in ``self.path``; raise if they cannot be read."""

    # Writing ----------------------------------------------------------------------------------

    def add(self, entries: Iterable[Entry]) -> None:
        """Add entries, replacing any entry with the same id (visible after ``commit``)."""
        self._add(Indexed.of(e) for e in entries)

    @abc.abstractmethod
    def _add(self, items: Iterable[Indexed]) -> None: ...

    @abc.abstractmethod
    def delete(self, ids: Iterable[str]) -> None:
        """Remove the entries with these ids (visible after ``commit``); unknown ids are ignored."""

    @abc.abstractmethod
    def commit(self) -> None:
        """Make every add and delete since the last commit visible, all at once."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Forget every add and delete since the last commit."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release files and locks; uncommitted changes are lost."""

    # Reading ----------------------------------------------------------------------------------

    @abc.abstractmethod
    def count(self) -> int:
        """Entries in the last commit."""

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id in the last commit, or None (restricted or not: the caller decides)."""
        payload = self._get(entry_id)
        return Entry.from_payload(payload) if payload is not None else None

    @abc.abstractmethod
    def _get(self, entry_id: str) -> dict[str, Any] | None: ...

    @abc.abstractmethod
    def _ranked(self, plan: SearchPlan, limit: int, offset: int = 0) -> tuple[int, list[Row]]:
        """Run ``plan``: the total hit count and hits [offset, offset + limit) in rank order, each as
        (an engine's handle for ``_payloads``, its score or None when sorted by date, its group)."""

    @abc.abstractmethod
    def _payloads(self, handles: list[Any]) -> list[dict[str, Any]]:
        """The stored entries (JSON-decoded) of hits given by the last ``_ranked``."""

    def _count_groups(self, plan: SearchPlan) -> Any:
        """Start counting the groups of ``plan``'s hits while it is ranked (on another core, where the
        engine can), or return None; what is returned is given back to ``_groups``."""
        return None

    @abc.abstractmethod
    def _groups(
        self, plan: SearchPlan, keys: list[Hashable], hits: int, started: Any = None
    ) -> Callable[[], GroupCounts]:
        """For the last ``_ranked`` plan (``hits`` matched): how many groups its hits fall in, how many
        hits each group in ``keys`` has, and whether the first figure is exact (not an estimate), as a
        function giving them: an engine may go on counting while the hits are highlighted.
        ``started`` is what ``_count_groups`` returned for the plan."""

    @abc.abstractmethod
    def _has(self, plan: SearchPlan, clause: analysis.Clause) -> bool:
        """Whether some entry under ``plan``'s filters has ``clause`` as typed (with its diacritics)."""

    def _plan(self, query: Query) -> SearchPlan:
        plan = SearchPlan.of(query)
        if FOLDED_MATCHES == "absent" and any(c.accented for c in plan.query.clauses):
            # An accented clause matches only as typed when some entry has it so; otherwise it is
            # searched as if typed without diacritics.
            clauses = tuple(
                c
                if not c.accented
                else dataclasses.replace(c, exact_only=True)
                if self._has(plan, c)
                else dataclasses.replace(c, exact=c.folded)
                for c in plan.query.clauses
            )
            plan = dataclasses.replace(plan, query=dataclasses.replace(plan.query, clauses=clauses))
        return plan

    def _run(self, plan: SearchPlan, limit: int, offset: int = 0) -> tuple[int, list[Row]]:
        try:
            return self._ranked(plan, limit, offset)
        except (IndexUnusable, QueryError):
            raise
        except OSError as exc:  # files vanished or unreadable under a live index
            raise IndexDamaged(f"Không đọc được chỉ mục {self.path} ({exc}): hãy lập lại chỉ mục.") from exc

    def _hits(self, query: Query, plan: SearchPlan, rows: list[Row]) -> list[Hit]:
        """The hits of ``rows``, with their highlighted title and snippet."""
        hits = []
        parsed = analysis.parse_query(query.text)  # as typed (the plan's may be resolved: FOLDED_MATCHES)
        for payload, (_, score, _) in zip(self._payloads([r[0] for r in rows]), rows, strict=True):
            entry = Entry.from_payload(payload)
            personal: list[Piece] = []
            if query.include_personal and entry.personal:
                # names in full; a withheld document's text (a scan's OCR) as a snippet like any other text
                short = len(entry.personal) <= 2 * analysis.SNIPPET_CHARS
                personal = analysis.highlight(entry.personal, parsed, None if short else analysis.SNIPPET_CHARS)
            else:
                entry.personal = None
            # a word of the query side by side with its neighbour in the title or the text is not marked
            # alone in the other either: "giải phóng mặt bằng" in the title, not "giải" in "giải quyết"
            title, text = analysis.nfc(entry.title), analysis.nfc(entry.text)
            hits.append(
                Hit(
                    entry=entry,
                    score=score,
                    title=analysis.highlight(title, parsed, None, analysis.paired_words(text, parsed)),
                    snippet=analysis.highlight(text, parsed, paired=analysis.paired_words(title, parsed)),
                    personal=personal,
                )
            )
        return hits

    def search(self, query: Query) -> Results:
        """Hits for ``query``, one page, with highlighted title and snippet: every entry its own hit."""
        plan = self._plan(query)
        total, rows = self._run(plan, plan.limit, plan.offset)
        return Results(total=total, hits=self._hits(query, plan, rows), page=query.page, per_page=query.per_page)

    def personal_words(self, text: str) -> frozenset[str]:
        """The folded words of ``text`` that may name someone: each two words typed side by side (and
        each quoted phrase) that some entry's personal data holds (a petitioner's name, an address;
        restricted hồ sơ included) and no entry's public text does (an official's name is in the
        documents, a petitioner's is scrubbed from them). A list sent out prints them as "…"."""
        parsed = analysis.parse_query(text)
        found: set[str] = set()
        for run in (*parsed.pairs, *(c for c in parsed.clauses if len(c.folded) > 1)):
            plan = SearchPlan.of(Query(text=f'"{" ".join(run.exact)}"', include_restricted=True, per_page=1))
            personal = self._run(dataclasses.replace(plan, search_fields=("personal",)), 1)[0]
            if personal and not self._run(plan, 1)[0]:
                found.update(run.folded)
        return frozenset(found)

    def search_groups(self, query: Query, passages: int = PASSAGES) -> GroupedResults:
        """Hits for ``query`` grouped by hồ sơ (Entry.group), one page of groups: each group ranked by
        its best hit, with its best ``passages`` hits and the count of its other hits."""
        plan = self._plan(query)
        need = plan.offset + plan.limit
        ahead = max(100, need * GROUP_READ_AHEAD)
        started = self._count_groups(plan)
        while True:
            total, rows = self._run(plan, ahead)
            order: dict[Hashable, list[Row]] = {}
            for row in rows:
                order.setdefault(row[2], []).append(row)
            if len(order) >= need or len(rows) >= total:
                break
            ahead *= 4
        page = list(order.items())[plan.offset : need]
        keys = [key for key, _ in page]
        counting = self._groups(plan, keys, total, started) if total else lambda: (0, {}, True)
        shown = [rows_[:passages] for _, rows_ in page]
        hits = iter(self._hits(query, plan, [r for rows_ in shown for r in rows_]))
        groups_total, counts, exact = counting()
        groups = []
        for (key, _), rows_ in zip(page, shown, strict=True):
            these = [next(hits) for _ in rows_]
            groups.append(
                Group(
                    key=these[0].entry.group_key,
                    hits=these,
                    more=max(0, counts.get(key, len(rows_)) - len(rows_)),
                    score=rows_[0][1],
                )
            )
        return GroupedResults(
            total=groups_total,
            groups=groups,
            page=query.page,
            per_page=query.per_page,
            hits_total=total,
            exact=exact,
        )


# --- the index folder ----------------------------------------------------------------------------


def read_meta(path: Path) -> dict[str, Any]:
    """The index folder's ``hoso-index.json``; IndexMissing or IndexDamaged if it is not usable."""
    meta_path = path / META_FILE
    if not meta_path.is_file():
        if path.is_dir() and any(path.iterdir()):
            raise IndexDamaged(f"Thư mục {path} không có tệp {META_FILE}: không phải chỉ mục của hoso hoặc đã hỏng.")
        raise IndexMissing(f"Chưa có chỉ mục trong {path}: hãy lập chỉ mục.")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexDamaged(f"Không đọc được {meta_path} ({exc}): hãy lập lại chỉ mục.") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise IndexDamaged(f"{meta_path} không phải tệp mô tả chỉ mục của hoso: hãy lập lại chỉ mục.")
    return meta


def _describe(meta: dict[str, Any]) -> str:
    return ", ".join(f"{k} {meta.get(k)}" for k in ("engine", "schema_version", "analysis_version"))


def looks_like_index(path: Path) -> bool:
    """True if ``path`` holds an index of ours or an engine's files (safe to delete on overwrite)."""
    names = {p.name for p in path.iterdir()}
    return META_FILE in names or "meta.json" in names or any(n.endswith(".toc") for n in names)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of it."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def engine_class(name: str) -> type[SearchIndex]:
    """The SearchIndex class of engine ``name`` (imported on demand: Whoosh is slow to import)."""
    if name not in ENGINES:
        raise ValueError(f"Không có bộ máy tìm kiếm '{name}'; chỉ có: {', '.join(ENGINES)}.")
    module, cls = ENGINES[name].split(":")
    return getattr(importlib.import_module(module), cls)


def create_index(path: str | os.PathLike, engine: str = DEFAULT_ENGINE, overwrite: bool = False) -> SearchIndex:
    """A new, empty index in ``path`` with ``engine`` ("tantivy" or "whoosh")."""
    return engine_class(engine).create(path, overwrite=overwrite)


def open_index(path: str | os.PathLike, engine: str | None = None) -> SearchIndex:
    """The existing index in ``path``, with the engine that wrote it (or ``engine``, which must
    match). Raises an IndexUnusable subclass when it must be rebuilt."""
    meta = read_meta(Path(path))
    name = engine or meta.get("engine")
    if name not in ENGINES:
        raise IndexOutdated(f"Chỉ mục {path} dùng bộ máy '{name}' không còn hỗ trợ: hãy lập lại chỉ mục.")
    return engine_class(name).open(path)
