"""Building the default DOCX template of a profile: page setup, named styles, letterhead, placeholders.

The result (``templates/docx/ND30.docx``, ``HD36.docx``) is an ordinary Word file: an office can open
it, change the styles named "HS …" or move the letterhead, and save it in its unit folder as
``mau-van-ban/<profile>.docx`` to override the default. Regenerate the defaults with
``python -m pipeline.documents.docx_template`` after changing a profile.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..profile import Profile, available, load_profile
from .metrics import text_width_mm

DOCX_DIR = Path(__file__).resolve().parents[2] / "templates" / "docx"

# style name -> (profile size key, profile style key or None, alignment, first-line indent)
STYLES = {
    "HS Co quan chu quan": ("co_quan_chu_quan", "co_quan_chu_quan", "center", False),
    "HS Co quan ban hanh": ("co_quan_ban_hanh", "co_quan_ban_hanh", "center", False),
    "HS So ky hieu": ("so_ky_hieu", None, "center", False),
    "HS Trich yeu cong van": ("trich_yeu_cong_van", "trich_yeu_cong_van", "center", False),
    "HS Quoc hieu": ("quoc_hieu", "quoc_hieu", "center", False),
    "HS Tieu ngu": ("tieu_ngu", "tieu_ngu", "center", False),
    "HS Dia danh ngay": ("dia_danh_ngay", "dia_danh_ngay", "center", False),
    "HS Ten loai": ("ten_loai", "ten_loai", "center", False),
    "HS Trich yeu": ("trich_yeu", "trich_yeu", "center", False),
    "HS Noi dung": ("noi_dung", None, "justify", True),
    "HS Muc": ("noi_dung", "trich_yeu", "justify", True),
    "HS Dong": ("noi_dung", None, "justify", True),
    "HS Giua": ("noi_dung", None, "center", False),
    "HS Bang": ("bang", None, "left", False),
    "HS Bang tieu de": ("bang", "trich_yeu", "center", False),
    "HS Noi nhan nhan": ("noi_nhan_nhan", "noi_nhan_nhan", "left", False),
    "HS Noi nhan": ("noi_nhan", None, "left", False),
    "HS Quyen han": ("quyen_han", "quyen_han", "center", False),
    "HS Chuc vu": ("chuc_vu", "chuc_vu", "center", False),
    "HS Ho ten": ("ho_ten", "ho_ten", "center", False),
    "HS Gach": ("gach", None, "center", False),
}
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT}


# Vertical metrics shared with templates/html/document.css.j2: every line is exactly LINE × its size and
# every space is the one the stylesheet gives (pt), so LibreOffice breaks the DOCX's pages where WeasyPrint
# breaks the PDF's. Change one, change the other.
LINE = 1.25
SPACE_BEFORE = {  # style -> space above it; the CSS margin-top of the same element
    "HS Noi dung": 6, "HS Muc": 6, "HS Dong": 6, "HS Giua": 6,  # .body p
    "HS Ten loai": 18,  # .type-name
    "HS So ky hieu": 6, "HS Dia danh ngay": 6,  # .number-row td (padding-top)
    "HS Trich yeu cong van": 4,  # .letter-subject
}  # fmt: skip
RULE_PT = 0.75  # every short rule and underline (border size 6 eighths of a point; CSS 0.75pt)
SIGNATURE_SPACE_MM = 22  # .signature-space: room to sign and stamp
CLOSING_SPACE_PT = 12  # .closing margin-top
SUBJECT_SPACE_PT = 12  # .subject margin-bottom
RULE_SHARE = 0.4  # a short rule is 40% of the text above it (Phụ lục I: 1/3 to 1/2)


def _border(paragraph, side: str, space_pt: int = 1) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    size = str(round(RULE_PT * 8))
    for key, value in (("val", "single"), ("sz", size), ("space", str(space_pt)), ("color", "000000")):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _rule(cell_or_doc, width_mm: float, column_mm: float, space_pt: int = 1):
    """A centred short rule: a 1 pt empty paragraph whose bottom border, ``space_pt`` under it, spans
    between its indents (the CSS draws it ``1 + space_pt`` pt under the text above). docx.py sets its
    width to the text above when it fills the template (``RULE_SHARE``)."""
    p = cell_or_doc.add_paragraph(style="HS Gach")
    side = max((column_mm - width_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    _border(p, "bottom", space_pt)
    return p


def fixed_widths(table, widths_mm: list[float]) -> None:
    """Column widths that Word and LibreOffice both keep: the grid, every cell, and a fixed layout."""
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    table.autofit = False
    # Walk the XML: python-docx's column.cells rebuilds the whole grid on each call (quadratic in rows).
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        grid_column.w = Mm(width)
    for row in table._tbl.tr_lst:
        for cell, width in zip(row.tc_lst, widths_mm, strict=True):
            cell.width = Mm(width)


def _no_padding(table) -> None:
    """Zero cell margins, so a column's full width is usable (the national title needs 95.7 of 99 mm)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _no_borders(table) -> None:
    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    props.append(borders)


