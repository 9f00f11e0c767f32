"""DOCX rendition: the profile's Word template filled by docxtpl, escaping always on.

The letterhead comes from the template's placeholders; the body and the closing blocks are built as
docxtpl subdocuments using the template's own named styles ("HS Noi dung", "HS Chuc vu" …), so an
office that restyles those styles in Word restyles every document.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import jinja2
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, Subdoc

from .docx_template import DOCX_DIR, _no_borders, fixed_widths
from .model import ComposedDocument, Figure, Signature, Table, TemplateProblem
from .texts import OVERRIDE_DIR

STYLE = {"body": "HS Noi dung", "heading": "HS Muc", "item": "HS Dong", "centre": "HS Giua"}
_TAG = re.compile(r"\{[{%#]")


class _Styles:
    """The template's paragraph styles by name, looked up once: python-docx scans every style of the
    file on each lookup by name, which was half the time of a DOCX."""

    def __init__(self, docx_document):
        self.ids = {s.name: s.style_id for s in docx_document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}

    def set(self, paragraph, name: str):
        if name not in self.ids:
            raise KeyError(name)
        paragraph._p.get_or_add_pPr().style = self.ids[name]
        return paragraph

    def add(self, container, text: str, name: str):
        return self.set(container.add_paragraph(text), name)


class _Subdoc(Subdoc):
    """docxtpl's Subdoc without opening python-docx's default .docx from disk for every one (a fifth of
    the DOCX time): an empty body that carries the template's page setup, tied to the template's part so
    its paragraphs use the template's styles."""

    def __init__(self, tpl: DocxTemplate):
        self.tpl = tpl
        self.docx = tpl.get_docx()
        element = parse_xml(f"<w:document {nsdecls('w')}><w:body/></w:document>")
        if self.docx.element.body.sectPr is not None:
            element.body.append(copy.deepcopy(self.docx.element.body.sectPr))
        self.subdocx = DocxDocument(element, self.docx.part)


def template_for(profile_id: str, unit_folder: Path | None) -> Path:
    if unit_folder is not None:
        own = unit_folder / OVERRIDE_DIR / f"{profile_id}.docx"
        if own.is_file():
            return own
    return DOCX_DIR / f"{profile_id}.docx"


def to_docx(document: ComposedDocument, target: Path, template: Path) -> None:
    try:
        tpl = DocxTemplate(template)
        tpl.init_docx()
    except Exception as e:  # not a Word file, or damaged
        raise TemplateProblem(f"mẫu {template}: không mở được như tệp Word ({type(e).__name__})") from None
    text_mm = (
        tpl.docx.sections[0].page_width - tpl.docx.sections[0].left_margin - tpl.docx.sections[0].right_margin
    ) / Mm(1)
    try:
        styles = _Styles(tpl.docx)
        body = _Subdoc(tpl)
        for block in document.body:
            if isinstance(block, Table):
                _table(body, block, text_mm, styles)
            elif isinstance(block, Figure):
                picture = styles.add(body, "", "HS Giua")
                picture.add_run().add_picture(io.BytesIO(block.png), width=Mm(min(block.width_mm, text_mm)))
                caption = styles.add(body, block.caption, "HS Giua")
                caption.runs[0].italic = True
            else:
                styles.add(body, block.text, STYLE[block.style])
        closing = _Subdoc(tpl)
        _closing(closing, document, text_mm, styles)
    except KeyError as e:  # a style the office deleted from its template
        raise TemplateProblem(
            f"mẫu {template}: thiếu kiểu đoạn văn {e} mà hoso cần; hãy khôi phục kiểu này trong Word"
        ) from None
    context = {
        "parent_body": document.parent_body or "",
        "issuer": document.issuer,
        "number_line": document.number_line or "",
        "place_date": document.place_date,
        "type_name": document.type_name or "",
        "subject": document.subject,
        "is_letter": document.is_letter,
        "body": body,
        "closing": closing,
    }
    try:
        tpl.render(context, autoescape=True, jinja_env=jinja2.Environment(undefined=jinja2.StrictUndefined))
    except jinja2.TemplateError as e:
        raise TemplateProblem(_locate(template, e)) from None
    tpl.save(target)


def _locate(template: Path, error: jinja2.TemplateError) -> str:
    """Name the paragraph of the Word template whose tag is broken, by parsing each paragraph alone."""
    from docx import Document as Docx

    doc = Docx(str(template))
    cells = [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    env = jinja2.Environment()
    for i, p in enumerate(list(doc.paragraphs) + cells, 1):
        text = p.text.strip()
        # docxtpl's own paragraph tags ({%p …}, {{p …}}) only make sense together; Jinja checks the rest.
        if not _TAG.search(text) or re.search(r"\{[{%]\s*[ptrc]\s", text):
            continue
        try:
            env.parse(text)
        except jinja2.TemplateSyntaxError as inner:
            return f"mẫu {template}, đoạn thứ {i} «{text[:80]}»: {inner.message}"
    return f"mẫu {template}: {getattr(error, 'message', None) or error}"


def _table(doc, table: Table, text_mm: float, styles: _Styles) -> None:
    t = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(table.widths)
    fixed_widths(t, [text_mm * w / total for w in table.widths])
    # Rows and cells straight from the XML: t.rows[i].cells[j] rebuilds the grid on each call.
    for row_index, (row, values) in enumerate(zip(t._tbl.tr_lst, (table.columns, *table.rows), strict=True)):
        style = "HS Bang tieu de" if row_index == 0 else "HS Bang"
        for cell, value in zip(row.tc_lst, values, strict=True):
            paragraph = DocxParagraph(cell.p_lst[0], t)
            paragraph.text = value
            styles.set(paragraph, style)
    styles.add(doc, "", "HS Bang")  # Word needs a paragraph between a table and what follows


def _closing(doc, document: ComposedDocument, text_mm: float, styles: _Styles) -> None:
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    fixed_widths(t, [text_mm * 0.5, text_mm * 0.5])
    left, right = t.rows[0].cells
    if len(document.signatures) > 1:
        _signature(left, document.signatures[0], styles)
    elif document.recipients:
        left.paragraphs[0].text = document.profile.recipients_label
        styles.set(left.paragraphs[0], "HS Noi nhan nhan")
        for r in document.recipients:
            styles.add(left, f"- {r};", "HS Noi nhan")
        styles.add(left, f"- {document.profile.archive_line}", "HS Noi nhan")
    _signature(right, document.signatures[-1], styles)


def _signature(cell, signature: Signature, styles: _Styles) -> None:
    first = cell.paragraphs[0]
    if signature.authority:
        first.text = signature.authority
        styles.set(first, "HS Quyen han")
        styles.add(cell, signature.title, "HS Chuc vu")
    else:
        first.text = signature.title
        styles.set(first, "HS Chuc vu")
    for _ in range(4):  # room to sign and stamp
        styles.add(cell, "", "HS Ho ten")
    styles.add(cell, signature.name, "HS Ho ten")
