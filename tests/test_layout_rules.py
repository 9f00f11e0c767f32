"""Layout rules of issue 14 read back from the documents: positions from the PDF (pdfplumber), properties
from the DOCX (python-docx).

- Defect 6, ND30 Phụ lục I, Mục II, khoản 4, điểm c (HD36 the same): the số and the place-date on one line.
- Defect 7, HD36 Phụ lục 3: "ĐẢNG BỘ TỈNH QUẢNG NGÃI" (cấp trên trực tiếp, 14 pt) on one line.
- Defect 2: the signature block is never alone on the last page; the seal overlaps a page that carries text.
- Defect 10: a table's header row repeats on the next page; the HD36 "*" is upright and regular in both.
- Defect 11: the short rules are 1/3 to 1/2 of the text above them (ND30 Phụ lục I, Mục II, khoản 3 and 5).
"""

import dataclasses

import pdfplumber
import pytest
from conftest import REPO
from docx import Document as Docx
from docx.oxml.ns import qn

from pipeline.documents import compose_session, docx, pdf, render_session
from pipeline.documents.model import Paragraph, Table
from pipeline.profile import load_profile
from pipeline.record import load

SESSIONS = {"ND30": "UBND-AK-2026-01", "HD36": "DU-AK-2026-02"}
PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    records = load([REPO / "examples"]).records
    out = {}
    for profile, session_id in SESSIONS.items():
        session = next(s for s in records.sessions if s.id == session_id)
        for r in render_session(records, session, tmp_path_factory.mktemp(profile)):
            out[(profile, r.document.stem)] = r
    return out


def baseline(chars) -> float:
    return max(c["bottom"] - 0.216 * c["size"] for c in chars)  # Liberation Serif: descent 0.216 em


def line_of(page, word):
    return [c for c in page.chars if abs(c["top"] - word["top"]) < 2 and word["x0"] - 0.1 <= c["x0"] <= word["x1"]]


# --- defect 6: số and place-date on one line ---------------------------------------------------------------


@pytest.mark.parametrize("profile", SESSIONS)
def test_number_and_date_on_one_baseline_in_the_pdf(rendered, profile):
    checked = 0
    for (p, stem), r in rendered.items():
        if p != profile or not r.document.number_line or not r.document.place_date:
            continue
        with pdfplumber.open(r.pdf) as document:
            page = document.pages[0]
            words = page.extract_words()
            number = next(w for w in words if w["text"] in ("Số", "Số:"))
            place = r.document.place_date.split(",")[0].split()[-1] + ","
            date = next(w for w in words if w["text"] == place and w["x0"] > page.width / 2)
            gap = abs(baseline(line_of(page, number)) - baseline(line_of(page, date))) / PT_PER_MM
            assert gap < 1, f"{stem}: số {gap:.1f} mm off the date's line"
            checked += 1
    assert checked >= 6


@pytest.mark.parametrize("profile", SESSIONS)
def test_number_and_date_share_a_row_of_the_docx_letterhead(rendered, profile):
    for (p, stem), r in rendered.items():
        if p != profile or not r.document.number_line:
            continue
        rows = Docx(r.docx).tables[0].rows
        row = next(row for row in rows if row.cells[0].paragraphs[0].text == r.document.number_line)
        assert row.cells[1].paragraphs[0].text == r.document.place_date, stem
        if r.document.is_letter:  # the "V/v …" under the số, in the left column
            assert r.document.printed_subject in [p.text for p in row.cells[0].paragraphs[1:]]


# --- defect 7: the Party header on one line -----------------------------------------------------------------


def test_party_parent_body_on_one_line(rendered):
    for (profile, stem), r in rendered.items():
        if profile != "HD36":
            continue
        assert r.document.parent_body == "ĐẢNG BỘ TỈNH QUẢNG NGÃI"  # no break inserted to fit the column
        with pdfplumber.open(r.pdf) as document:
            lines = [line["text"] for line in document.pages[0].extract_text_lines()]
        assert any(line.startswith("ĐẢNG BỘ TỈNH QUẢNG NGÃI") for line in lines), (stem, lines[:3])
        assert any(line.endswith("ĐẢNG CỘNG SẢN VIỆT NAM") for line in lines), (stem, lines[:3])
        parent = Docx(r.docx).tables[0].rows[0].cells[0].paragraphs[0]
        assert parent.text == "ĐẢNG BỘ TỈNH QUẢNG NGÃI" and not parent._p.findall(f".//{qn('w:br')}")


