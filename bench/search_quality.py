"""Search quality: recall@10 and MRR of each engine on the evaluation set (bench/search-queries.yaml).

    .venv/bin/python bench/search_quality.py [--engines tantivy,whoosh] [--cache DIR] [--queries FILE]
    .venv/bin/python bench/search_quality.py --quick --archive PATH [--queries FILE]

Seals the corpus bench/search-corpus (hoso's own records: 5 units, 31 sessions) into a cache folder,
reused while the records do not change (the key is a digest of every corpus file; default cache
~/.cache/hoso-bench, or --cache), builds an index with each engine from the sealed archive, runs every
query as a public clerk would (no personal data, no restricted hồ sơ), maps each hit to its hồ sơ
(session) and takes the first 10 distinct hồ sơ in result order. Prints, per engine, recall@10 and
mean reciprocal rank overall and per kind of query, every query that misses, and the time taken.

``--archive PATH`` evaluates an archive already sealed (the demo's, in a test) instead of sealing the
corpus; queries whose expected hồ sơ are not all in that archive are left out (and counted).
``--quick`` skips the corpus altogether (it needs --archive) and runs the default engine only unless
--engines is given.

A test can import ``load_queries`` and ``evaluate``:

    queries = load_queries(Path("bench/search-queries.yaml"))
    figures = evaluate(index_dir, queries, "tantivy")   # figures.recall, figures.mrr, figures.by_kind
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.index import ENGINES, catalog, open_index  # noqa: E402
from pipeline.index.engine import MAX_PER_PAGE  # noqa: E402
from pipeline.index.filters import Filters, to_query  # noqa: E402

CORPUS = REPO / "bench" / "search-corpus"
QUERIES = REPO / "bench" / "search-queries.yaml"
DEFAULT_CACHE = Path.home() / ".cache" / "hoso-bench"
AS_OF = dt.date(2026, 12, 1)  # statuses as of this day: the figures do not change with the calendar
TOP = 10
KINDS = (
    "tu-khoa-ngan",
    "cau-dai",
    "ten-nguoi",
    "ten-nguoi-khong-dau",
    "so-ky-hieu",
    "dia-danh",
    "linh-vuc-nam",
    "khong-dau",
)


# --- queries ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchQuery:
    """One query of the evaluation set and the hồ sơ (session ids) an archivist expects from it."""

    id: str
    text: str
    kind: str
    expected: tuple[str, ...]
    units: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()
    note: str = ""


def _many(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def load_queries(path: Path | str = QUERIES) -> list[BenchQuery]:
    """The queries of ``path`` (bench/search-queries.yaml format); ValueError naming the first bad one."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rows = data.get("queries") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ValueError(f"{path}: expected a list of queries under 'queries'")
    out: list[BenchQuery] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, 1):
        qid = str(row.get("id") or f"q{i:02d}")
        filters = row.get("filters") or {}
        query = BenchQuery(
            id=qid,
            text=str(row.get("text") or ""),
            kind=str(row.get("kind") or ""),
            expected=tuple(str(x) for x in _many(row.get("expected"))),
            units=tuple(str(x) for x in _many(filters.get("unit"))),
            years=tuple(int(x) for x in _many(filters.get("year"))),
            fields=tuple(str(x) for x in _many(filters.get("field"))),
            note=str(row.get("note") or ""),
        )
        if query.kind not in KINDS:
            raise ValueError(f"{path}: query {qid}: kind '{query.kind}' is not one of {', '.join(KINDS)}")
        if not query.expected:
            raise ValueError(f"{path}: query {qid}: no expected hồ sơ")
        if not query.text and not (query.units or query.years or query.fields):
            raise ValueError(f"{path}: query {qid}: neither text nor filters")
        if qid in seen:
            raise ValueError(f"{path}: query id {qid} used twice")
        seen.add(qid)
        out.append(query)
    return out


# --- hits to hồ sơ ---------------------------------------------------------------------------------


def _session_of_entry(entry: Any) -> str | None:
    stored = getattr(entry, "stored", None) or {}
    if stored.get("session"):
        return str(stored["session"])
    entry_id = str(getattr(entry, "id", "") or "")
    if getattr(entry, "level", None) == "buổi":
        return entry_id or None
    if "/" in entry_id:  # a document: "<session>/<ordinal>"
        return entry_id.split("/", 1)[0]
    return None


