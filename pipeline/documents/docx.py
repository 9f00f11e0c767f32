"""DOCX rendition: the profile's Word template filled by docxtpl, escaping always on.

The letterhead comes from the template's placeholders; the body and the closing blocks are built as
docxtpl subdocuments using the template's own named styles ("HS Noi dung", "HS Chuc vu" …), so an
office that restyles those styles in Word restyles every document.
"""

from __future__ import annotations

import copy
import html
import io
import re
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate, Subdoc
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError

from .docx_template import (
    CLOSING_SPACE_PT,
    DOCX_DIR,
    RULE_SHARE,
    SIGNATURE_SPACE_MM,
    _no_borders,
    _no_padding,
    fixed_widths,
)
from .metrics import long_row, text_width_mm
from .model import Addressees, ComposedDocument, Figure, Signature, Table, TemplateProblem
from .texts import OVERRIDE_DIR

STYLE = {"body": "HS Noi dung", "heading": "HS Muc", "item": "HS Dong", "centre": "HS Giua"}
_TAG = re.compile(r"\{[{%#]")
CONTEXT_NAMES = (
    "parent_body",
    "issuer",
    "number_line",
    "place_date",
    "type_name",
    "subject",
    "is_letter",
    "attached_to",
    "body",
    "closing",
)

# --- the sandbox every Word template is rendered in ------------------------------------------------
#
# A unit's own template (mau-van-ban/<profile>.docx) is a file anyone in the office can edit or receive
# from elsewhere, so its tags run in Jinja's sandbox: no attribute starting with "_" (the way from
# ``cycler`` to ``os``), no method that changes a list or dict, no other template ({% include %},
# {% import %}, {% extends %}), and bounds on what makes a huge value from a short tag.

MAX_TEXT = 100_000  # characters one operation of a template may make
_NO_INCLUDE = "mẫu văn bản không được dùng {% include %}, {% import %} hay {% extends %}: mẫu không được đọc tệp khác"
_WIDE_FORMAT = re.compile(r"%[-#0 +]*(?:\*|\d{6,})|\{[^{}]*?(?:\d{6,}|\{)")
_WIDENING = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _too_big(message: str) -> SecurityError:
    return SecurityError(f"{message}; mẫu văn bản không được tạo giá trị lớn hơn {MAX_TEXT:,} ký tự")


def _check_format(template: Any) -> None:
    if isinstance(template, str) and _WIDE_FORMAT.search(template):
        raise _too_big("định dạng có độ rộng quá lớn")


