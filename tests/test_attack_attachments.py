"""Hostile attachments: office files that point outside themselves, PDFs that run or load things, image bombs.

An attachment comes from anywhere (a download, a citizen's USB stick). Sealing it must not make hoso reach the
network or another file, must not carry a PDF's actions into the dossier, and must not decode an image of a
billion pixels. The original file stays in the bag byte for byte in every case.
"""

import contextlib
import io
import socket
import subprocess
import sys
import threading
import time
import warnings
import zipfile
from pathlib import Path

import pytest
import weasyprint
from conftest import REPO
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from test_archive import meta
from test_archive_attachments import archive_unit, attach, docx_bytes, unit  # noqa: F401  (unit is a fixture)

from pipeline.archive import convert, pages

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
REFUSED = "tệp có liên kết tới tài nguyên bên ngoài"


# --- a listener that records every connection ----------------------------------------------------------------


class Listener:
    """A TCP server on 127.0.0.1 that accepts and records connections until closed."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, name: str = "x.png") -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    request = conn.recv(4096)
                except OSError:
                    request = b""
                self.connections.append(request or b"(connected)")
                with contextlib.suppress(OSError):
                    conn.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


# --- DOCX and ODT built by hand --------------------------------------------------------------------------------


def linked_picture(rel_id: str) -> bytes:
    """A paragraph with a picture whose image is linked (r:link), as Word writes "Link to File"."""
    return (
        b'<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        b'wordprocessingDrawing"><wp:extent cx="952500" cy="952500"/><wp:docPr id="7" name="Picture 7"/>'
        b'<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        b'<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        b'<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        b'<pic:nvPicPr><pic:cNvPr id="7" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        b'<pic:blipFill><a:blip r:link="' + rel_id.encode() + b'"/><a:stretch><a:fillRect/></a:stretch>'
        b'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
        b'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        b"</wp:inline></w:drawing></w:r></w:p>"
    )


def field(*instruction_runs: str) -> bytes:
    """A complex field whose instruction is split over several runs (as Word does after an edit)."""
    runs = b'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    for text in instruction_runs:
        runs += b'<w:r><w:instrText xml:space="preserve">' + text.encode() + b"</w:instrText></w:r>"
    runs += b'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>ket qua</w:t></w:r>'
    runs += b'<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    return b"<w:p>" + runs + b"</w:p>"


def docx_with(body: bytes = b"", rels: bytes = b"", parts: dict[str, bytes] | None = None) -> bytes:
    """A real DOCX (python-docx) with ``body`` added before the section properties, ``rels`` added to the
    document's relationships, and ``parts`` added or replaced."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("Ý kiến bằng văn bản")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml" and body:
                data = data.replace(b"<w:sectPr", body + b"<w:sectPr", 1)
            elif item.filename == "word/_rels/document.xml.rels" and rels:
                data = data.replace(b"</Relationships>", rels + b"</Relationships>")
            if parts and item.filename in parts:
                data = parts.pop(item.filename)
            z.writestr(item, data)
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def settings_with_template(url: str) -> dict[str, bytes]:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("x")))
    settings = source.read("word/settings.xml").replace(b"<w:zoom", b'<w:attachedTemplate r:id="rIdT"/><w:zoom', 1)
    assert b"attachedTemplate" in settings
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'attachedTemplate" Target="' + url.encode() + b'" TargetMode="External"/></Relationships>'
    )
    return {"word/settings.xml": settings, "word/_rels/settings.xml.rels": rels}


