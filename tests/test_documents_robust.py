"""Documents under stress: odd characters, huge sessions, the unit's own templates, LibreOffice."""

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from conftest import REPO
from docx import Document as Docx
from docx.shared import Pt
from lxml import etree
from PIL import Image
from test_documents import docx_text

from pipeline.documents import TemplateProblem, compose_session, render_session
from pipeline.documents.pdf import FetchRefused, embedded_only
from pipeline.record import load

DIACRITICS = "ẮẰẲẴẶĂẤẦẨẪẬÂÁÀÃẢẠĐẾỀỂỄỆÊÉÈẺẼẸÍÌỈĨỊỐỒỔỖỘÔỚỜỞỠỢƠÓÒỎÕỌỨỪỬỮỰƯÚÙỦŨỤÝỲỶỸỴ"
ODD = 'Công ty "A & B" <Phú Thịnh> \'lô 5\' 100% <script>alert(1)</script> <img src="file:///etc/passwd"> 🙂'


def pdf_text(path: Path) -> str:
    """All text, read with PDFium: pdfminer (under pdfplumber) cannot decode the simple-encoded font
    subsets WeasyPrint writes for some glyph sets, though poppler and PDFium read them fine."""
    doc = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def session_file(unit: Path) -> Path:
    return unit / "phien-01" / "buoi-doi-thoai.yaml"


def add_petitions(unit: Path, count: int, content: str) -> None:
    """Append ``count`` petitions to the test unit's session, each with ``content``."""
    path = session_file(unit)
    text = path.read_text(encoding="utf-8")
    extra = "".join(
        f"""  - ma: THEM-{i:03d}
    nguoi_neu:
      ho_ten: Bà {DIACRITICS.lower()[:12]} {i}
      dia_chi: thôn {i % 9 + 1}
    linh_vuc: môi trường - tài nguyên
    noi_dung: {json.dumps(content, ensure_ascii=False)}
    tra_loi:
      hinh_thuc: xin tiếp thu
    co_quan_giai_quyet: Phòng Kinh tế xã
    han_giai_quyet: 2025-11-30
"""
        for i in range(count)
    )
    path.write_text(text.replace("van_ban:\n", extra + "van_ban:\n", 1), encoding="utf-8")


def render(unit: Path, out: Path):
    result = load([unit])
    assert result.problems == [], result.problems
    return render_session(result.records, result.records.sessions[0], out)


def test_odd_characters_long_text_and_every_diacritic(unit, tmp_path):
    long_text = ("Đề nghị xem xét " + DIACRITICS + " " + DIACRITICS.lower() + ". ") * 40
    assert len(long_text) > 5000
    path = session_file(unit)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "noi_dung: Đề nghị sửa đường liên thôn.", f"noi_dung: {json.dumps(ODD, ensure_ascii=False)}"
    ).replace(
        "noi_dung: Đề nghị cấp giấy chứng nhận quyền sử dụng đất.",
        f"noi_dung: |\n      Dòng một & hai\n      - mục < 3\n\n      {long_text}",
    )
    path.write_text(text, encoding="utf-8")
    docs = render(unit, tmp_path / "out")
    minutes = next(d for d in docs if d.document.doc_type == "biên bản")
    for rendition in (flat(pdf_text(minutes.pdf)), flat(docx_text(minutes.docx))):
        assert flat(ODD) in rendition  # shown as text: nothing interpreted, nothing fetched
        joined = "".join(rendition.split())  # a 67-letter token is wider than a line and must wrap
        assert DIACRITICS in joined and DIACRITICS.lower() in joined
        assert "Dòng một & hai - mục < 3" in rendition
        assert joined.count(DIACRITICS.lower()) >= 40


def test_three_hundred_petitions(unit, tmp_path):
    add_petitions(unit, 300, "Đề nghị nạo vét mương thoát nước & sửa cống <số 5>.")
    docs = render(unit, tmp_path / "out")
    notice = next(d for d in docs if d.document.doc_type == "thông báo kết luận")
    text = pdf_text(notice.pdf)
    assert "THEM" not in text  # petition ids are internal
    assert flat(text).count("Đề nghị nạo vét mương thoát nước & sửa cống <số 5>.") == 300
    with pdfplumber.open(notice.pdf) as pdf:
        assert len(pdf.pages) > 10
    minutes_docx = next(d for d in docs if d.document.doc_type == "biên bản").docx
    assert flat(docx_text(minutes_docx)).count("Phòng Kinh tế xã trả lời bằng văn bản") == 301


def _html_pulling_resources(port: int, secret: Path) -> str:
    """HTML that tries every way WeasyPrint fetches: img, stylesheet link, @import, background, font."""
    return f"""<html><head>
    <link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">
    <style>@import url("http://127.0.0.1:{port}/b.css");
      @font-face {{ font-family: X; src: url("http://127.0.0.1:{port}/f.ttf"); }}
      body {{ background: url("file://{secret}"); }}</style></head>
    <body><img src="file://{secret}"><img src="http://127.0.0.1:{port}/c.png"><p>chữ</p></body></html>"""