def _bounded_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse the operators that turn a short tag into a huge value: 10 ** 10 ** 9, "x" * 10 ** 9, "%0999999999d"."""
    if operator == "**" and isinstance(left, int) and isinstance(right, int):
        if abs(left) > 1 and right > 0 and right * abs(left).bit_length() > 64 * 1024:
            raise _too_big("lũy thừa quá lớn")
    elif operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and len(sequence) * times > MAX_TEXT:
                raise _too_big("phép nhân chuỗi quá lớn")
    elif operator == "%":
        _check_format(left)


def _bounded_filter(name: str, filter_function: Any) -> Any:
    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
        if name in ("center", "indent", "slice") and any(n > MAX_TEXT for n in numbers):
            raise _too_big(f"bộ lọc {name} với số quá lớn")
        if name == "format":
            _check_format(value)
        return filter_function(value, *args, **kwargs)

    bounded.__name__ = getattr(filter_function, "__name__", name)
    if hasattr(filter_function, "jinja_pass_arg"):  # @pass_context and the like: Jinja must pass the same
        bounded.jinja_pass_arg = filter_function.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, autoescaped and strict, with no loader and the bounds above."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self.globals.pop("lipsum", None)  # lipsum(n=10**9): pages of text from four characters
        for name in ("center", "indent", "slice", "format"):
            self.filters[name] = _bounded_filter(name, self.filters[name])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _bounded_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's names)
        method = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        if isinstance(getattr(method, "__self__", None), str):
            name = getattr(method, "__name__", "")
            if name in _WIDENING and any(isinstance(a, int) and a > MAX_TEXT for a in (*args, *kwargs.values())):
                raise _too_big(f"{name}() với độ rộng quá lớn")
            if name in ("format", "format_map"):
                _check_format(method.__self__)
        return super().call(__context, __obj, *args, **kwargs)

    def get_template(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise SecurityError(_NO_INCLUDE)

    def select_template(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise SecurityError(_NO_INCLUDE)

    def get_or_select_template(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise SecurityError(_NO_INCLUDE)


def sandbox() -> jinja2.Environment:
    """A fresh sandboxed environment for one Word template (docxtpl sets options on the one it is given)."""
    return _Sandbox()


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


class _Template(DocxTemplate):
    """docxtpl's template, remembering which part of the file it was rendering when a tag failed."""

    failed_in: tuple[str, str] | None = None  # (part name, the part's XML as Jinja read it)

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except Exception:
            self.failed_in = (str(part.partname), src_xml)
            raise

    def render_properties(self, context: dict[str, Any], jinja_env: jinja2.Environment | None = None) -> None:
        try:
            super().render_properties(context, jinja_env)
        except Exception:
            self.failed_in = ("properties", "")
            raise


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
        tpl = _Template(template)
        tpl.init_docx()
    except Exception as e:  # not a Word file, or damaged
        raise TemplateProblem(f"mẫu {template}: không mở được như tệp Word ({type(e).__name__})") from None
    text_mm = (
        tpl.docx.sections[0].page_width - tpl.docx.sections[0].left_margin - tpl.docx.sections[0].right_margin
    ) / Mm(1)
    try:
        styles = _Styles(tpl.docx)
        body = _Subdoc(tpl)
        for index, block in enumerate(document.body):
            if isinstance(block, Table):
                _table(body, block, text_mm, styles, document.profile.sizes["bang"])
            elif isinstance(block, Addressees):
                _addressees(body, block, text_mm, styles)
            elif isinstance(block, Figure):
                # As the CSS .chart: 8 pt above, the picture's own height (an exact line would crop it),
                # kept with its caption, which is italic at the table size, 2 pt under it and 4 pt above what follows.
                picture = styles.add(body, "", "HS Giua")
                picture.add_run().add_picture(io.BytesIO(block.png), width=Mm(min(block.width_mm, text_mm)))
                picture.paragraph_format.line_spacing = 1.0
                picture.paragraph_format.space_before = Pt(8)
                picture.paragraph_format.keep_with_next = True
                caption = styles.add(body, block.caption, "HS Giua")
                caption.runs[0].italic = True
                caption.runs[0].font.size = Pt(document.profile.sizes["bang"])
                caption.paragraph_format.line_spacing = Pt(document.profile.sizes["bang"] * 1.25)
                caption.paragraph_format.space_before = Pt(2)
                caption.paragraph_format.space_after = Pt(4)
            else:
                paragraph = styles.add(body, block.text, STYLE[block.style])
                if document.kept_with_next(index):
                    paragraph.paragraph_format.keep_with_next = True
        _keep_with_next(body)
        closing = _Subdoc(tpl)
        _closing(closing, document, text_mm, styles)
        _keep_together(closing)
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
        "subject": document.printed_subject,
        "is_letter": document.is_letter,
        "attached_to": document.attached_to or "",
        "body": body,
        "closing": closing,
    }
    try:
        tpl.render(context, autoescape=True, jinja_env=sandbox())
    except jinja2.TemplateError as e:
        raise TemplateProblem(_locate(template, tpl.failed_in, e)) from None
    except Exception as e:
        if template.resolve().is_relative_to(DOCX_DIR.resolve()):
            raise  # hoso's own template: a bug in hoso, not the office's doing
        # Anything else while rendering an office's own template is that template's doing (a range or a
        # value too big, a call that fails): named like a tag error, never an internal error.
        raise TemplateProblem(_locate(template, tpl.failed_in, e)) from None
    _fit_rules(tpl.docx, document)
    if document.attached_to:
        _attach_under_subject(tpl.docx, document.attached_to)
    if document.draft:
        _mark_draft(tpl.docx)
    tpl.save(target)


def _attach_under_subject(doc: Any, line: str) -> None:
    """The "(Kèm theo …)" line right under the trích yếu, as in the PDF (one block there): the space the
    style puts under the trích yếu goes under this line instead."""
    paragraphs = doc.paragraphs
    for before, paragraph in zip(paragraphs, paragraphs[1:], strict=False):
        if paragraph.text == line:
            after = before.paragraph_format.space_after
            if after is None:
                after = before.style.paragraph_format.space_after
            paragraph.paragraph_format.space_after = after
            before.paragraph_format.space_after = Pt(0)
            return


