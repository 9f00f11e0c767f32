"""Benchmark: index build rate, size and query latency of the search engines on a synthetic archive.

    .venv/bin/python bench/search.py [--entries N] [--engines tantivy,whoosh,sqlite]
                                     [--whoosh-entries N] [--seed S] [--flat]

Generates 10,000 dialogue sessions and 100,000 petitions (110,000 entries; --entries scales both)
with Vietnamese text drawn from a syllable vocabulary, then for each engine, on the same entries:
the build rate (entries/s, analysis included), the size on disk, and query latency (median and
p95) for six kinds of query, each timed through ``SearchIndex.search_groups`` for page 1 of 10 hồ sơ
(each petition belongs to its session's hồ sơ) with up to 3 passages each, the number of hồ sơ and
of entries matched, and highlighted titles and snippets included; the minimum-should-match fallback
is part of every query of several words ("long query": six words, half of them needed).
``--flat`` times ``SearchIndex.search`` instead (page 1 of 10 entries).

SQLite FTS5 is a reference only: it indexes the folded token stream from the same analysis (so it
has no accent ranking) with the filter columns in a plain table, and its snippets are made by the
same highlight function. Whoosh is slow to index, so by default it gets a random sample of
--whoosh-entries entries only (a smaller index: its figures are not comparable one for one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.index import (  # noqa: E402
    Entry,
    Query,
    analysis,  # noqa: E402
    create_index,
)
from pipeline.index.engine import Indexed  # noqa: E402
from pipeline.text import fold  # noqa: E402


def word_list(text: str) -> list[str]:
    """The space-separated words of ``text``: a long vocabulary reads better as text than one item a line."""
    return text.split()


# --- a Vietnamese vocabulary -----------------------------------------------------------------------

ONSETS = word_list("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x") + [""]
RHYMES = word_list("""
a ai ao au ay am an ang anh ac ach ap at ăm ăn ăng ăc ăp ăt âm ân âng âc âp ât âu ây e eo em en eng
ec ep et ê êu êm ên ênh êch êp êt i ia iu im in inh ich ip it iêu iêm iên iêng iêc iêp iêt o oa oai
oan oang oanh oac oach oat oe oen oet oi om on ong oc op ot ô ôi ôm ôn ông ôc ôp ôt ơ ơi ơm ơn ơp ơt
u ua uân uât uê uy uyên uyêt ui um un ung uc up ut uôi uôm uôn uông uôc uôt ư ưa ưi ưu ưng ưc ưt ươi
ươu ươm ươn ương ươc ươp ươt y yêu yên
""")
TONES = {"ngang": "", "sắc": "\u0301", "huyền": "\u0300", "hỏi": "\u0309", "ngã": "\u0303", "nặng": "\u0323"}
# The most frequent syllables of written Vietnamese come first (function words, numbers, common
# verbs), as in real text; the domain's syllables follow, then the generated ones.
COMMON = word_list("""
và của các có được cho là với không những trong đã người này một đến về theo để ra thì từ khi như đó
cũng sẽ nhiều phải hơn tại vào lại nhưng bị nên đang làm năm hiện việc nay ông bà anh chị em tôi
chúng ta họ mình gì sao nào đâu bao giờ rồi còn chưa đều mới rất lắm quá nữa hết cả mỗi hai ba bốn
sáu bảy tám chín mười trăm nghìn triệu ngày tháng thời gian trên dưới giữa ngoài sau trước cùng nhau
đi nói biết thấy muốn cần nhà nước xin thực đề số vì do nếu phần đồng lên
""")
# Phrases of the domain, frequent in the texts and used as phrase queries.
PHRASES = """đất đai|giải phóng mặt bằng|an toàn giao thông|bồi thường|tái định cư|thu hồi đất
|cấp giấy chứng nhận quyền sử dụng đất|môi trường|ô nhiễm|rác thải|nước sạch|đường giao thông nông thôn
|chính sách xã hội|hộ nghèo|bảo hiểm y tế|người có công|thủ tục hành chính|an ninh trật tự
|xây dựng|trạm y tế|trường học|kinh phí|cử tri|kiến nghị|đề nghị|ủy ban nhân dân|bí thư đảng ủy
|chủ tịch|trả lời|giải quyết|thời hạn|văn bản|thông báo|kết luận|tiếp xúc|đối thoại|ý kiến
|người dân|nhân dân|thôn|khu dân cư|cán bộ|công chức|hồ sơ|đăng ký|hỗ trợ|chậm trễ|tranh chấp
|lấn chiếm|hành lang|kênh mương|thủy lợi|điện chiếu sáng|nhà văn hóa|chợ|an toàn thực phẩm
|dịch bệnh|tiêm chủng|học sinh|giáo viên|lao động|việc làm|đào tạo nghề|vay vốn|ngân hàng chính sách
|quốc phòng|nghĩa vụ quân sự|cảnh sát|công an xã|mất trộm|ma túy|karaoke|tiếng ồn|cây xanh|vỉa hè""".replace(
    "\n", ""
).split("|")
FIELDS = [
    "Đất đai",
    "Giao thông",
    "Môi trường",
    "Y tế",
    "Giáo dục",
    "Chính sách xã hội",
    "An ninh trật tự",
    "Xây dựng",
    "Nông nghiệp",
    "Thủ tục hành chính",
    "Điện, nước",
    "Khác",
]
STATUSES = [
    "đã trả lời tại buổi",
    "đã giải quyết",
    "đã trả lời bằng văn bản",
    "chuyển cơ quan có thẩm quyền",
    "đang giải quyết",
    "chưa giải quyết",
]
CLOSED = set(STATUSES[:4])
SURNAMES = word_list("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
MIDDLE = word_list("Văn Thị Hữu Đức Minh Ngọc Thanh Quang Xuân Thu")
GIVEN = word_list("An Bình Cường Dũng Hà Hải Hạnh Hoa Hùng Lan Long Mai Nam Nga Phúc Quân Sơn Tâm Thảo Trung Tuấn Yến")
PLACES = word_list("Đông Tây Nam Bắc Hòa Bình An Phú Thịnh Hưng Lợi Thuận Tân Mỹ Phước Khánh")
DOC_KINDS = ["TB-UBND", "KH-UBND", "BC-UBND", "QĐ-UBND", "KL/TU", "TB/ĐU", "KH/BDVTU", "QĐi/TW"]


def _accent(rhyme: str, tone: str) -> str:
    """Put the tone mark on the vowel that carries it (the marked vowel, else the main one)."""
    if not TONES[tone]:
        return rhyme
    vowels = [i for i, ch in enumerate(rhyme) if ch in "aăâeêioôơuưy"]
    marked = [i for i in vowels if rhyme[i] in "ăâêôơư"]
    if marked:
        pos = marked[-1]
    elif rhyme[-1] not in "aăâeêioôơuưy" or rhyme in ("oa", "oe", "uy", "uê"):
        pos = vowels[-1]
    else:
        pos = vowels[0]
    return unicodedata.normalize("NFC", rhyme[: pos + 1] + TONES[tone] + rhyme[pos + 1 :])


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """About ``size`` Vietnamese syllables, in order of frequency rank."""
    front = "iyeê"
    syllables = set()
    for onset in ONSETS:
        for rhyme in RHYMES:
            if onset in ("k", "gh", "ngh") and rhyme[0] not in front:
                continue
            if onset in ("c", "g", "ng") and rhyme[0] in front:
                continue
            if onset == "qu" and rhyme[0] == "u" or onset == "gi" and rhyme[0] == "i":
                continue
            stop = rhyme[-1] in "ctp" or rhyme.endswith("ch")
            for tone in ("sắc", "nặng") if stop else TONES:
                syllables.add(onset + _accent(rhyme, tone))
    common = list(dict.fromkeys(COMMON))
    domain = list(dict.fromkeys(s for phrase in PHRASES for s in phrase.split() if s not in common))
    rest = sorted(syllables - set(common) - set(domain))
    rng.shuffle(rest)
    # Domain syllables scattered over the first thousand ranks, not all at the top.
    rest = rest[: size - len(common) - len(domain)]
    for s in domain:
        rest.insert(rng.randrange(1000), s)
    return common + rest


class TextMaker:
    """Vietnamese-looking text: Zipf-distributed syllables, domain phrases, document numbers."""

    def __init__(self, rng: random.Random, vocab: list[str]) -> None:
        self.rng = rng
        self.vocab = vocab
        weights = [1.0 / (rank + 1) for rank in range(len(vocab))]  # Zipf
        total = 0.0
        self.cum = []
        for w in weights:
            total += w
            self.cum.append(total)

    def sentence(self) -> str:
        rng = self.rng
        words = rng.choices(self.vocab, cum_weights=self.cum, k=rng.randint(8, 18))
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(PHRASES))
        if rng.random() < 0.08:
            words.append(f"theo văn bản số {rng.randint(1, 999)}/{rng.choice(DOC_KINDS)}")
        return " ".join(words).capitalize() + "."

    def text(self, syllables: int) -> str:
        out, count = [], 0
        while count < syllables:
            s = self.sentence()
            out.append(s)
            count += s.count(" ") + 1
        return " ".join(out)


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def make_entries(n_sessions: int, n_petitions: int, seed: int) -> list[Entry]:
    """Session entries (long minutes) and petition entries (short), 40 units, 2019–2026."""
    rng = random.Random(seed)
    maker = TextMaker(rng, vocabulary(rng))
    units = [(f"UBND-X{i:02d}", f"UBND xã {rng.choice(PLACES)} {rng.choice(PLACES)}") for i in range(20)]
    units += [(f"DU-X{i:02d}", f"Đảng ủy xã {rng.choice(PLACES)} {rng.choice(PLACES)}") for i in range(20)]
    first, days = dt.date(2019, 1, 1), (dt.date(2026, 12, 31) - dt.date(2019, 1, 1)).days
    sessions = []
    entries: list[Entry] = []
    for i in range(n_sessions):
        unit, unit_name = rng.choice(units)
        date = first + dt.timedelta(days=rng.randrange(days))
        chair = person(rng)
        sid = f"{unit}-{date.year}-{i:05d}"
        sessions.append((sid, unit, unit_name, date, chair))
        entries.append(
            Entry(
                id=sid,
                level="buổi",
                title=f"Buổi tiếp xúc, đối thoại {maker.sentence()[:60]}",
                text=maker.text(rng.randint(250, 500)),
                unit=unit,
                unit_name=unit_name,
                date=date,
                year=date.year,
                chair=chair,
                restricted=rng.random() < 0.02,
                stored={"dossier": f"archive/{unit}/{date.year}/{sid}", "sheet": 1},
                group=sid,
            )
        )
    for j in range(n_petitions):
        sid, unit, unit_name, date, chair = rng.choice(sessions)
        status = rng.choice(STATUSES)
        deadline = date + dt.timedelta(days=rng.randint(15, 90)) if rng.random() < 0.6 else None
        entries.append(
            Entry(
                id=f"{sid}-KN{j:06d}",
                level="kiến nghị",
                title=maker.sentence()[:80],
                text=maker.text(rng.randint(40, 120)),
                unit=unit,
                unit_name=unit_name,
                date=date,
                year=date.year,
                field=rng.choice(FIELDS),
                status=status,
                deadline=deadline,
                closed=status in CLOSED,
                chair=chair,
                restricted=rng.random() < 0.02,
                personal=f"{person(rng)}, thôn {rng.choice(PLACES)}",
                stored={"dossier": f"archive/{unit}/{date.year}/{sid}", "sheet": rng.randint(2, 40)},
                group=sid,
            )
        )
    return entries


# --- queries ---------------------------------------------------------------------------------------


def make_queries(entries: list[Entry], seed: int, n: int = 40) -> dict[str, list[Query]]:
    """``n`` queries of each kind, words drawn from the entries' own text (so most have hits)."""
    rng = random.Random(seed + 1)
    sample = rng.sample(entries, min(len(entries), 2000))

    common = set(COMMON)

    def word() -> str:
        """A syllable of some entry's text: mostly a content word (an archivist does not search for
        "và" or "của", though one in five queries still may), 30% typed without diacritics."""
        toks = analysis.tokens(rng.choice(sample).text)
        while True:
            t = rng.choice(toks).exact
            if not t.isdigit() and (t not in common or rng.random() < 0.2):
                return t if rng.random() < 0.7 else fold(t)

    kinds: dict[str, list[Query]] = {
        "single term": [],
        "two terms": [],
        "long query": [],
        "phrase": [],
        "term + filter": [],
    }
    for i in range(n):
        kinds["single term"].append(Query(word(), per_page=10))
        kinds["two terms"].append(Query(f"{word()} {word()}", per_page=10))
        # six words as an archivist types a description: a domain phrase and four more words
        kinds["long query"].append(Query(f"{rng.choice(PHRASES)} {' '.join(word() for _ in range(4))}", per_page=10))
        phrase = rng.choice(PHRASES)
        kinds["phrase"].append(Query(f'"{phrase if i % 3 else fold(phrase)}"', per_page=10))
        e = rng.choice(sample)
        if i % 2:
            kinds["term + filter"].append(Query(word(), units=[e.unit], years=[e.year], per_page=10))
        else:
            kinds["term + filter"].append(
                Query(word(), fields=[rng.choice(FIELDS)], statuses=[rng.choice(STATUSES)], per_page=10)
            )
    kinds["filters only, by date"] = [
        Query("", units=[e.unit], date_from=dt.date(e.year, 1, 1), date_to=dt.date(e.year, 12, 31), per_page=10)
        for e in rng.sample(sample, n)
    ]
    return kinds


