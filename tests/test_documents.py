"""The official document set: every document type in both variants, read back as a person would.

PDFs are read with positions (pdfplumber), DOCX files with python-docx; the two renditions of each
document must carry the same words.
"""

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from conftest import REPO
from docx import Document as Docx

from pipeline.documents import compose_session, render_session
from pipeline.documents.model import Table
from pipeline.profile import load_profile
from pipeline.record import load

PT_PER_MM = 72 / 25.4
# Justified lines can end up to ~0.7 pt past the text box (rounding of glyph advances in WeasyPrint's
# justification); 1 pt = 0.35 mm is well below what print can show.
TOLERANCE = 1.0
A4 = (210 * PT_PER_MM, 297 * PT_PER_MM)
# One session per variant: a State one with a previous session, and the Party unit's first one.
SESSIONS = {"ND30": "UBND-AK-2026-01", "HD36": "DU-AK-2026-02"}
NUMBER = {
    "ND30": re.compile(r"^Số: (\d{2,}|\s+)/[A-Za-zĐđ]+(-[A-ZĐ]+)?$"),
    "HD36": re.compile(r"^Số (\d{2,}|\s+)-[A-Za-zĐđ]+/[A-ZĐ]+$"),
}
DATE = re.compile(r"(?:^|\s)An Khánh, ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})$")
BLANK_DATE = re.compile(r"(?:^|\s)An Khánh, ngày tháng năm \d{4}$")  # not dated yet: blanks, collapsed by extraction


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    records = load([REPO / "examples"]).records
    out = {}
    for profile, session_id in SESSIONS.items():
        session = next(s for s in records.sessions if s.id == session_id)
        out[profile] = render_session(records, session, tmp_path_factory.mktemp(profile))
    return out


def cases():
    """(profile, document stem) for every document the two sessions have, known before rendering."""
    records = load([REPO / "examples"]).records
    out = []
    for profile, session_id in SESSIONS.items():
        session = next(s for s in records.sessions if s.id == session_id)
        out += [(profile, d.stem) for d in compose_session(records, session)]
    return out


def test_every_document_type_is_covered_in_both_variants():
    stems = {profile: {stem.split("-")[0] for p, stem in cases() if p == profile} for profile in SESSIONS}
    assert stems["ND30"] == stems["HD36"] == {f"{i:02d}" for i in range(1, 9)}
    kinds = {stem for _, stem in cases() if stem.startswith("02-")}
    assert {"02-giay-moi", "02-cong-van-trieu-tap", "02-thong-bao-trieu-tap"} <= kinds


def doc(rendered, profile, stem):
    return next(r for r in rendered[profile] if r.document.stem == stem)


def lines(page) -> list[str]:
    return [line["text"].strip() for line in page.extract_text_lines()]


def in_top_margin(obj, profile) -> bool:
    return obj["bottom"] < profile.margins_mm["tren"] * PT_PER_MM