def _keep_with_next(body: Subdoc) -> None:
    """The body's last paragraph (and a closing table's last row) stays on the page of the signature
    block, so the block is never alone on the last page (the CSS: ``.body > :last-child``)."""
    paragraphs = body.subdocx.element.body.findall(qn("w:p"))
    if not paragraphs:
        return
    last = paragraphs[-1]
    keep = [last]
    before = last.getprevious()
    if before is not None and before.tag == qn("w:tbl"):  # the paragraph Word needs after a table
        keep += list(before.findall(qn("w:tr"))[-1].iter(qn("w:p")))
    for p in keep:
        DocxParagraph(p, body.subdocx).paragraph_format.keep_with_next = True


def _keep_together(closing: Subdoc) -> None:
    """The closing block: one row never split across pages, 12 pt under the body, and no cell padding, so
    the signature is centred in its half of the text width (CSS ``.closing``)."""
    for table in closing.subdocx.tables:
        _no_padding(table)
    for row in closing.subdocx.element.body.iter(qn("w:tr")):
        row.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell in row.tc_lst:
            DocxParagraph(cell.p_lst[0], closing.subdocx).paragraph_format.space_before = Pt(CLOSING_SPACE_PT)


def _widest_line_mm(text: str, size: float, bold: bool) -> float:
    return max((text_width_mm(line, size, bold) for line in text.splitlines()), default=0)


def _fit_rules(doc: Any, document: ComposedDocument) -> None:
    """Short rules under the issuer's name and the trích yếu, 40% of the text above them (ND30 Phụ lục I:
    1/3 to 1/2 of it), as in the PDF. The template cannot know the names, so the width is set here; a rule
    paragraph ("HS Gach") counts only right under the paragraph carrying that text, so an office's own
    layout is left as it is."""
    profile = document.profile
    gach = next((s.style_id for s in doc.styles if s.name == "HS Gach"), None)
    if gach is None:
        return
    targets = {
        document.issuer: ("co_quan_ban_hanh", None),
        document.printed_subject: ("trich_yeu", 0.84),  # .subject: 8% of the text width free on each side
    }
    section = doc.sections[0]
    text_mm = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    for p in doc.element.body.iter(qn("w:p")):
        before = p.getprevious()
        if before is None or before.tag != qn("w:p") or p.pPr is None or p.pPr.style != gach:
            continue
        above = DocxParagraph(before, doc)
        if above.text not in targets:
            continue
        element, share = targets[above.text]
        column_mm = text_mm
        cell = p.getparent()
        if cell.tag == qn("w:tc"):
            if cell.tcPr is None or cell.tcPr.tcW is None or not cell.tcPr.tcW.w:
                continue
            column_mm = cell.tcPr.tcW.w / Mm(1)
        box = column_mm * share if share else column_mm  # the CSS box: the widest line, or all of it when wrapping
        width = _widest_line_mm(above.text, profile.sizes[element], "dam" in profile.styles.get(element, ()))
        side = max((column_mm - RULE_SHARE * min(width, box)) / 2, 0)
        rule = DocxParagraph(p, doc).paragraph_format
        rule.left_indent = rule.right_indent = Mm(side)


DRAFT_MARK = "DỰ THẢO"
_SIDES = ("top", "left", "bottom", "right")
# What may follow w:pBdr inside w:pPr (the schema's order, which Word enforces).
_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                  "w:rPr", "w:sectPr", "w:pPrChange")  # fmt: skip


def _mark_draft(doc: Any) -> None:
    """A boxed "DỰ THẢO" at the top of every page (in the page headers, so a clerk who prints the draft to
    sign it deletes it there, and the text of the document is unchanged)."""
    for section in doc.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        for header in headers:
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            mark = first.insert_paragraph_before()
            mark.paragraph_format.right_indent = Mm(130)  # a small box, not a rule across the page
            run = mark.add_run(DRAFT_MARK)
            run.bold = True
            run.font.size = Pt(12)
            sides = "".join(f'<w:{s} w:val="single" w:sz="8" w:space="1" w:color="000000"/>' for s in _SIDES)
            borders = parse_xml(f"<w:pBdr {nsdecls('w')}>{sides}</w:pBdr>")
            mark._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDERS)