def _page_number(section, size_pt: float) -> None:
    """Page number centred in the top margin, from page 2 (page 1 shows none)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(int(size_pt * 2)))
    props.append(size)
    text = OxmlElement("w:t")
    text.text = "2"
    run.extend([props, text])
    field.append(run)
    p._p.append(field)


def _styles(doc, profile: Profile) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = profile.fonts[0]
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), profile.fonts[0])
    normal.font.size = Pt(profile.sizes["noi_dung"])
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(profile.sizes["noi_dung"] * LINE)
    normal.paragraph_format.widow_control = True  # CSS orphans: 2; widows: 2
    for name, (size, style, align, indent) in STYLES.items():
        s = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        s.base_style = normal
        s.font.size = Pt(profile.sizes.get(size, 2))
        s.paragraph_format.line_spacing = Pt(profile.sizes.get(size, 2) * LINE)  # exact, as CSS line-height
        s.paragraph_format.space_before = Pt(SPACE_BEFORE.get(name, 0))
        flags = profile.styles.get(style, ()) if style else ()
        s.font.bold = "dam" in flags
        s.font.italic = "nghieng" in flags
        s.font.underline = "gach_chan" in flags
        s.paragraph_format.alignment = _ALIGN[align]
        if indent:
            s.paragraph_format.first_line_indent = Cm(1.27)
    # The rule paragraph is a sliver: its bottom border is the line, just under the text above.
    doc.styles["HS Gach"].paragraph_format.line_spacing = Pt(1)
    # .subject: 8% of the text width free on each side; 12 pt under it, or under its rule. Between two
    # paragraphs LibreOffice keeps the larger of the space after and the space before, as CSS collapses
    # margins: 12 pt, not 12 + the body's 6.
    subject = doc.styles["HS Trich yeu"].paragraph_format
    subject.left_indent = subject.right_indent = Mm(profile.text_width_mm * 0.08)
    subject.space_after = Pt(0 if profile.rule_under_subject else SUBJECT_SPACE_PT)


def build(profile: Profile) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    m = profile.margins_mm
    section.top_margin, section.bottom_margin = Mm(m["tren"]), Mm(m["duoi"])
    section.left_margin, section.right_margin = Mm(m["trai"]), Mm(m["phai"])
    section.header_distance = Mm(m["tren"] / 2)
    _styles(doc, profile)
    _page_number(section, profile.sizes["so_trang"])
    text_mm = profile.text_width_mm
    left_mm, right_mm = text_mm * profile.issuer_column, text_mm * (1 - profile.issuer_column)

    # Two columns, two rows: the names and the national title; then the số and the place-date on one
    # line (ND30 Phụ lục I, Mục II, khoản 4, điểm c; HD36 the same), a công văn's "V/v …" under the số.
    head = doc.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(head)
    _no_padding(head)
    fixed_widths(head, [left_mm, right_mm])
    left, right = head.rows[0].cells
    left.paragraphs[0].text = "{%p if parent_body %}"
    left.add_paragraph("{{ parent_body }}", style="HS Co quan chu quan")
    left.add_paragraph("{%p endif %}")
    left.add_paragraph("{{ issuer }}", style="HS Co quan ban hanh")
    if profile.under_issuer == "*":
        star = left.add_paragraph(style="HS Co quan ban hanh").add_run("*")
        star.bold = False  # a mark under the name, upright and not bold, as the PDF prints it
    else:
        _rule(left, left_mm * RULE_SHARE, left_mm)
    number, date = head.rows[1].cells
    number.paragraphs[0].text = "{{ number_line }}"  # empty for an unnumbered document: the cell keeps a paragraph
    number.paragraphs[0].style = doc.styles["HS So ky hieu"]
    number.add_paragraph("{%p if is_letter %}")
    number.add_paragraph("{{ subject }}", style="HS Trich yeu cong van")
    number.add_paragraph("{%p endif %}")

    bold = "dam" in profile.styles.get("quoc_hieu", ())
    title = right.paragraphs[0]
    title.style = doc.styles["HS Quoc hieu"]
    title.text = profile.national_title
    ruled = title
    if profile.motto:
        ruled = right.add_paragraph(profile.motto, style="HS Tieu ngu")
        width = text_width_mm(profile.motto, profile.sizes["tieu_ngu"], "dam" in profile.styles.get("tieu_ngu", ()))
    else:
        width = text_width_mm(profile.national_title, profile.sizes["quoc_hieu"], bold)
    side = max((right_mm - width) / 2 - 1, 0)
    ruled.paragraph_format.left_indent = ruled.paragraph_format.right_indent = Mm(side)
    _border(ruled, "bottom")
    date.paragraphs[0].text = "{{ place_date }}"
    date.paragraphs[0].style = doc.styles["HS Dia danh ngay"]

    doc.add_paragraph("{%p if not is_letter %}")
    doc.add_paragraph("{{ type_name }}", style="HS Ten loai")
    doc.add_paragraph("{{ subject }}", style="HS Trich yeu")
    # "(Kèm theo Giấy mời số …)" of a document issued with another: italic, not bold (.subject .attached)
    doc.add_paragraph("{%p if attached_to %}")
    attached = doc.add_paragraph("{{ attached_to }}", style="HS Trich yeu")
    attached.runs[0].bold, attached.runs[0].italic = False, True
    doc.add_paragraph("{%p endif %}")
    if profile.rule_under_subject:
        rule = _rule(doc, text_mm * 0.84 * RULE_SHARE, text_mm, space_pt=2)
        rule.paragraph_format.space_after = Pt(SUBJECT_SPACE_PT)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{p body }}")
    doc.add_paragraph("{{p closing }}")
    # python-docx starts a document with one empty paragraph; the template needs none
    first = doc.paragraphs[0]
    if not first.text and first._p.getprevious() is None:
        first._p.getparent().remove(first._p)
    doc.core_properties.title = f"Mẫu văn bản hoso — {profile.name}"
    doc.core_properties.author = "hoso"
    return doc


def main(argv: list[str]) -> None:
    DOCX_DIR.mkdir(parents=True, exist_ok=True)
    for profile_id in argv or available():
        target = DOCX_DIR / f"{profile_id}.docx"
        build(load_profile(profile_id)).save(str(target))
        print(f"đã ghi {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