def attacks(url: str) -> dict[str, bytes]:
    """One DOCX per way of pointing outside, each aimed at ``url``."""
    u = url.encode()
    image = IMAGE_REL.encode()
    return {
        "nhay-don.docx": docx_with(
            linked_picture("rIdX"),
            b"<Relationship Id='rIdX' Type='" + image + b"' Target='" + u + b"' TargetMode='External'/>",
        ),
        "nhay-kep.docx": docx_with(
            linked_picture("rIdX"),
            b'<Relationship Id="rIdX" Type="' + image + b'" Target="' + u + b'" TargetMode="External"/>',
        ),
        "chu-hoa.docx": docx_with(
            linked_picture("rIdX"),
            b'<Relationship TargetMode = "EXTERNAL" Target="' + u + b'" Type="' + image + b'" Id="rIdX" />',
        ),
        "tien-to-khac.docx": docx_with(
            linked_picture("rIdX"),
            b'<p:Relationship xmlns:p="http://schemas.openxmlformats.org/package/2006/relationships" Id="rIdX" '
            b'Type="' + image + b'" Target="' + u + b'" TargetMode="External"/>',
        ),
        # a relationship that calls itself a hyperlink but is used as a picture: LibreOffice does not look at
        # the type when it resolves r:link
        "sieu-lien-ket-gia.docx": docx_with(
            linked_picture("rIdH"),
            b'<Relationship Id="rIdH" Type="' + HYPERLINK_REL.encode() + b'" Target="' + u + b'" '
            b'TargetMode="External"/>',
        ),
        "mau-ngoai.docx": docx_with(parts=settings_with_template(url.replace("x.png", "mau.dotx"))),
        "mau-may-chu.docx": docx_with(parts=settings_with_template("file://may-chu/mau/cong-van.dotx")),
        "includepicture.docx": docx_with(field(" INCLUDEPIC", f'TURE  "{url}" \\d', " \\* MERGEFORMATINET ")),
        "includepicture-thuong.docx": docx_with(field(f' includepicture "{url}" ')),
        "includetext.docx": docx_with(
            b"<w:p><w:fldSimple w:instr=' INCLUDETEXT \"" + u.replace(b"x.png", b"x.docx") + b"\" '>"
            b"<w:r><w:t>ket qua</w:t></w:r></w:fldSimple></w:p>"
        ),
        "link.docx": docx_with(field(f' LINK Excel.Sheet.12 "{url}" "Sheet1!R1C1" \\a \\f 4 \\h ')),
        "dde.docx": docx_with(field(' DDEAUTO "c:\\\\windows\\\\system32\\\\cmd.exe" "/c calc" ')),
        "duong-dan.docx": docx_with(field(' MERGEFIELD "/etc/passwd" ')),
    }


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  {namespaces} office:version="1.3">
<office:body><office:text>
<text:p>Ý kiến của Hội Cựu chiến binh xã. <text:a xlink:type="simple" xlink:href="{link}">Trang</text:a></text:p>
<text:p>{picture}</text:p>
</office:text></office:body></office:document-content>
"""
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
# As OpenOffice 2 wrote it (and LibreOffice's own templates still ship it): the DTD declares the prefix.
OLD_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">
<manifest:manifest>
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
  office:version="1.3"><office:meta><meta:template xlink:type="simple" xlink:actuate="onRequest"
  xlink:title="Mẫu công văn" xlink:href="{template}"/></office:meta></office:document-meta>
"""


def odt_bytes(
    picture: str = "",
    namespaces: str = XLINK,
    link: str = "https://example.org/",
    template: str = "../../Mau/cong-van.ott",
    manifest: str = MANIFEST,
    content: str = ODT_CONTENT,
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content.format(namespaces=namespaces, picture=picture, link=link))
        z.writestr("meta.xml", META.format(template=template))
    return out.getvalue()