_PARTS = {"header": "phần đầu trang", "footer": "phần chân trang", "footnotes": "phần chú thích"}


def _explain(error: BaseException) -> str:
    """What went wrong with a tag, in words a clerk can act on."""
    message = getattr(error, "message", None) or str(error)
    if isinstance(error, jinja2.TemplateSyntaxError):
        if "unexpected end of template" in message.lower():
            return f"thẻ mở chưa được đóng ({message})"
        return f"thẻ viết sai cú pháp ({message})"
    if isinstance(error, SecurityError):
        unsafe = re.match(r"access to attribute '(.+?)' of '(.+?)' object is unsafe", message)
        if unsafe:
            return f"mẫu văn bản không được dùng '{unsafe[1]}' (bị chặn để giữ an toàn cho máy)"
        if "not safely callable" in message:
            return "mẫu văn bản không được gọi hàm này (bị chặn để giữ an toàn cho máy)"
        return message  # hoso's own, in Vietnamese
    if isinstance(error, jinja2.UndefinedError):
        missing = re.match(r"'([^']+)' is undefined", message)
        if missing:
            return f"không có giá trị '{missing[1]}'; mẫu chỉ dùng được: {', '.join(CONTEXT_NAMES)}"
        attribute = re.match(r"'.+' has no attribute '([^']+)'", message)
        if attribute:
            return f"giá trị này không có thuộc tính '{attribute[1]}'"
        return f"giá trị không xác định ({message})"
    if isinstance(error, OverflowError) and "range" in message.lower():
        return f"range() quá lớn: mẫu văn bản chỉ được lặp tối đa {MAX_RANGE:,} lần"
    if isinstance(error, MemoryError):
        return "mẫu tạo ra giá trị quá lớn, hết bộ nhớ"
    return f"không dựng được thẻ ({type(error).__name__}: {message})"


def _error_line(error: BaseException) -> int | None:
    """The line of the part's XML where the tag failed: a syntax error carries it; a runtime error has
    it in the frames Jinja rewrites to point at the template."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno
    line, tb = None, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _paragraphs(template: Path) -> list[str]:
    """The text of every paragraph of the template's body, in document order (table cells included)."""
    from docx import Document as Docx
    from docx.oxml.ns import qn

    body = Docx(str(template)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))).strip() for p in body.iter(qn("w:p"))]


def _named(template: Path, place: str, text: str, explained: str) -> str:
    number = ""
    if place == "":
        try:
            found = [i for i, p in enumerate(_paragraphs(template), 1) if p and (text in p or p in text)]
        except Exception:  # the file opened once already; if it does not again, the quote is enough
            found = []
        number = f", đoạn thứ {found[0]}" if found else ""
    where = f", {place}" if place else ""
    return f"mẫu {template}{where}{number} «{text[:80]}»: {explained}"


def _locate(template: Path, failed_in: tuple[str, str] | None, error: BaseException) -> str:
    """Name the place of the Word template whose tag failed: the part, the paragraph and its text."""
    explained = _explain(error)
    if failed_in is None:
        return f"mẫu {template}: {explained}"
    part, xml = failed_in
    if part == "properties":
        return f"mẫu {template}, thuộc tính của tệp (Tiêu đề, Chủ đề, Tác giả…): {explained}"
    place = next((name for key, name in _PARTS.items() if key in part), "")
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml).splitlines()
    end_of_template = isinstance(error, jinja2.TemplateSyntaxError) and "end of template" in str(error.message)
    line = _error_line(error)
    if line and 0 < line <= len(lines) and not end_of_template:
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).split())
        if _TAG.search(text):
            return _named(template, place, text, explained)
    if isinstance(error, jinja2.TemplateSyntaxError) and place == "":
        # An unclosed tag is reported at the end of the part: find the paragraph that cannot stand alone,
        # preferring one that fails the same way. docxtpl's own paragraph tags ({%p …}, {{p …}}) only
        # make sense together; Jinja checks the rest.
        env = jinja2.Environment()
        candidates = []
        for number, text in enumerate(_paragraphs(template), 1):
            if not _TAG.search(text) or re.search(r"\{[{%]\s*[ptrc]\s", text):
                continue
            try:
                env.parse(text)
            except jinja2.TemplateSyntaxError as inner:
                candidates.append((inner.message != error.message, number, text))
        if candidates:
            _, number, text = min(candidates)
            return f"mẫu {template}, đoạn thứ {number} «{text[:80]}»: {explained}"
    return f"mẫu {template}{', ' + place if place else ''}: {explained}"


