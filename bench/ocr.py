"""Benchmark: Vietnamese OCR of scanned documents (pipeline.archive.ocr: Tesseract vie through OCRmyPDF).

    .venv/bin/python bench/ocr.py [--session ID] [--dpi 300 200] [--jobs 1 2]

1. hoso's documents of one demo session (default UBND-AK-2026-02: every document it prints, in the version
   to sign), each printed, signed, stamped and scanned by scripts/make_scans.py at 300 and at 200 dpi (fixed
   seeds, so every run reads the same scans).
2. Every scan read by ``ocr.start`` without a cache, one file after another, with jobs=1 (one core) and
   jobs=2 (OCRmyPDF reads two pages at once); then with two files at once, jobs=1 each (two cores, the
   way a build of several hồ sơ would use them). Wall seconds include OCRmyPDF's start-up for each file.
3. The character error rate of each page: the Levenshtein distance between the text of the page hoso
   rendered (pypdf) and the text OCR put over its scan, over the length of the rendered text, both in
   NFC with whitespace collapsed. The signature block, seal and all are compared: they are what was scanned.
   The distance also counts reading order: where OCR reads a table row by row across its cells, or the two
   columns of the letterhead line by line, while the PDF's text runs cell by cell, characters read right
   count as edits. So the words too, order ignored: the share of the rendered text's words that OCR did not
   give (as often), which is what a search for them would miss.

Targets (issue): CER ≤ 3% at 300 dpi, ≤ 5% at 200 dpi.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from make_demo_scans import SCANS, as_paper  # noqa: E402
from make_scans import scan  # noqa: E402

from pipeline.archive import ocr  # noqa: E402
from pipeline.documents import render_session  # noqa: E402
from pipeline.record import load  # noqa: E402


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions) by Myers' bit-vector algorithm in Hyyrö's form:
    one column of the dynamic programme is a pair of bit masks, so a row costs a few operations on integers
    as long as ``a`` (Python's integers have no fixed width). Pages of 3000 characters take milliseconds."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    mask = (1 << len(a)) - 1
    last = 1 << (len(a) - 1)
    positions: dict[str, int] = {}
    for i, character in enumerate(a):
        positions[character] = positions.get(character, 0) | (1 << i)
    plus, minus, score = mask, 0, len(a)  # vertical +1 and -1 deltas of the column
    for character in b:
        eq = positions.get(character, 0)
        xv = eq | minus
        xh = (((eq & plus) + plus) ^ plus) | eq
        hplus = minus | ~(xh | plus)
        hminus = plus & xh
        if hplus & last:
            score += 1
        elif hminus & last:
            score -= 1
        hplus = (hplus << 1) | 1
        hminus <<= 1
        plus = (hminus | ~(xv | hplus)) & mask
        minus = hplus & xv & mask
    return score


def _check_levenshtein() -> None:
    """The bit-vector form against the plain two-row dynamic programme, on a few awkward pairs."""

    def plain(a: str, b: str) -> int:
        row = list(range(len(b) + 1))
        for i, x in enumerate(a, 1):
            previous, row[0] = row[0], i
            for j, y in enumerate(b, 1):
                previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
        return row[-1]

    pairs = [("", "abc"), ("kiến nghị", "kien nghi"), ("Biên bản", "Bien ban buổi"), ("aaaa", "a")]
    pairs += [("ab" * 40, "ba" * 41), ("x" * 70 + "kiến", "kien" + "x" * 68)]
    for a, b in pairs:
        assert levenshtein(a, b) == plain(a, b) == levenshtein(b, a), (a, b)


def make_scans(records, session_id: str, folder: Path, dpis: list[int]) -> dict[int, list[tuple[str, Path, Path]]]:
    """{dpi: [(document, hoso's PDF, its scan)]} for every document of the session that has a signer."""
    seal, signed = SCANS.get(session_id, (None, {}))
    session = next(s for s in records.sessions if s.id == session_id)
    paper = as_paper(session, {d.type for d in session.documents} | set(signed))
    rendered = render_session(records, paper, folder / "hoso", signing=True)
    scans: dict[int, list[tuple[str, Path, Path]]] = {dpi: [] for dpi in dpis}
    for seed, item in enumerate(rendered, start=1):
        signers = [s.name for s in item.document.signatures if s.name]
        if not signers:
            print(f"  ({item.document.stem}: no signer, not scanned)")
            continue
        for dpi in dpis:
            out = folder / f"{dpi}" / f"{item.document.stem}.pdf"
            out.parent.mkdir(exist_ok=True)
            try:
                scan(item.pdf, out, signer=signers, seal_text=seal, dpi=dpi, seed=seed)
            except ValueError as error:
                print(f"  ({item.document.stem}: {error}; not scanned)")
                break
            scans[dpi].append((item.document.stem, item.pdf, out))
    return scans


def read_all(scans: list[tuple[str, Path, Path]], work: Path, jobs: int, parallel: int) -> tuple[float, list]:
    """Seconds to read every scan (``parallel`` files at once, ``jobs`` each) and the results in order."""

    def one(index: int) -> ocr.OcrResult:
        _, _, scanned = scans[index]
        return ocr.start(scanned, work / f"{jobs}-{parallel}-{index:02d}", None, jobs=jobs).result()

    start = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        results = list(pool.map(one, range(len(scans))))
    return time.perf_counter() - start, results


def error_rates(scans: list[tuple[str, Path, Path]], results: list) -> list[tuple[str, int, int, int, int, int]]:
    """(document, page, edit distance, reference length, words missed, reference words) for every page."""
    rows = []
    for (stem, source, _), result in zip(scans, results, strict=True):
        expected = ocr.page_texts(source)
        got = ocr.page_texts(result.pdf)
        assert len(expected) == len(got), (stem, len(expected), len(got))
        for page, (reference, text) in enumerate(zip(expected, got, strict=True), start=1):
            reference, text = ocr.normalise(reference), ocr.normalise(text)
            words = Counter(reference.split())
            missed = sum((words - Counter(text.split())).values())
            rows.append((stem, page, levenshtein(reference, text), len(reference), missed, words.total()))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--session", default="UBND-AK-2026-02", help="session id in examples/")
    parser.add_argument("--dpi", type=int, nargs="+", default=[300, 200])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="keep the scans and renditions in this folder")
    args = parser.parse_args()
    problem = ocr.missing()
    if problem:
        sys.exit(f"bench/ocr.py: {problem}")
    _check_levenshtein()
    print(f"{ocr.engine()}, language {ocr.LANGUAGE}, {os.cpu_count()} cores")

    records = load([REPO / "examples"]).records
    with tempfile.TemporaryDirectory(prefix="hoso-bench-ocr-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        scans = make_scans(records, args.session, folder, args.dpi)
        print(f"scans of {args.session} made in {time.perf_counter() - start:.1f} s")
        for dpi in args.dpi:
            documents = scans[dpi]
            pages = sum(len(ocr.page_texts(source)) for _, source, _ in documents)
            print(f"\n{dpi} dpi: {len(documents)} documents, {pages} pages")
            runs = [(jobs, 1) for jobs in args.jobs] + [(1, 2)]
            texts = None
            for jobs, parallel in runs:
                seconds, results = read_all(documents, folder / f"ocr-{dpi}", jobs, parallel)
                how = f"jobs={jobs}, one file at a time" if parallel == 1 else f"jobs={jobs}, {parallel} files at once"
                print(f"  {how:<32} {seconds:6.1f} s   {pages / seconds:5.2f} pages/s   {seconds / pages:5.2f} s/page")
                unreadable = [(stem, r.unreadable) for (stem, _, _), r in zip(documents, results, strict=True)]
                if any(u for _, u in unreadable):
                    print(f"    pages without text: {[(s, u) for s, u in unreadable if u]}")
                page_text = [ocr.page_texts(r.pdf) for r in results]
                if texts is None:
                    texts = page_text
                    rows = error_rates(documents, results)
                elif page_text != texts:
                    print("    (the text differs from the first run's)")
            distance = sum(r[2] for r in rows)
            length = sum(r[3] for r in rows)
            stem, page, worst_distance, worst_length, _, _ = max(rows, key=lambda r: r[2] / max(r[3], 1))
            missed, words = sum(r[4] for r in rows), sum(r[5] for r in rows)
            worst_words = max(rows, key=lambda r: r[4] / max(r[5], 1))
            target = {300: 3.0, 200: 5.0}.get(dpi)
            aim = f"   target ≤ {target:.0f} %" if target else ""
            print(f"  CER overall: {100 * distance / length:.2f} % ({distance} edits over {length} characters){aim}")
            print(
                f"  CER worst page: {100 * worst_distance / worst_length:.2f} % ({stem}, page {page}: "
                f"{worst_distance} edits over {worst_length} characters)"
            )
            print(
                f"  words missed, order ignored: {100 * missed / words:.2f} % ({missed} of {words}); worst page "
                f"{100 * worst_words[4] / worst_words[5]:.2f} % ({worst_words[0]}, page {worst_words[1]})"
            )
            print(f"    {'document':<40} page      CER     words missed")
            for stem, page, d, n, m, w in rows:
                rates = f"{100 * d / max(n, 1):6.2f} %  {100 * m / max(w, 1):6.2f} %"
                print(f"    {stem:<40} p{page}  {rates}  ({d}/{n}, {m}/{w})")


if __name__ == "__main__":
    main()