def odt_attacks(url: str) -> dict[str, bytes]:
    frame = '<draw:frame svg:width="3cm" svg:height="3cm">{}</draw:frame>'
    return {
        "anh-lien-ket.odt": odt_bytes(frame.format(f"<draw:image xlink:href='{url}' xlink:type='simple'/>")),
        "tien-to-khac.odt": odt_bytes(
            frame.format(f'<draw:image lk:href="{url}" lk:type="simple"/>'),
            namespaces=XLINK + ' xmlns:lk="http://www.w3.org/1999/xlink"',
        ),
        "ngoai-goi.odt": odt_bytes(frame.format('<draw:image xlink:href="../../../etc/hostname"/>')),
        "mau-ngoai.odt": odt_bytes(template=url.replace("x.png", "mau.ott")),
        # a part that declares no prefix at all (read again without namespaces): still checked
        "khong-khai-bao.odt": odt_bytes(
            content="<office:document-content><office:body><office:text><text:p>"
            f"<draw:frame><draw:image xlink:href='{url}'/></draw:frame></text:p></office:text></office:body>"
            "</office:document-content>"
        ),
    }


# --- office files: refused, and nothing fetched ----------------------------------------------------------------


@pytest.mark.parametrize("name", list(attacks("http://h/x.png")) + list(odt_attacks("http://h/x.png")))
def test_office_file_pointing_outside_is_refused_and_nothing_is_fetched(unit, tmp_path, hoso, listener, name):  # noqa: F811
    files = attacks(listener.url()) | odt_attacks(listener.url())
    attach(unit, {name: files[name]})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 1 and bag is None, result.output
    assert f"{name}: {REFUSED} (" in result.stdout
    assert "hãy nhúng hình, tài liệu vào tệp rồi đính kèm lại" in result.stdout
    assert listener.connections == []


def test_hyperlinks_local_templates_and_ordinary_fields_are_allowed(unit, tmp_path, hoso, listener):  # noqa: F811
    """What real documents carry: hyperlinks (followed only by a reader who clicks), the path of the template
    on the author's computer (LibreOffice does not open it), page and date fields, OpenOffice's old manifest."""
    docx = docx_with(
        b'<w:p><w:hyperlink r:id="rIdL"><w:r><w:t>Cong thong tin</w:t></w:r></w:hyperlink></w:p>'
        + field(f' HYPERLINK "{listener.url("trang")}" ')
        + field(' DATE \\@ "dd/MM/yyyy" ')
        + field(" = 10 / 2 ")
        + field(" PAGE "),
        b'<Relationship Id="rIdL" Type="' + HYPERLINK_REL.encode() + b'" Target="' + listener.url("a").encode() + b'" '
        b'TargetMode="External"/>',
        parts=settings_with_template("file:///C:\\Users\\VanThu\\Templates\\Mau%20cong%20van.dotx"),
    )
    odt = odt_bytes(link=listener.url("b"), manifest=OLD_MANIFEST)
    attach(unit, {"lien-ket.docx": docx, "lien-ket.odt": odt})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 0, result.output
    assert listener.connections == []


def test_a_dtd_in_an_office_part_is_refused(unit, tmp_path, hoso):  # noqa: F811
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("x")))
    document = source.read("word/document.xml")
    head, rest = document.split(b"?>", 1)
    evil = head + b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest
    attach(unit, {"dtd.docx": docx_with(parts={"word/document.xml": evil.replace(b"<w:t>x", b"<w:t>&x;", 1)})})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 1 and bag is None, result.output
    assert "dtd.docx: tệp có cấu trúc không hợp lệ (phần word/document.xml: có khai báo DOCTYPE kèm" in result.stdout


KILLED_RUN = """
import sys, time
from pathlib import Path
from pipeline.archive import convert
convert.start(Path(sys.argv[1]), "office", Path(sys.argv[2]))
print("started", flush=True)
time.sleep(120)
"""