# --- defect 2: the signature block never alone ---------------------------------------------------------------


def body_above_signer(path, signer_title: str) -> bool:
    """Whether the last page carries a line of text above the signer's title (not the Nơi nhận)."""
    with pdfplumber.open(path) as document:
        page = document.pages[-1]
        lines = [line for line in page.extract_text_lines() if line["top"] > 20 * PT_PER_MM]
    title = next(line for line in lines if signer_title in line["text"])
    return any(line["bottom"] < title["top"] - 6 for line in lines)


@pytest.mark.parametrize("stem", ["02-giay-moi", "05-bao-cao-du-luan"])
@pytest.mark.parametrize("profile", SESSIONS)
def test_the_signature_block_takes_the_end_of_the_body_with_it(rendered, tmp_path, profile, stem):
    """Lengthen a one-page document a paragraph at a time until it runs onto a second page: at the first
    length that does, the last page still carries body text above the signer's title."""
    document = rendered[(profile, stem)].document
    filler = Paragraph("Nội dung thêm để thử ngắt trang: " + "chữ " * 12)
    title = document.signatures[-1].authority or document.signatures[-1].title
    for extra in range(1, 30):
        longer = dataclasses.replace(document, body=document.body[:-1] + (filler,) * extra + document.body[-1:])
        target = tmp_path / f"{extra}.pdf"
        pdf.to_pdf(longer, target)
        with pdfplumber.open(target) as out:
            if len(out.pages) == 1:
                continue
        assert body_above_signer(target, title.split()[0]), f"{extra} đoạn thêm: khối chữ ký đứng một mình"
        return
    pytest.fail("never ran onto a second page")


@pytest.mark.parametrize("profile", SESSIONS)
def test_docx_keeps_the_last_paragraph_with_an_unsplittable_closing(rendered, profile):
    for (p, stem), r in rendered.items():
        if p != profile or r.document.attached_to:  # issued with another document: no closing of its own
            continue
        body = Docx(r.docx).element.body
        closing = body.findall(qn("w:tbl"))[-1]
        assert closing.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:cantSplit')}") is not None, stem
        before = closing.getprevious()
        assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, stem


# --- defect 10: table header repeated; the "*" regular ------------------------------------------------------------


@pytest.mark.parametrize("profile", SESSIONS)
def test_plan_table_repeats_its_header_row(rendered, tmp_path, profile):
    """The kế hoạch's table, made ten times as long: every page it runs onto starts with its header row."""
    document = rendered[(profile, "01-ke-hoach")].document
    body = tuple(
        dataclasses.replace(b, rows=b.rows * 10 + ((*b.rows[-1][:-1], "HẾTBẢNG"),)) if isinstance(b, Table) else b
        for b in document.body
    )
    longer = dataclasses.replace(document, body=body)
    pdf.to_pdf(longer, tmp_path / "ke-hoach.pdf")
    docx.to_docx(longer, tmp_path / "ke-hoach.docx", docx.template_for(profile, None))
    last_cell = "HẾTBẢNG"
    with pdfplumber.open(tmp_path / "ke-hoach.pdf") as out:
        pages = [
            [line["text"] for line in page.extract_text_lines() if line["top"] > 20 * PT_PER_MM] for page in out.pages
        ]
    first = next(i for i, lines in enumerate(pages) if any(line.startswith("STT") for line in lines))
    header = next(line for line in pages[first] if line.startswith("STT"))
    end = max(i for i, lines in enumerate(pages) if any(last_cell in line for line in lines))
    assert end > first  # the table runs onto another page
    for number in range(first + 1, end + 1):
        assert pages[number][0] == header, f"trang {number + 1}: {pages[number][0]}"
    tables = Docx(tmp_path / "ke-hoach.docx").tables[1:-1]  # between the letterhead and the closing
    assert tables
    for table in tables:
        first_row = table._tbl.tr_lst[0]
        assert first_row.trPr is not None and first_row.trPr.find(qn("w:tblHeader")) is not None


