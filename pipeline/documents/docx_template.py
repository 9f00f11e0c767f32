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


def _border(paragraph, side: str) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _rule(cell_or_doc, width_mm: float, column_mm: float) -> None:
    """A centred short rule: a tiny empty paragraph whose bottom border spans between its indents."""
    p = cell_or_doc.add_paragraph(style="HS Gach")
    side = max((column_mm - width_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    _border(p, "bottom")


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
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, (size, style, align, indent) in STYLES.items():
        s = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        s.base_style = normal
        s.font.size = Pt(profile.sizes.get(size, 2))
        flags = profile.styles.get(style, ()) if style else ()
        s.font.bold = "dam" in flags
        s.font.italic = "nghieng" in flags
        s.font.underline = "gach_chan" in flags
        s.paragraph_format.alignment = _ALIGN[align]
        if indent:
            s.paragraph_format.first_line_indent = Cm(1.27)
            s.paragraph_format.space_before = Pt(6)
            s.paragraph_format.line_spacing = 1.15
    doc.styles["HS Dia danh ngay"].paragraph_format.space_before = Pt(6)
    # The rule paragraph is a sliver: its bottom border is the line, just under the text above.
    doc.styles["HS Gach"].paragraph_format.line_spacing = Pt(3)
    doc.styles["HS Gach"].paragraph_format.space_after = Pt(2)
    doc.styles["HS Ten loai"].paragraph_format.space_before = Pt(18)
    doc.styles["HS Trich yeu"].paragraph_format.space_after = Pt(6)
    doc.styles["HS So ky hieu"].paragraph_format.space_before = Pt(4)


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

    head = doc.add_table(rows=1, cols=2)
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
        left.add_paragraph("*", style="HS Co quan ban hanh")
    else:
        _rule(left, left_mm * 0.35, left_mm)
    left.add_paragraph("{%p if number_line %}")
    left.add_paragraph("{{ number_line }}", style="HS So ky hieu")
    left.add_paragraph("{%p endif %}")
    left.add_paragraph("{%p if is_letter %}")
    left.add_paragraph("{{ subject }}", style="HS Trich yeu cong van")
    left.add_paragraph("{%p endif %}")

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
    right.add_paragraph("{{ place_date }}", style="HS Dia danh ngay")

    doc.add_paragraph("{%p if not is_letter %}")
    doc.add_paragraph("{{ type_name }}", style="HS Ten loai")
    doc.add_paragraph("{{ subject }}", style="HS Trich yeu")
    if profile.rule_under_subject:
        _rule(doc, text_mm * 0.25, text_mm)
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