def processes_naming(text: str) -> list[bytes]:
    """The command lines of the running processes that contain ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if text.encode() in command:
                found.append(command)
    return found


def test_killing_hoso_kills_the_whole_converter(tmp_path):
    """LibreOffice's soffice.bin is a grandchild of hoso: the parent-death signal alone did not reach it."""
    if not convert.network_isolated():
        pytest.skip("this machine cannot give the converters namespaces of their own (unshare fails)")
    docx = _write(tmp_path / "dai.docx", docx_with(b"".join(field(" PAGE ") for _ in range(3000))))
    work = tmp_path / "chuyen"
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(docx), str(work)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert run.stdout is not None and run.stdout.readline().strip() == "started"
        for _ in range(200):  # until LibreOffice's own process is up
            if any(b"soffice.bin" in command for command in processes_naming(str(work))):
                break
            time.sleep(0.05)
        else:
            pytest.fail("soffice.bin never started")
    finally:
        run.kill()
        run.wait()
    for _ in range(40):
        if not processes_naming(str(work)):
            break
        time.sleep(0.1)
    assert processes_naming(str(work)) == []


def test_converters_cannot_reach_the_network_even_past_the_check(tmp_path, listener, monkeypatch):
    """The check is one line of defence; the converter's own network namespace is the other."""
    if not convert.network_isolated():
        pytest.skip("this machine cannot give the converters a network namespace (unshare --net fails)")
    rel = b'<Relationship Id="rIdX" Type="' + IMAGE_REL.encode() + b'" Target="' + listener.url().encode() + b'" '
    docx = tmp_path / "lien-ket.docx"
    docx.write_bytes(docx_with(linked_picture("rIdX"), rel + b'TargetMode="External"/>'))
    monkeypatch.setattr(convert, "check_office_links", lambda path: None)
    pdf = convert.start(docx, "office", tmp_path / "w1").result()
    assert len(PdfReader(pdf).pages) >= 1
    assert listener.connections == []
    # the same file without the namespace does reach the listener: the test above is not vacuous
    monkeypatch.setattr(convert, "_isolation", lambda: [])
    convert.start(docx, "office", tmp_path / "w2").result()
    assert listener.connections, "LibreOffice did not fetch the linked picture even without isolation"


# --- PDFs: actions removed from the dossier, original kept -----------------------------------------------------


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject("/" + key)] = value
    return action


def _annotation(subtype: str, rect: tuple[float, float, float, float], **entries) -> DictionaryObject:
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in rect]),
            NameObject("/F"): NumberObject(4),
        }
    )
    for key, value in entries.items():
        annotation[NameObject("/" + key)] = value
    return annotation


def hostile_pdf(pdfa: bool) -> bytes:
    """A one-page PDF (PDF/A-2b or not) with every kind of action and attachment we remove, and a URI link."""
    variant = "pdf/a-2b" if pdfa else None
    html = "<p>Báo cáo của Hội Phụ nữ xã về 12 kiến nghị.</p>"
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf(pdf_variant=variant))))
    js = _action("/JavaScript", JS=TextStringObject("app.alert('mo tep');"))
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(js)
    writer.root_object[NameObject("/AA")] = DictionaryObject(
        {NameObject("/WC"): _action("/JavaScript", JS=TextStringObject("app.alert('dong');"))}
    )
    launch = writer._add_object(_action("/JavaScript", JS=TextStringObject("app.launchURL('http://127.0.0.1/');")))
    writer.root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("a"), launch])}
            )
        }
    )
    writer.add_attachment("virus.exe", b"MZ" + bytes(100))
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _action("/Launch", F=TextStringObject("/bin/sh"))})
    field = _annotation(
        "/Widget",
        (100, 300, 200, 320),
        FT=NameObject("/Tx"),
        T=TextStringObject("o"),
        AA=DictionaryObject({NameObject("/K"): _action("/JavaScript", JS=TextStringObject("1"))}),
        A=_action("/SubmitForm", F=TextStringObject("http://127.0.0.1/")),
    )
    field_ref = writer._add_object(field)
    annotations = [
        writer._add_object(
            _annotation("/Link", (50, 700, 150, 720), A=_action("/Launch", F=TextStringObject("calc.exe")))
        ),
        writer._add_object(
            _annotation(
                "/Link",
                (50, 650, 150, 670),
                A=_action(
                    "/URI",
                    URI=TextStringObject("https://example.org/"),
                    Next=_action("/JavaScript", JS=TextStringObject("2")),
                ),
            )
        ),
        writer._add_object(
            _annotation("/Link", (50, 600, 150, 620), A=_action("/GoToR", F=TextStringObject("khac.pdf")))
        ),
        writer._add_object(_annotation("/FileAttachment", (50, 550, 70, 570), Contents=TextStringObject("x"))),
        writer._add_object(_annotation("/RichMedia", (50, 500, 150, 520))),
        field_ref,
    ]
    page[NameObject("/Annots")] = ArrayObject(annotations)
    writer.root_object[NameObject("/AcroForm")] = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject([field_ref]),
                NameObject("/XFA"): TextStringObject("<xdp:xdp/>"),
            }
        )
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