@pytest.mark.parametrize("profile_id, stem", cases())
def test_pdf_layout(rendered, profile_id, stem):
    r = doc(rendered, profile_id, stem)
    profile = load_profile(profile_id)
    m = {k: v * PT_PER_MM for k, v in profile.margins_mm.items()}
    with pdfplumber.open(r.pdf) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            assert (page.width, page.height) == pytest.approx(A4, abs=0.5)
            body_chars = [c for c in page.chars if not in_top_margin(c, profile)]
            assert body_chars
            for c in body_chars:
                assert c["x0"] >= m["trai"] - TOLERANCE and c["x1"] <= page.width - m["phai"] + TOLERANCE, c["text"]
                assert c["top"] >= m["tren"] - TOLERANCE and c["bottom"] <= page.height - m["duoi"] + TOLERANCE, c[
                    "text"
                ]
            margin_text = "".join(c["text"] for c in page.chars if in_top_margin(c, profile))
            # page numbers: none on page 1, then the number, centred over the text block
            assert margin_text == ("" if number == 1 else str(number))
            if number > 1:
                numbers = [c for c in page.chars if in_top_margin(c, profile)]
                centre = (numbers[0]["x0"] + numbers[-1]["x1"]) / 2
                assert centre == pytest.approx(m["trai"] + (page.width - m["trai"] - m["phai"]) / 2, abs=3)

        first = pdf.pages[0]
        text = lines(first)
        column = m["trai"] + (first.width - m["trai"] - m["phai"]) * profile.issuer_column
        # the issuing body sits in the left column, the national title in the right one
        words = first.extract_words()
        # a word of each that the other lacks ("ĐẢNG" starts both a Party issuer and the Party title)
        issuer_only = next(w for w in r.document.issuer.split() if w not in profile.national_title.split())
        title_only = next(w for w in profile.national_title.split() if w not in r.document.issuer.split())
        issuer_word = next(w for w in words if w["text"] == issuer_only)
        title_word = next(w for w in words if w["text"] == title_only)
        assert issuer_word["x1"] <= column + 1 < title_word["x0"]
        assert any(profile.national_title in line for line in text)
        if profile.motto:
            assert any(profile.motto in line for line in text)
        # each line of the letterhead names, in the left column: a name too wide for the column breaks
        # before its administrative unit ("ỦY BAN NHÂN DÂN" / "XÃ AN KHÁNH")
        left_lines = lines(first.crop((0, 0, column, first.height / 4)))
        for line in (r.document.parent_body or "").splitlines() + r.document.issuer.splitlines():
            assert line in left_lines
        if r.document.number_line:
            # blanks of an unassigned number collapse; the place-date follows on the same line (Phụ lục I, II.4c)
            assert any(line.startswith(" ".join(r.document.number_line.split())) for line in text)
            assert NUMBER[profile_id].match(r.document.number_line)
        else:
            assert not any(line.startswith("Số") for line in text[:6])
        if not r.document.place_date:
            # a document issued with another (the nội quy), an ND30 biên bản (Mẫu 1.9): no date line
            assert not any(DATE.search(line) or BLANK_DATE.search(line) for line in text)
        elif r.document.date is None:
            assert any(BLANK_DATE.search(line) for line in text)
        else:
            date_line = next(line for line in text if DATE.search(line))
            day, month, year = DATE.search(date_line).groups()
            assert (int(day), int(month), int(year)) == (
                r.document.date.day,
                r.document.date.month,
                r.document.date.year,
            )
            # days 1-9 and months 1-2 take a leading zero; other months never do
            assert len(day) == 2 and month == (f"{int(month):02d}" if int(month) in (1, 2) else str(int(month)))
        if r.document.place_date:
            top = next(w for w in words if w["text"] == "ngày")["top"]
            date_chars = [c for c in first.chars if abs(c["top"] - top) < 1 and c["x0"] > column]
            assert date_chars and all("Italic" in c["fontname"] for c in date_chars)
        if r.document.type_name:
            assert r.document.type_name in text


@pytest.mark.parametrize("profile_id, stem", cases())
def test_docx_page_setup_and_texts(rendered, profile_id, stem):
    r = doc(rendered, profile_id, stem)
    profile = load_profile(profile_id)
    d = Docx(r.docx)
    section = d.sections[0]
    # Word stores lengths in twentieths of a point: compare in mm to the hundredth
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(x.mm, 1) for x in margins] == [profile.margins_mm[k] for k in ("tren", "duoi", "trai", "phai")]
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    # two rows: names and national title; then the số and the place-date on one line (Phụ lục I, II.4c)
    rows = d.tables[0].rows
    left = [p.text for row in rows for p in row.cells[0].paragraphs]
    right = [p.text for row in rows for p in row.cells[1].paragraphs]
    letterhead = rows[1].cells
    assert r.document.issuer in left and profile.national_title in right
    assert r.document.place_date in right
    if r.document.number_line:
        assert r.document.number_line in left
    texts = [p.text for p in d.paragraphs]
    if r.document.type_name:
        assert r.document.type_name in texts and r.document.printed_subject in texts  # its line breaks kept
    date = next(p for p in letterhead[1].paragraphs if p.text == r.document.place_date)
    assert date.style.font.italic and date.style.font.size.pt == profile.sizes["dia_danh_ngay"]


def normalised_words(text: str) -> Counter:
    # Either rendition may break a line after "-" or "/" (615/UBND-KT), so words are split there too.
    return Counter(w for w in re.split(r"[\s/-]+", unicodedata.normalize("NFC", text)) if w)


def words_of_pdf(path: Path, profile) -> Counter:
    with pdfplumber.open(path) as pdf:
        words = [w["text"] for page in pdf.pages for w in page.extract_words() if not in_top_margin(w, profile)]
    return normalised_words(" ".join(words))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    """All text of the document body, line breaks and tabs as spaces (headers hold only the page number)."""
    out = []
    for p in Docx(path).element.body.iter(f"{W}p"):
        out.append("".join(e.text or "" if e.tag == f"{W}t" else " " for e in p.iter(f"{W}t", f"{W}br", f"{W}tab")))
    return "\n".join(out)


def words_of_docx(path: Path) -> Counter:
    return normalised_words(docx_text(path))


@pytest.mark.parametrize("profile_id, stem", cases())
def test_docx_and_pdf_carry_the_same_words(rendered, profile_id, stem):
    r = doc(rendered, profile_id, stem)
    in_docx, in_pdf = words_of_docx(r.docx), words_of_pdf(r.pdf, load_profile(profile_id))
    assert not in_docx - in_pdf
    # the PDF repeats a table's header row on each page the table runs onto; the DOCX holds it once
    headers = normalised_words(" ".join(c for b in r.document.body if isinstance(b, Table) for c in b.columns))
    assert set(in_pdf - in_docx) <= set(headers)
