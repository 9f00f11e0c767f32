"""The office's own files in a hồ sơ: PDFs, photos, DOCX, recordings, and the ones that must be refused."""

import io
import json
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
from conftest import REPO
from docx import Document as Docx
from PIL import Image
from pypdf import PdfReader, PdfWriter
from test_archive import DEMO_SPEECH, corner_text, meta

from pipeline.archive import convert, pdfa

EXTRA = """tep_dinh_kem:
{attachments}
"""


@pytest.fixture
def unit(tmp_path):
    unit = tmp_path / "don-vi"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    return unit


def attach(unit: Path, files: dict[str, bytes], descriptions: dict[str, str] | None = None) -> None:
    """Put ``files`` in the session folder and list them under tep_dinh_kem."""
    folder = unit / "phien-01"
    lines = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        lines.append(f"  - tep: {name}\n    mo_ta: {(descriptions or {}).get(name, 'Tệp ' + name)}")
    record = folder / "buoi-doi-thoai.yaml"
    record.write_text(record.read_text(encoding="utf-8") + EXTRA.format(attachments="\n".join(lines)), encoding="utf-8")


def archive_unit(hoso, unit: Path, root: Path):
    result = hoso("archive", str(unit / "phien-01"), "--archive", str(root))
    bags = list(root.glob("ubnd-xa-thu/2025/*/v1"))
    return result, bags[0] if bags else None


def docx_bytes(text: str, external_image: str | None = None) -> bytes:
    doc = Docx()
    doc.add_heading("Ý KIẾN CỦA HỘI NÔNG DÂN XÃ", level=1)
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    if external_image is None:
        return buffer.getvalue()
    # Rewrite the package with a picture linked from outside, as Word does for "Link to file".
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdX" '
                    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
                    b'Target="' + external_image.encode() + b'" TargetMode="External"/></Relationships>',
                )
            z.writestr(item, data)
    return out.getvalue()


def png(color="green", size=(300, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def test_docx_attachment_becomes_pages_and_is_kept_as_given(unit, tmp_path, hoso):
    text = "Hội Nông dân xã đề nghị hỗ trợ giống lúa cho 37 hộ bị thiệt hại & nước thải <tràn> ruộng."
    original = docx_bytes(text)
    attach(unit, {"gop-y.docx": original}, {"gop-y.docx": "Ý kiến bằng văn bản của Hội Nông dân xã"})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 0, result.output
    m = meta(bag)
    doc = next(d for d in m["Documents"] if d["Subject"] == "Ý kiến bằng văn bản của Hội Nông dân xã")
    assert (bag / doc["Files"]["goc"]).read_bytes() == original and doc["PageAmount"] >= 1
    with pdfplumber.open(bag / "data" / "ho-so.pdf") as pdf:
        page = pdf.pages[doc["DossierPage"] - 1]
        assert "Hội Nông dân xã đề nghị hỗ trợ giống lúa" in " ".join(page.extract_text().split())
        assert corner_text(page) == str(doc["FirstSheet"])
    assert pdfa.check(bag / "data" / "ho-so.pdf") == []


def test_docx_linking_outside_itself_is_refused(unit, tmp_path, hoso):
    attach(unit, {"gop-y.docx": docx_bytes("Nội dung", external_image="file:///etc/passwd")})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 1 and bag is None
    assert "gop-y.docx: tệp có liên kết tới tài nguyên bên ngoài (file:///etc/passwd)" in result.stdout


def test_photos_and_recordings(unit, tmp_path, hoso):
    sideways = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show rotated 90°
    Image.new("RGB", (400, 200), "blue").save(sideways, "JPEG", exif=exif)
    attach(
        unit,
        {"anh-1.png": png(), "anh-2.jpg": sideways.getvalue(), "ghi-am.mp3": b"ID3" + bytes(2000)},
        {
            "anh-1.png": "Toàn cảnh hội nghị",
            "anh-2.jpg": "Cử tri phát biểu",
            "ghi-am.mp3": "Ghi âm toàn buổi đối thoại",
        },
    )
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 0, result.output
    docs = meta(bag)["Documents"]
    photos = [d for d in docs if d["TypeName"] == "Ảnh"]
    recording = next(d for d in docs if d["TypeName"] == "Ghi âm")
    assert [p["PageAmount"] for p in photos] == [1, 1]
    assert recording["PageAmount"] == 0 and recording["FirstSheet"] is None
    assert recording["Description"] == "Tệp mp3 lưu kèm hồ sơ, không in"
    assert (bag / recording["Files"]["goc"]).read_bytes() == b"ID3" + bytes(2000)
    with pdfplumber.open(bag / "data" / "ho-so.pdf") as pdf:
        page = pdf.pages[photos[1]["DossierPage"] - 1]
        assert "Ảnh: Cử tri phát biểu" in page.extract_text()
        image = page.images[0]
        assert image["height"] > image["width"]  # turned upright from its EXIF orientation
        index_pages = pdf.pages[1 : 1 + meta(bag)["File"]["IndexSheets"]]  # the Mục lục, after the cover
        rows = [r for page in index_pages for table in page.extract_tables() for r in table]
        row = next(r for r in rows if r[0] == str(recording["DocOrdinal"]))
        assert " ".join(row[4].split()) == "Ghi âm: Ghi âm toàn buổi đối thoại" and row[5] in ("", None)
        assert " ".join(row[6].split()) == "Tệp mp3 lưu kèm hồ sơ, không in"


def test_sideways_scan_gets_its_number_where_a_reader_sees_it(unit, tmp_path, hoso):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(weasyprint.HTML(string="<p>Bản quét biên bản</p>").write_pdf())))
    writer.pages[0].rotate(90)
    scan = io.BytesIO()
    writer.write(scan)
    attach(unit, {"ban-quet.pdf": scan.getvalue()})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 0, result.output
    doc = next(d for d in meta(bag)["Documents"] if d["Subject"] == "Tệp ban-quet.pdf")
    page = PdfReader(bag / "data" / "ho-so.pdf").pages[doc["DossierPage"] - 1]
    assert page.rotation == 0 and float(page.mediabox.width) > float(page.mediabox.height)
    with pdfplumber.open(bag / "data" / "ho-so.pdf") as pdf:
        assert corner_text(pdf.pages[doc["DossierPage"] - 1]) == str(doc["FirstSheet"])


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("hong.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "hong.jpg: không đọc được ảnh"),
        ("hong.pdf", b"%PDF-1.7\n garbage", "hong.pdf: không đọc được tệp PDF"),
    ],
)
def test_unreadable_files_are_named(unit, tmp_path, hoso, name, data, message):
    attach(unit, {name: data})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 1 and bag is None and message in result.stdout
    assert "Traceback" not in result.output


