"""Benchmark: sealing a session from scans of its signed documents, against the same session from hoso's own.

    .venv/bin/python bench/scans.py [--runs N] [--dpi 200]

The demo session UBND-AK-2026-02 (UBND xã An Khánh, 29/9/2026) three ways, side by side in one run
(absolute times vary ±30% on these machines; the ratios are the figures to read):

- electronic: every document issued as hoso's own rendering (ban_hanh: bản điện tử);
- scans: its seven session documents (giấy mời, nội quy, chương trình, two reports, biên bản, thông báo
  kết luận) printed, signed, stamped and scanned by scripts/make_scans.py, each attached as the signed
  original (``tep``), so each is read by OCR; a new archive, so nothing is cached;
- scans again: the same into another new archive that keeps the first one's OCR cache (a rebuild).

Photos are left out of all three, so that only the documents differ. Each build is `archive.archive` in
this process with both cores, as `hoso archive RECORD` runs it. Target (issue 13): scans ≤ 3 × electronic.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from make_scans import scan  # noqa: E402

from pipeline import archive  # noqa: E402
from pipeline.documents import render_session  # noqa: E402
from pipeline.record import load  # noqa: E402

UNIT = "ubnd-xa-an-khanh"
FOLDER = "2026-09-29-doi-thoai-dinh-ky"
SESSION = "UBND-AK-2026-02"


def variant(base: Path, name: str) -> Path:
    """A copy of the unit with only the session measured; its record without photos, every document issued
    as hoso's rendering (the scans are then attached by ``attach_scans``)."""
    unit = base / name / UNIT
    shutil.copytree(REPO / "examples" / UNIT, unit)
    for other in unit.iterdir():
        if other.is_dir() and other.name[:4].isdigit() and other.name != FOLDER:
            shutil.rmtree(other)
    record = unit / FOLDER / "buoi-doi-thoai.yaml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data.pop("tep_dinh_kem", None)
    for entry in data["van_ban"]:
        if "tep" in entry and entry["tep"].startswith("ban-ky/"):
            del entry["tep"]
            entry["ban_hanh"] = "bản điện tử"
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return unit


def attach_scans(unit: Path, dpi: int) -> int:
    """Scan every issued document of the session and attach it as its signed original; returns the pages."""
    records = load([unit]).records
    session = next(s for s in records.sessions if s.id == SESSION)
    record = session.path
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    electronic = {e["loai"] for e in data["van_ban"] if e.get("ban_hanh") == "bản điện tử"}
    folder = unit / FOLDER / "quet"
    folder.mkdir()
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, rendered in enumerate(render_session(records, session, Path(tmp), signing=True), start=1):
            kind = rendered.document.doc_type
            if kind not in electronic:
                continue
            target = folder / f"{n:02d}.pdf"
            signer = [s.name for s in rendered.document.signatures] or "Lê Văn Hùng"
            scan(rendered.pdf, target, signer=signer, seal_text="ỦY BAN NHÂN DÂN XÃ AN KHÁNH", dpi=dpi, seed=n)
            pages += len(PdfReader(target).pages)
            for entry in data["van_ban"]:
                if entry["loai"] == kind:
                    entry.pop("ban_hanh")
                    entry["tep"] = f"quet/{target.name}"
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pages


def seal(unit: Path, root: Path) -> tuple[float, archive.Outcome]:
    records = load([unit]).records
    session = next(s for s in records.sessions if s.id == SESSION)
    start = time.perf_counter()
    [outcome] = archive.archive(records, [session], root, jobs=2)
    elapsed = time.perf_counter() - start
    if outcome.status != archive.NEW:
        raise SystemExit(f"{SESSION}: {outcome.status} {outcome.message}")
    return elapsed, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        electronic = variant(base, "dien-tu")
        scanned = variant(base, "ban-quet")
        pages = attach_scans(scanned, args.dpi)
        seal(electronic, base / "khoi-dong")  # warm-up: imports, fonts, WeasyPrint's stylesheet
        times: dict[str, list[float]] = {"electronic": [], "scans": [], "scans again": []}
        for run in range(args.runs):  # interleaved, so that the machine's drift falls on all three
            t, done = seal(electronic, base / f"dt-{run}")
            times["electronic"].append(t)
            t, done = seal(scanned, base / f"q-{run}")
            times["scans"].append(t)
            again = base / f"q2-{run}"
            shutil.copytree(base / f"q-{run}" / ".hoso" / "ocr", again / ".hoso" / "ocr")
            t, _ = seal(scanned, again)
            times["scans again"].append(t)
        print(f"session {SESSION}: 7 documents as scans ({pages} pages at {args.dpi} dpi), {done.sheets} sheets")
        base_median = statistics.median(times["electronic"])
        for name, values in times.items():
            median = statistics.median(values)
            print(
                f"  {name:<12} median of {args.runs}: {median:6.2f} s   (min {min(values):.2f}, max {max(values):.2f})"
                f"   {median / base_median:4.2f} × electronic"
            )
        print("  target: scans ≤ 3 × electronic")


if __name__ == "__main__":
    main()
