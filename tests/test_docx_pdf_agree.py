"""The DOCX is the same document as the PDF (issue 14, defect 11): a clerk who prints the DOCX from
LibreOffice gets the pages of the archived PDF.

Every document type of both profiles (the two sessions of scripts/make_samples.py, the annual report and
the register's DANH SÁCH of a State and a Party unit) is rendered once; its DOCX is converted by LibreOffice
(one run for all); both PDFs are read back with pdfplumber. Asserted: the same number of pages, each
page's text starting with the same words, the same lines (text and order), the số and the date on one
baseline in the DOCX as printed.

Tolerance, where the two engines cannot agree (the only one): LibreOffice sets the whole leading of an
exact line under its text, CSS splits it above and below, so every line of the DOCX prints 0.4-1.0 mm
higher than the same line of the PDF. Page breaks and line breaks are not affected; the test does not
compare heights.
"""

import datetime as dt
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from conftest import REPO

from pipeline.documents import docx, pdf, render_session
from pipeline.record import load

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is installed by scripts/setup test"
)

SESSIONS = {"ND30": "UBND-AK-2026-01", "HD36": "DU-AK-2026-02"}  # as scripts/make_samples.py
UNITS = {"ND30": "ubnd-xa-an-khanh", "HD36": "dang-uy-xa-an-khanh"}  # the report and the register
PT_PER_MM = 72 / 25.4
TOP_MARGIN = 20 * PT_PER_MM  # both profiles: the page number and the DỰ THẢO mark sit above it


@pytest.fixture(scope="module")
def pairs(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """{name: (hoso's PDF, LibreOffice's PDF of the DOCX)} for every document type of both profiles."""
    from pipeline.followup import register, report

    out = tmp_path_factory.mktemp("agree")
    records = load([REPO / "examples"]).records
    rendered: dict[str, tuple[Path, Path]] = {}
    for profile, session_id in SESSIONS.items():
        session = next(s for s in records.sessions if s.id == session_id)
        for r in render_session(records, session, out / profile):
            rendered[f"{profile}-{r.document.stem}"] = (r.pdf, r.docx)
    as_of = dt.date(2026, 12, 31)
    for profile, code in UNITS.items():
        unit = records.units[code]
        documents = {
            "bao-cao-nam": report.document(report.figures(records, 2026, [unit], as_of), unit),
            "danh-sach": register.to_document(register.rows(records, as_of), records, unit, as_of),
        }
        for stem, document in documents.items():
            name = f"{profile}-{stem}"
            pdf.to_pdf(document, out / f"{name}.pdf")
            docx.to_docx(document, out / f"{name}.docx", docx.template_for(profile, None))
            rendered[name] = (out / f"{name}.pdf", out / f"{name}.docx")
    flat = out / "docx"  # one LibreOffice run for all: the names must not repeat
    flat.mkdir()
    for name, (_, docx_path) in rendered.items():
        shutil.copy(docx_path, flat / f"{name}.docx")
    run = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{out}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out / "lo"),
            *sorted(str(p) for p in flat.glob("*.docx")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    return {name: (pdf_path, out / "lo" / f"{name}.pdf") for name, (pdf_path, _) in rendered.items()}


@cache
def page_lines(path: Path) -> list[list[str]]:
    """Each page's lines of text below the top margin, top to bottom (read once: pdfplumber takes seconds)."""
    with pdfplumber.open(path) as document:
        return [
            [" ".join(line["text"].split()) for line in page.extract_text_lines() if line["top"] > TOP_MARGIN]
            for page in document.pages
        ]


def test_every_document_type_of_both_profiles_is_compared(pairs):
    stems = {name.split("-", 1)[1] for name in pairs}
    assert {f"{i:02d}" for i in range(1, 9)} <= {s[:2] for s in stems}
    assert {"02-giay-moi", "02-cong-van-trieu-tap", "02-thong-bao-trieu-tap", "bao-cao-nam", "danh-sach"} <= stems
    assert {name.split("-", 1)[0] for name in pairs} == {"ND30", "HD36"}


def test_same_pages_starting_with_the_same_words(pairs):
    differences = []
    for name, (own, converted) in sorted(pairs.items()):
        ours, theirs = page_lines(own), page_lines(converted)
        if len(ours) != len(theirs):
            differences.append(f"{name}: {len(ours)} trang (PDF) / {len(theirs)} trang (DOCX in từ LibreOffice)")
            continue
        for number, (a, b) in enumerate(zip(ours, theirs, strict=True), 1):
            if a[0].split()[:3] != b[0].split()[:3]:
                differences.append(f"{name}, trang {number}: «{a[0][:40]}» / «{b[0][:40]}»")
    assert not differences, "\n".join(differences)


def test_same_lines(pairs):
    """Line breaks: nearly every line of the PDF is a line of the DOCX as printed. A justified line may
    still break one word apart where the two engines round glyph advances differently. (Lines as a
    multiset: side-by-side cells whose tops differ by a fraction of a point come out of pdfplumber in
    either order.)"""
    alike = {}
    for name, (own, converted) in sorted(pairs.items()):
        if name.endswith(("bao-cao-nam", "danh-sach")):
            continue  # mostly table cells: pdfplumber joins side-by-side cells into lines differently
        ours = Counter(line for page in page_lines(own) for line in page)
        theirs = Counter(line for page in page_lines(converted) for line in page)
        alike[name] = sum((ours & theirs).values()) / sum(ours.values())
    assert min(alike.values()) >= 0.8, {name: f"{share:.0%}" for name, share in alike.items()}


def baseline(chars) -> float:
    """The baseline of a run of Liberation Serif characters (pdfminer's box: descent 0.216 em under it)."""
    return max(c["bottom"] - 0.216 * c["size"] for c in chars)


def chars_of(page, word) -> list:
    return [c for c in page.chars if word["x0"] - 0.1 <= c["x0"] <= word["x1"] and abs(c["top"] - word["top"]) < 2]


@pytest.mark.parametrize("rendition", [0, 1], ids=["pdf", "docx"])
def test_number_and_date_share_one_line(pairs, rendition):
    """Phụ lục I, Mục II, khoản 4, điểm c (ND30); HD36 the same: số and place-date on one line."""
    for name, paths in sorted(pairs.items()):
        with pdfplumber.open(paths[rendition]) as document:
            page = document.pages[0]
            words = page.extract_words(extra_attrs=["size"])
            number = next((w for w in words if w["text"] in ("Số", "Số:")), None)
            # the place-date line: "An Khánh, ngày …" in the right column (not a "ngày" of the body)
            date = next(
                (
                    w
                    for before, w in zip(words, words[1:], strict=False)
                    if w["text"] == "ngày" and before["text"].endswith(",") and before["x0"] > page.width / 2
                ),
                None,
            )
            if number is None or date is None:
                continue  # unnumbered, or no date line
            gap = abs(baseline(chars_of(page, number)) - baseline(chars_of(page, date))) / PT_PER_MM
            assert gap < 1, f"{name}: số {gap:.1f} mm off the date's line"