FORBIDDEN_KEYS = {"/OpenAction", "/AA", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMediaContent"}
FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/GoToR", "/ImportData", "/ResetForm", "/GoToE"}
FORBIDDEN_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen"}


def what_acts(reader: PdfReader) -> set[str]:
    """Every forbidden key, action or annotation reachable from the trailer (streams' dictionaries included)."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    while stack:
        obj = stack.pop()
        if hasattr(obj, "idnum"):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, dict):
            found |= FORBIDDEN_KEYS & set(obj)
            if obj.get("/S") in FORBIDDEN_ACTIONS:
                found.add(str(obj["/S"]))
            if obj.get("/Subtype") in FORBIDDEN_ANNOTATIONS:
                found.add(str(obj["/Subtype"]))
            if obj.get("/Type") == "/Filespec":
                found.add("/Filespec")
            stack.extend(v for k, v in obj.items() if k not in ("/Parent", "/P"))
        elif isinstance(obj, list):
            stack.extend(obj)
    return found


def uris(reader: PdfReader) -> list[str]:
    return [
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots") or []
        if "/A" in a.get_object() and a.get_object()["/A"].get("/S") == "/URI"
    ]


@pytest.mark.parametrize("pdfa", [True, False], ids=["pdfa", "thuong"])
def test_pdf_actions_do_not_reach_the_dossier(unit, tmp_path, hoso, pdfa):  # noqa: F811
    original = hostile_pdf(pdfa)
    assert {"/OpenAction", "/AA", "/JS", "/Launch", "/EmbeddedFiles", "/XFA"} <= what_acts(
        PdfReader(io.BytesIO(original))
    )
    assert convert.declared_pdfa(_write(tmp_path / "x.pdf", original)) is pdfa
    attach(unit, {"bao-cao.pdf": original})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 0, result.output
    doc = next(d for d in meta(bag)["Documents"] if d["Subject"] == "Tệp bao-cao.pdf")
    assert (bag / doc["Files"]["goc"]).read_bytes() == original  # the office's file, byte for byte
    dossier = PdfReader(bag / "data" / "ho-so.pdf")
    assert what_acts(dossier) == set()
    page = dossier.pages[doc["DossierPage"] - 1]
    assert "12 kiến nghị" in page.extract_text()
    assert "https://example.org/" in uris(dossier)  # a plain link to a web page is kept


@pytest.mark.parametrize("pdfa", [True, False], ids=["pdfa", "thuong"])
def test_converted_pdf_has_no_actions_left(tmp_path, pdfa):
    original = hostile_pdf(pdfa)
    source = _write(tmp_path / "x.pdf", original)
    job = convert.start(source, "pdf", tmp_path / "w")
    assert job is not None
    cleaned = job.result()
    assert cleaned != source and source.read_bytes() == original
    reader = PdfReader(cleaned)
    assert what_acts(reader) == set()
    if pdfa:  # still says what it is: the XMP and the output intent are kept
        assert convert.declared_pdfa(cleaned)
        assert "/OutputIntents" in reader.trailer["/Root"]


def test_pdfa_with_nothing_to_remove_is_used_as_it_is(tmp_path):
    source = _write(tmp_path / "a.pdf", weasyprint.HTML(string="<p>PDF/A</p>").write_pdf(pdf_variant="pdf/a-2b"))
    job = convert.start(source, "pdf", tmp_path / "w")
    assert job is not None and job.result() == source


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- images: a limit on pixels, large photos made smaller -----------------------------------------------------


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels and holds none: what a bomb looks like to Image.open."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _item(tmp_path: Path, name: str, data: bytes):
    from pipeline.archive.dossier import Item

    source = _write(tmp_path / name, data)
    return Item(
        order=20,
        record_type="tệp đính kèm",
        type_name="Ảnh",
        slug="20-anh",
        reference="",
        number=None,
        notation=None,
        date=None,
        author="",
        subject="Ảnh hội nghị",
        signer=None,
        composed=None,
        source=source,
        kind="image",
    )


@pytest.mark.parametrize("size", [(12_000, 9_000), (40_000, 40_000)], ids=["108-trieu", "1600-trieu"])
def test_an_image_over_the_limit_is_refused_in_vietnamese(tmp_path, capfd, size):
    item = _item(tmp_path, "anh-lon.png", png_header(*size))
    with warnings.catch_warnings(record=True) as caught, pytest.raises(pages.ImageProblem) as refused:
        warnings.simplefilter("always")
        pages.image_page(None, item)  # type: ignore[arg-type]  (refused before the dossier is looked at)
    message = str(refused.value)
    assert "anh-lon.png" in message and f"{size[0]} × {size[1]}" in message
    assert "triệu điểm ảnh" in message and "giảm kích thước ảnh" in message
    assert [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)] == []
    assert "Decompression" not in capfd.readouterr().err


def test_an_image_over_the_limit_stops_the_archive_with_exit_1(unit, tmp_path, hoso):  # noqa: F811
    attach(unit, {"anh-lon.png": png_header(12_000, 9_000)})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 1 and bag is None
    assert "anh-lon.png" in result.stdout and "12000 × 9000" in result.stdout
    assert [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)] == []


def test_no_english_warning_reaches_the_clerk(unit, tmp_path):  # noqa: F811
    """The real command, as a clerk runs it: stderr holds no word from PIL."""
    attach(unit, {"anh-lon.png": png_header(12_000, 9_000)})
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "archive", str(unit / "phien-01"), "--archive", str(tmp_path / "kho")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "anh-lon.png" in run.stdout + run.stderr
    assert "Warning" not in run.stderr and "pixels" not in run.stderr, run.stderr


@pytest.mark.parametrize("size", [(6000, 4000), (12_000, 9_000)], ids=["24-trieu", "108-trieu-dien-thoai"])
def test_a_large_photo_is_made_smaller_on_its_page_and_kept_whole(unit, tmp_path, hoso, size):  # noqa: F811
    """A phone's 108-megapixel JPEG is a photo, not a bomb: decoded at reduced scale, it is cheap."""
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone turned: shown rotated 90°
    Image.new("RGB", size, (30, 120, 60)).save(photo, "JPEG", quality=70, exif=exif)
    attach(unit, {"anh-to.jpg": photo.getvalue()}, {"anh-to.jpg": "Toàn cảnh buổi đối thoại"})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 0, result.output
    doc = next(d for d in meta(bag)["Documents"] if d["Subject"] == "Toàn cảnh buổi đối thoại")
    assert (bag / doc["Files"]["goc"]).read_bytes() == photo.getvalue()
    page = PdfReader(bag / "data" / "ho-so.pdf").pages[doc["DossierPage"] - 1]
    (image,) = page.images
    width, height = image.image.size
    assert max(width, height) <= 4000 and height > width  # smaller, and upright