@pytest.fixture
def counting_server():
    """A local HTTP server that counts the requests it gets."""
    import http.server
    import threading

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], hits
    server.shutdown()


def test_renderer_fetches_nothing(tmp_path, counting_server):
    import weasyprint

    port, hits = counting_server
    secret = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(secret)
    pdf = weasyprint.HTML(string=_html_pulling_resources(port, secret), url_fetcher=embedded_only()).write_pdf()
    assert hits == []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert doc.pages[0].images == [] and "chữ" in doc.pages[0].extract_text()
    with pytest.raises(FetchRefused):
        embedded_only().fetch("file:///etc/passwd")


def test_unit_template_overrides_the_default(unit, tmp_path):
    own = unit / "mau-van-ban"
    own.mkdir()
    template = Docx(REPO / "templates" / "docx" / "ND30.docx")
    template.styles["HS Noi dung"].font.size = Pt(13)
    template.add_paragraph("Ghi chú riêng của văn phòng xã Thử Nghiệm")
    template.save(own / "ND30.docx")
    docs = render(unit, tmp_path / "out")
    d = Docx(docs[0].docx)
    assert "Ghi chú riêng của văn phòng xã Thử Nghiệm" in docx_text(docs[0].docx)
    assert d.styles["HS Noi dung"].font.size.pt == 13


def test_template_error_names_the_template_and_paragraph(unit, tmp_path):
    own = unit / "mau-van-ban"
    own.mkdir()
    template = Docx(REPO / "templates" / "docx" / "ND30.docx")
    template.add_paragraph("Người soạn: {{ nguoi_soan ")
    template.save(own / "ND30.docx")
    with pytest.raises(TemplateProblem) as e:
        render(unit, tmp_path / "out")
    message = str(e.value)
    assert "mau-van-ban/ND30.docx" in message and "«Người soạn: {{ nguoi_soan»" in message


def test_unknown_placeholder_in_template_is_named(unit, tmp_path):
    own = unit / "mau-van-ban"
    own.mkdir()
    template = Docx(REPO / "templates" / "docx" / "ND30.docx")
    template.add_paragraph("Mã bí mật: {{ secret_file }}")
    template.save(own / "ND30.docx")
    with pytest.raises(TemplateProblem) as e:
        render(unit, tmp_path / "out")
    assert "secret_file" in str(e.value)


def test_a_non_word_file_as_template(unit, tmp_path):
    own = unit / "mau-van-ban"
    own.mkdir()
    (own / "ND30.docx").write_text("không phải Word", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="không mở được như tệp Word"):
        render(unit, tmp_path / "out")


def test_letter_convocation_has_no_type_name(unit, tmp_path):
    path = session_file(unit)
    path.write_text(
        path.read_text(encoding="utf-8").replace("loai: giấy mời", "loai: công văn triệu tập"), encoding="utf-8"
    )
    docs = render(unit, tmp_path / "out")
    letter = next(d for d in docs if d.document.doc_type == "công văn triệu tập")
    assert letter.document.type_name is None and letter.document.number_line == "Số: 05/UBND"
    with pdfplumber.open(letter.pdf) as pdf:
        page = pdf.pages[0]
        left_column = flat(page.crop((0, 0, page.width * 0.45, page.height / 3)).extract_text())
        body = flat(page.extract_text())
    # the record's own subject, with the "V/v" a công văn requires
    assert "Số: 05/UBND V/v mời dự hội nghị đối thoại" in left_column
    assert "Kính gửi:" in body and "GIẤY MỜI" not in body


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by scripts/setup test")
def test_every_docx_is_sound_and_libreoffice_converts_it(tmp_path):
    records = load([REPO / "examples"]).records
    files = []
    for session in records.sessions:
        files += [r.docx for r in render_session(records, session, tmp_path / session.id)]
    assert len(files) == sum(len(compose_session(records, s)) for s in records.sessions) >= 45
    for path in files:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(z.read(name))  # every XML part parses
        Docx(path)  # python-docx opens it
    out = tmp_path / "lo"
    # One LibreOffice run per folder: names repeat across sessions.
    for folder in sorted({p.parent for p in files}):
        run = subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out / folder.name),
                *sorted(str(p) for p in folder.glob("*.docx")),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
    converted = sorted(out.rglob("*.pdf"))
    assert len(converted) == len(files) and all(p.stat().st_size > 5000 for p in converted)


def test_a_character_no_font_can_draw_does_not_hide_the_text(tmp_path):
    """🥲 (Unicode 13) is in no installed font: it prints as □ and the rest stays extractable."""
    import weasyprint

    from pipeline.documents.pdf import drawable

    text = "Ý kiến của cử tri 🥲 về đường 🙂 liên thôn"
    assert drawable(text) == "Ý kiến của cử tri □ về đường 🙂 liên thôn"
    pdf = weasyprint.HTML(string=f"<p style='font-family: Liberation Serif'>{drawable(text)}</p>").write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert doc.pages[0].extract_text() == "Ý kiến của cử tri □ về đường 🙂 liên thôn"
    assert drawable("❤️ a\u200db") == "❤️ a\u200db"  # variation selectors and joiners are not characters to draw