def _spacer(doc, styles: _Styles, height_pt: float) -> None:
    """An empty paragraph exactly ``height_pt`` tall (the CSS margin around a table)."""
    spacer = styles.add(doc, "", "HS Bang")
    spacer.paragraph_format.line_spacing = Pt(height_pt)
    spacer.paragraph_format.space_before = spacer.paragraph_format.space_after = Pt(0)


def _cell_margins(t, top_bottom_pt: float, left_right_pt: float) -> None:
    """Cell padding as the CSS ``.grid td`` gives it (Word's default is 0 and 5.4 pt)."""
    margins = OxmlElement("w:tblCellMar")
    for side, value in (
        ("top", top_bottom_pt),
        ("left", left_right_pt),
        ("bottom", top_bottom_pt),
        ("right", left_right_pt),
    ):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(value * 20)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    t._tbl.tblPr.append(margins)


def _table(doc, table: Table, text_mm: float, styles: _Styles, size_pt: float) -> None:
    _spacer(doc, styles, 6)  # .grid margin-top
    t = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(table.widths)
    fixed_widths(t, [text_mm * w / total for w in table.widths])
    _cell_margins(t, 2, 3)
    # Rows and cells straight from the XML: t.rows[i].cells[j] rebuilds the grid on each call.
    for row_index, (row, values) in enumerate(zip(t._tbl.tr_lst, (table.columns, *table.rows), strict=True)):
        style = "HS Bang tieu de" if row_index == 0 else "HS Bang"
        properties = row.get_or_add_trPr()
        if not long_row(values, table.widths, text_mm, size_pt):
            properties.append(OxmlElement("w:cantSplit"))  # .grid tr { break-inside: avoid }
        if row_index == 0:
            properties.append(OxmlElement("w:tblHeader"))  # repeated on every page the table runs onto
        for cell, value in zip(row.tc_lst, values, strict=True):
            paragraph = DocxParagraph(cell.p_lst[0], t)
            paragraph.text = value
            styles.set(paragraph, style)
    _spacer(doc, styles, 1)  # Word needs a paragraph between a table and what follows: a sliver


def _addressees(doc, block: Addressees, text_mm: float, styles: _Styles) -> None:
    """The "Kính gửi:" block: centred, its dashes under the colon, as in the PDF."""
    left = max((text_mm - block.width_mm) / 2, 0)
    lines = [(block.label, left)] if not block.single else []
    lines += [(line, left if block.single else left + block.indent_mm) for line in block.lines]
    for i, (text, indent) in enumerate(lines):
        paragraph = styles.add(doc, text, "HS Noi dung")  # the body's type, without its indent and spacing
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.left_indent = Mm(indent)
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if i:
            paragraph.paragraph_format.space_before = Pt(0)


def _closing(doc, document: ComposedDocument, text_mm: float, styles: _Styles) -> None:
    if not document.signatures:  # issued with another document: no signature, no Nơi nhận of its own
        return
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    fixed_widths(t, [text_mm * 0.5, text_mm * 0.5])
    left, right = t.rows[0].cells
    if len(document.signatures) > 1:
        _signature(left, document.signatures[0], styles)
    if document.recipients or document.archive_line:
        first = len(document.signatures) == 1  # else under the secretary's signature (biên bản, Mẫu 1.9)
        label = left.paragraphs[0] if first else left.add_paragraph()
        label.text = document.profile.recipients_label
        styles.set(label, "HS Noi nhan nhan")
        if not first:
            label.paragraph_format.space_before = Pt(12)
        for r in document.recipients:
            styles.add(left, f"- {r};", "HS Noi nhan")
        styles.add(left, f"- {document.archive_line or document.profile.archive_line}", "HS Noi nhan")
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
    space = styles.add(cell, "", "HS Ho ten")  # room to sign and stamp: one line as tall as the PDF's
    space.paragraph_format.line_spacing = Mm(SIGNATURE_SPACE_MM)
    styles.add(cell, signature.name, "HS Ho ten")