def test_party_star_is_upright_and_regular_in_both(rendered):
    r = rendered[("HD36", "02-giay-moi")]
    star = next(p for p in Docx(r.docx).tables[0].rows[0].cells[0].paragraphs if p.text == "*")
    bold = star.runs[0].bold if star.runs[0].bold is not None else star.style.font.bold
    assert bold is False and not star.runs[0].italic
    with pdfplumber.open(r.pdf) as document:
        chars = [c for c in document.pages[0].chars if c["text"] == "*"]
    assert chars and all("Bold" not in c["fontname"] and "Italic" not in c["fontname"] for c in chars)


# --- defect 11: rule widths ----------------------------------------------------------------------------------


def rule_under(page, text_line) -> float:
    """The width of the horizontal rule drawn within 6 mm under ``text_line``."""
    rules = [
        e
        for e in page.edges
        if e["orientation"] == "h" and 0 < e["top"] - text_line["bottom"] < 6 * PT_PER_MM and e["width"] > 5
    ]
    return max(e["width"] for e in rules)


def docx_rule_ratio(paragraph, column_mm: float, text_mm: float) -> float:
    f = paragraph.paragraph_format
    return (column_mm - f.left_indent.mm - f.right_indent.mm) / text_mm


@pytest.mark.parametrize("stem", ["01-ke-hoach", "02-giay-moi", "07-thong-bao-ket-luan"])
def test_rules_are_a_third_to_a_half_of_their_text(rendered, stem):
    r = rendered[("ND30", stem)]
    profile = load_profile("ND30")
    with pdfplumber.open(r.pdf) as document:
        page = document.pages[0]
        lines = page.extract_text_lines()
    subject = [line for line in lines if line["text"] in r.document.printed_subject.replace("\n", " ")]
    issuer = [line for line in lines if line["text"].startswith(tuple(r.document.issuer.split("\n")))]
    subject_mm = max(line["x1"] - line["x0"] for line in subject) / PT_PER_MM
    issuer_mm = max(line["x1"] - line["x0"] for line in issuer[-2:]) / PT_PER_MM
    assert 1 / 3 <= rule_under(page, subject[-1]) / PT_PER_MM / subject_mm <= 1 / 2
    paragraphs = Docx(r.docx).paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == r.document.printed_subject)
    assert paragraphs[at + 1].style.name == "HS Gach"
    assert 1 / 3 <= docx_rule_ratio(paragraphs[at + 1], profile.text_width_mm, subject_mm) <= 1 / 2
    cell = Docx(r.docx).tables[0].rows[0].cells[0]
    rule = next(p for p in cell.paragraphs if p.style.name == "HS Gach")
    column_mm = profile.text_width_mm * profile.issuer_column
    assert 1 / 3 <= docx_rule_ratio(rule, column_mm, issuer_mm) <= 1 / 2


def test_docx_lines_are_exactly_as_tall_as_the_pdf_lines(rendered):
    """Every paragraph style of the Word template: exact line height 1.25 × size, as the CSS line-height."""
    for profile in SESSIONS:
        d = Docx(rendered[(profile, "02-giay-moi")].docx)
        for style in d.styles:
            if not style.name.startswith("HS ") or style.name == "HS Gach":
                continue
            f = style.paragraph_format
            assert f.line_spacing_rule is not None and f.line_spacing.pt == pytest.approx(style.font.size.pt * 1.25)


def test_every_composed_document_is_covered():
    records = load([REPO / "examples"]).records
    session = next(s for s in records.sessions if s.id == SESSIONS["ND30"])
    assert "01-ke-hoach" in {d.stem for d in compose_session(records, session)}