def test_password_protected_pdf_is_refused(unit, tmp_path, hoso):
    writer = PdfWriter(clone_from=PdfReader(DEMO_SPEECH))
    writer.encrypt("mat-khau")
    locked = io.BytesIO()
    writer.write(locked)
    attach(unit, {"khoa.pdf": locked.getvalue()})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 1 and "khoa.pdf: tệp PDF có mật khẩu" in result.stdout


def test_pdfa_is_taken_as_it_is_other_pdfs_are_converted(tmp_path):
    pdfa_file, plain = tmp_path / "a.pdf", tmp_path / "b.pdf"
    pdfa_file.write_bytes(weasyprint.HTML(string="<p>PDF/A</p>").write_pdf(pdf_variant="pdf/a-2b"))
    plain.write_bytes(weasyprint.HTML(string="<p>thường</p>").write_pdf())
    job = convert.start(pdfa_file, "pdf", tmp_path / "w1")  # checked for actions; nothing to remove: itself
    assert job is not None and job.result() == pdfa_file
    job = convert.start(plain, "pdf", tmp_path / "w2")
    converted = job.result()
    assert b"<pdfaid:part>2</pdfaid:part>" in converted.read_bytes() or b"pdfaid:part='2'" in converted.read_bytes()


def test_a_pdf_claiming_pdfa_without_its_fonts_is_converted(tmp_path):
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    xmp = StreamObject()
    xmp.set_data(b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><pdfaid:part>2</pdfaid:part></x:xmpmeta>')
    writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    liar = tmp_path / "liar.pdf"
    writer.write(liar)
    assert convert.declared_pdfa(liar) and not pdfa.fonts_embedded(liar)
    assert convert.start(liar, "pdf", tmp_path / "w") is not None


def test_metadata_lists_attachments_with_their_origin(unit, tmp_path, hoso):
    attach(unit, {"anh.png": png()}, {"anh.png": "Ảnh & chú thích <đặc biệt> 🙂"})
    result, bag = archive_unit(hoso, unit, tmp_path / "kho")
    assert result.exit_code == 0, result.output
    data = json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
    photo = next(d for d in data["Documents"] if d["TypeName"] == "Ảnh")
    assert photo["Subject"] == "Ảnh & chú thích <đặc biệt> 🙂" and photo["Origin"] == "văn phòng"
    with pdfplumber.open(bag / "data" / "ho-so.pdf") as pdf:
        assert "Ảnh: Ảnh & chú thích <đặc biệt> 🙂" in pdf.pages[photo["DossierPage"] - 1].extract_text()