# --- engines ---------------------------------------------------------------------------------------


class SqliteFts:
    """SQLite FTS5 over the folded stream, filters in a plain table; same snippets as ours."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path / "fts.sqlite")
        self.db.executescript(
            """
            PRAGMA journal_mode=WAL;
            CREATE TABLE entries(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, title TEXT, text TEXT,
                unit TEXT, year INT, day INT, field TEXT, status TEXT, restricted INT);
            CREATE INDEX entries_unit_year ON entries(unit, year);
            CREATE INDEX entries_field_status ON entries(field, status);
            CREATE INDEX entries_day ON entries(day);
            CREATE VIRTUAL TABLE fts USING fts5(title, text, content='', tokenize='unicode61 remove_diacritics 0');
            """
        )

    def add(self, entries: list[Entry]) -> None:
        rows, fts = [], []
        for n, e in enumerate(entries, 1):
            it = Indexed.of(e)
            rows.append((n, e.id, e.title, e.text, it.unit, e.year, it.day, it.field, it.status, int(e.restricted)))
            fts.append((n, it.title[1], it.text[1]))
        with self.db:
            self.db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
            self.db.executemany("INSERT INTO fts(rowid, title, text) VALUES (?,?,?)", fts)

    def search(self, q: Query) -> int:
        parsed = analysis.parse_query(q.text)
        where, args = ["e.restricted = 0"], []
        for column, values in (("unit", q.units), ("field", q.fields), ("status", q.statuses)):
            if values:
                where.append(f"e.{column} IN ({','.join('?' * len(values))})")
                args += [analysis.keyword(v) for v in values]
        if q.years:
            where.append(f"e.year IN ({','.join('?' * len(q.years))})")
            args += list(q.years)
        if q.date_from:
            where.append("e.day BETWEEN ? AND ?")
            args += [q.date_from.toordinal(), q.date_to.toordinal()]
        if parsed.empty:
            sql_from = "entries e"
            order = "e.day DESC"
        else:
            match = " ".join('"' + " ".join(c.folded) + '"' for c in parsed.clauses)
            sql_from = "fts JOIN entries e ON e.rowid = fts.rowid"
            where.insert(0, "fts MATCH ?")
            args.insert(0, match)
            order = "bm25(fts, 2.0, 1.0)"
        cond = " AND ".join(where)
        total = self.db.execute(f"SELECT count(*) FROM {sql_from} WHERE {cond}", args).fetchone()[0]
        rows = self.db.execute(f"SELECT e.title, e.text FROM {sql_from} WHERE {cond} ORDER BY {order} LIMIT 10", args)
        for title, text in rows:
            analysis.highlight(title, parsed, None)
            analysis.highlight(text, parsed)
        return total

    def close(self) -> None:
        self.db.close()


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_engine(
    name: str, entries: list[Entry], queries: dict[str, list[Query]], root: Path, reps: int, flat: bool = False
) -> None:
    path = root / name
    t0 = time.perf_counter()
    if name == "sqlite":
        ix = SqliteFts(path)
        ix.add(entries)
        search = ix.search
    else:
        ix = create_index(path, name)
        ix.add(entries)
        ix.commit()
        ix.close()  # waits for tantivy's background merges: part of the build
    build = time.perf_counter() - t0
    print(
        f"\n{name}: {len(entries):,} entries indexed in {build:.1f} s = {len(entries) / build:,.0f} entries/s, "
        f"{dir_size(path) / 1e6:,.0f} MB on disk"
    )
    if name != "sqlite":
        t0 = time.perf_counter()
        from pipeline.index import open_index

        ix = open_index(path)
        hits = ix.search(queries["single term"][0]).total
        print(f"  open + first query             {1000 * (time.perf_counter() - t0):8.1f} ms ({hits:,} hits)")
        search = (lambda q: ix.search(q).total) if flat else (lambda q: ix.search_groups(q).hits_total)  # noqa: E731
    print(f"  {'query kind':<28} {'median':>8} {'p95':>9} {'max':>9}   mean hits   ({reps} runs of each query)")
    for kind, qs in queries.items():
        for q in qs:  # warm-up: first touch of each term's postings
            search(q)
        times, totals = [], []
        for _ in range(reps):
            for q in qs:
                t = time.perf_counter()
                totals.append(search(q))
                times.append((time.perf_counter() - t) * 1000)
        print(
            f"  {kind:<28} {statistics.median(times):6.2f} ms {pct(times, 95):7.2f} ms {max(times):7.2f} ms"
            f"   {statistics.mean(totals):9,.0f}"
        )
    ix.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, default=110_000, help="total entries (1 session : 10 petitions)")
    ap.add_argument("--engines", default="tantivy,whoosh,sqlite")
    ap.add_argument("--whoosh-entries", type=int, default=20_000, help="Whoosh indexes a random sample of N entries")
    ap.add_argument("--reps", type=int, default=3, help="runs of each query (Whoosh: 1)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--dir", type=Path, help="where to build the indexes (default: a temporary folder)")
    ap.add_argument("--flat", action="store_true", help="time the flat search (no grouping by hồ sơ)")
    args = ap.parse_args()

    n_sessions = max(1, args.entries // 11)
    t0 = time.perf_counter()
    entries = make_entries(n_sessions, args.entries - n_sessions, args.seed)
    syllables = sum(e.text.count(" ") + 1 for e in entries)
    print(
        f"synthetic archive: {n_sessions:,} sessions + {len(entries) - n_sessions:,} petitions = "
        f"{len(entries):,} entries, {syllables / len(entries):,.0f} syllables per entry on average "
        f"({time.perf_counter() - t0:.1f} s to generate)"
    )
    queries = make_queries(entries, args.seed)
    what = "page 1 of 10 hits, total count" if args.flat else "page 1 of 10 hồ sơ, up to 3 passages each, hồ sơ counted"
    print(f"every query: {what}, highlighted titles and snippets; restricted entries excluded")
    root = Path(tempfile.mkdtemp(prefix="hoso-bench-", dir=args.dir))
    try:
        for name in args.engines.split(","):
            subset = entries
            if name == "whoosh" and args.whoosh_entries < len(entries):
                # A random sample keeps the session : petition mix.
                rng = random.Random(args.seed)
                subset = rng.sample(entries, args.whoosh_entries)
                print(
                    f"\nwhoosh: SUBSAMPLE of {len(subset):,} of the {len(entries):,} entries "
                    f"(--whoosh-entries); its figures are for that smaller index"
                )
            run_engine(name, subset, queries, root, 1 if name == "whoosh" else args.reps, args.flat)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