def session_of(item: Any) -> str | None:
    """The session (hồ sơ) id of a hit, or of a group of hits when ``Results`` groups them by hồ sơ."""
    for name in ("session_id", "session"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value:
            return value
    entry = getattr(item, "entry", None)
    if entry is not None:
        found = _session_of_entry(entry)
        if found:
            return found
    for name in ("hits", "passages", "best"):
        inner = getattr(item, name, None)
        if inner is None:
            continue
        for sub in inner if isinstance(inner, (list, tuple)) else [inner]:
            found = session_of(sub)
            if found:
                return found
    stored = getattr(item, "stored", None)
    if isinstance(stored, dict) and stored.get("session"):
        return str(stored["session"])
    return None


def ranked_hoso(results: Any, top: int = TOP) -> list[str]:
    """The first ``top`` distinct hồ sơ in result order: the groups if ``results`` has them, else the hits."""
    items = getattr(results, "groups", None)
    if items is None:
        items = results.hits
    out: list[str] = []
    for item in items:
        sid = session_of(item)
        if sid and sid not in out:
            out.append(sid)
            if len(out) == top:
                break
    return out


# --- evaluation ------------------------------------------------------------------------------------


@dataclass
class QueryOutcome:
    query: BenchQuery
    got: list[str]  # the first 10 distinct hồ sơ
    recall: float
    reciprocal_rank: float
    seconds: float

    @property
    def missing(self) -> list[str]:
        return [x for x in self.query.expected if x not in self.got]


@dataclass
class Figures:
    engine: str
    outcomes: list[QueryOutcome]
    skipped: list[BenchQuery] = field(default_factory=list)

    @staticmethod
    def _mean(values: Sequence[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    @property
    def recall(self) -> float:
        return self._mean([o.recall for o in self.outcomes])

    @property
    def mrr(self) -> float:
        return self._mean([o.reciprocal_rank for o in self.outcomes])

    @property
    def by_kind(self) -> dict[str, tuple[int, float, float]]:
        """kind -> (queries, recall@10, MRR)."""
        out = {}
        for kind in KINDS:
            mine = [o for o in self.outcomes if o.query.kind == kind]
            if mine:
                out[kind] = (
                    len(mine),
                    self._mean([o.recall for o in mine]),
                    self._mean([o.reciprocal_rank for o in mine]),
                )
        return out

    @property
    def misses(self) -> list[QueryOutcome]:
        return [o for o in self.outcomes if o.recall < 1.0]

    @property
    def seconds(self) -> float:
        return sum(o.seconds for o in self.outcomes)


def _query(q: BenchQuery, known_fields: Sequence[str] = ()):
    """The query as `hoso search` makes it: a unit's own lĩnh vực are known from the index."""
    filters = Filters(text=q.text, units=q.units, years=q.years, fields=q.fields, per_page=MAX_PER_PAGE)
    return to_query(filters, restricted=False, personal=False, today=AS_OF, known_fields=known_fields)


def evaluate(index_dir: Path | str, queries: Iterable[BenchQuery], engine: str | None = None) -> Figures:
    """Run ``queries`` as a public clerk on the index in ``index_dir`` (written by ``engine``, or by whatever
    engine wrote it); recall@10 and reciprocal rank of each over the first 10 distinct hồ sơ."""
    queries = list(queries)
    known = catalog.archived_fields(Path(index_dir))
    with open_index(index_dir, engine) as index:
        name = engine or index.engine_name
        outcomes = []
        for q in queries:
            start = time.perf_counter()
            got = ranked_hoso(index.search(_query(q, known)))
            seconds = time.perf_counter() - start
            found = [x for x in q.expected if x in got]
            first = next((i for i, sid in enumerate(got, 1) if sid in q.expected), None)
            outcomes.append(QueryOutcome(q, got, len(found) / len(q.expected), 1.0 / first if first else 0.0, seconds))
    return Figures(name, outcomes)


def sessions_in(root: Path) -> set[str]:
    return set(catalog.sealed_versions(root))


def build_index(root: Path, engine: str, folder: Path) -> None:
    """A fresh index of the sealed archive at ``root`` in ``folder`` with ``engine``."""
    if folder.exists():
        shutil.rmtree(folder)
    catalog.update(root, folder, engine=engine, rebuild=True, as_of=AS_OF)


# --- sealing the corpus ------------------------------------------------------------------------------


def corpus_digest(corpus: Path) -> str:
    """SHA-256 over every file of the corpus (relative path and bytes)."""
    h = hashlib.sha256()
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        h.update(path.relative_to(corpus).as_posix().encode())
        h.update(b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def seal(corpus: Path, cache: Path, jobs: int | None = None) -> tuple[Path, bool]:
    """The corpus sealed in ``cache``: (archive root, whether it was sealed now rather than reused)."""
    from pipeline import archive
    from pipeline.record import load

    key = corpus_digest(corpus)[:16]
    root = cache / f"kho-{key}"
    done = root / ".hoso-bench-xong"
    if done.is_file():
        return root, False
    result = load([corpus])
    if result.problems:
        raise SystemExit(
            "Hồ sơ ghi chép có lỗi, hãy chạy hoso validate:\n" + "\n".join(str(p) for p in result.problems[:20])
        )
    records = result.records
    work = cache / f".kho-{key}.{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    outcomes = archive.archive(records, records.sessions, work, jobs=jobs)
    failed = [o for o in outcomes if o.status == archive.FAILED]
    if failed:
        raise SystemExit("Không đóng được hồ sơ: " + "; ".join(f"{o.session_id}: {o.message}" for o in failed))
    (work / ".hoso-bench-xong").write_text(f"{key}\n", encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    os.replace(work, root)
    return root, True


# --- report -----------------------------------------------------------------------------------------


def disagreements(a: Figures, b: Figures) -> list[tuple[BenchQuery, list[str], list[str]]]:
    """The queries for which two engines' first 10 hồ sơ are not the same set: (query, only in a's,
    only in b's). The order inside the 10 may differ (BM25 is each engine's own)."""
    out = []
    for x, y in zip(a.outcomes, b.outcomes, strict=True):
        if set(x.got) != set(y.got):
            out.append((x.query, [h for h in x.got if h not in y.got], [h for h in y.got if h not in x.got]))
    return out


def report(all_figures: list[Figures], out=sys.stdout) -> None:
    def line(text: str = "") -> None:
        print(text, file=out)

    engines = [f.engine for f in all_figures]
    count = len(all_figures[0].outcomes) if all_figures else 0
    line(f"Chất lượng tìm kiếm: {count} truy vấn, 10 hồ sơ đầu (recall@10 / MRR)")
    header = f"{'loại truy vấn':<22}{'số':>4}" + "".join(f"{e + ' R@10':>15}{e + ' MRR':>14}" for e in engines)
    line(header)
    line("-" * len(header))
    kinds = [k for k in KINDS if any(k in f.by_kind for f in all_figures)]
    for kind in kinds:
        n = next(f.by_kind[kind][0] for f in all_figures if kind in f.by_kind)
        cells = ""
        for f in all_figures:
            _, r, m = f.by_kind.get(kind, (0, 0.0, 0.0))
            cells += f"{r:>15.2f}{m:>14.2f}"
        line(f"{kind:<22}{n:>4}{cells}")
    line("-" * len(header))
    line(f"{'tất cả':<22}{count:>4}" + "".join(f"{f.recall:>15.2f}{f.mrr:>14.2f}" for f in all_figures))
    for f in all_figures:
        if f.skipped:
            line(f"{f.engine}: bỏ qua {len(f.skipped)} truy vấn có hồ sơ mong đợi không có trong kho")
    for a, b in zip(all_figures, all_figures[1:], strict=False):
        differ = disagreements(a, b)
        line(
            f"{a.engine} và {b.engine} cho cùng 10 hồ sơ đầu ở {count - len(differ)}/{count} truy vấn"
            + (":" if differ else ".")
        )
        for q, only_a, only_b in differ:
            mine, theirs = ", ".join(only_a) or "-", ", ".join(only_b) or "-"
            line(f"  {q.id} «{q.text}»: chỉ {a.engine}: {mine}; chỉ {b.engine}: {theirs}")
    for f in all_figures:
        line()
        line(f"{f.engine}: {len(f.misses)} truy vấn còn thiếu hồ sơ (thời gian chạy truy vấn {f.seconds:.2f} giây)")
        for o in f.misses:
            q = o.query
            filters = ", ".join(
                x
                for x in (
                    "đơn vị " + "/".join(q.units) if q.units else "",
                    "năm " + "/".join(map(str, q.years)) if q.years else "",
                    "lĩnh vực " + "/".join(q.fields) if q.fields else "",
                )
                if x
            )
            line(f"  {q.id} [{q.kind}] «{q.text}»" + (f" ({filters})" if filters else ""))
            line(f"      recall {o.recall:.2f}, RR {o.reciprocal_rank:.2f}; thiếu: {', '.join(o.missing)}")
            line(f"      10 hồ sơ đầu: {', '.join(o.got) or '(không có kết quả)'}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Recall@10 và MRR của từng bộ máy tìm kiếm trên bộ truy vấn đánh giá.")
    parser.add_argument("--engines", help=f"các bộ máy, cách nhau bằng dấu phẩy (mặc định: {','.join(ENGINES)})")
    parser.add_argument(
        "--queries", type=Path, default=QUERIES, help="tệp truy vấn (mặc định: bench/search-queries.yaml)"
    )
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="thư mục hồ sơ ghi chép (mặc định: bench/search-corpus)"
    )
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="thư mục đệm kho đã đóng (mặc định: ~/.cache/hoso-bench)"
    )
    parser.add_argument("--archive", type=Path, help="dùng kho lưu trữ đã đóng này thay cho việc đóng hồ sơ của bộ mẫu")
    parser.add_argument("--quick", action="store_true", help="không đóng bộ mẫu (cần --archive); chỉ bộ máy mặc định")
    parser.add_argument("--jobs", type=int, help="số hồ sơ đóng cùng lúc (mặc định: số nhân CPU)")
    args = parser.parse_args(argv)

    if args.quick and args.archive is None:
        parser.error("--quick cần --archive PATH (một kho đã đóng)")
    engines = args.engines.split(",") if args.engines else (["tantivy"] if args.quick else list(ENGINES))
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        parser.error(f"không có bộ máy {', '.join(unknown)}; chỉ có {', '.join(ENGINES)}")
    queries = load_queries(args.queries)

    started = time.perf_counter()
    if args.archive is not None:
        root = args.archive
        if not root.is_dir():
            parser.error(f"không có kho lưu trữ {root}")
        print(f"Kho lưu trữ: {root}", file=sys.stderr)
    else:
        root, fresh = seal(args.corpus, args.cache, args.jobs)
        what = "vừa đóng" if fresh else "dùng lại"
        print(f"Kho lưu trữ của bộ mẫu ({what}): {root} ({time.perf_counter() - started:.1f} giây)", file=sys.stderr)
    present = sessions_in(root)
    usable = [q for q in queries if set(q.expected) <= present]
    skipped = [q for q in queries if not set(q.expected) <= present]
    if not usable:
        print("Không truy vấn nào có hồ sơ mong đợi trong kho này.", file=sys.stderr)
        return 1

    results = []
    with tempfile.TemporaryDirectory(prefix="hoso-chat-luong-") as tmp:
        for engine in engines:
            t0 = time.perf_counter()
            folder = Path(tmp) / f"chi-muc-{engine}"
            build_index(root, engine, folder)
            built = time.perf_counter() - t0
            figures = evaluate(folder, usable, engine)
            figures.skipped = skipped
            results.append(figures)
            print(
                f"{engine}: lập chỉ mục {built:.1f} giây, chạy {len(usable)} truy vấn {figures.seconds:.2f} giây",
                file=sys.stderr,
            )
    report(results)
    print(f"\nTổng thời gian: {time.perf_counter() - started:.1f} giây")
    return 0


if __name__ == "__main__":
    sys.exit(main())
