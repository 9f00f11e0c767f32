"""pipeline.archive.ocr: a scan of a signed, stamped page becomes a PDF/A-2 whose text layer reads the Vietnamese
on it, upright and straight; a blank page is noted, not an error; a scan read once is taken from the cache; a
bomb, a broken file or a signed PDF is refused in Vietnamese before anything runs."""

import importlib.util
import io
import re
import struct
import sys
import zlib

import pytest
from conftest import REPO
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from pipeline.archive import convert, ocr, pages

NEEDS_OCR = pytest.mark.skipif(
    ocr.missing() is not None, reason=f"OCR cannot run here: {ocr.missing()} (Tesseract with vie and osd, OCRmyPDF)"
)

if "make_scans" not in sys.modules:
    spec = importlib.util.spec_from_file_location("make_scans", REPO / "scripts" / "make_scans.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_scans"] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
make_scans = sys.modules["make_scans"]

DPI = 200
CHAIR = "Lê Văn Hùng"
SEAL = "ỦY BAN NHÂN DÂN XÃ AN KHÁNH"
WORDS = ["Biên bản", "kiến nghị", "Nguyễn Thị Hạnh", "Phú Lộc", "đối thoại trực tiếp", "hư hỏng", "Trần Văn Dũng"]
HTML = f"""<html><head><style>
@page {{ size: A4; margin: 20mm 20mm 20mm 30mm }}
body {{ font-family: "Liberation Serif", serif; font-size: 14pt; line-height: 1.4 }}
.c {{ text-align: center; font-weight: bold }}
table {{ width: 100%; margin-top: 6mm }} td {{ width: 50%; text-align: center; font-weight: bold }}
.gap {{ height: 22mm }}
</style></head><body>
<p class="c">ỦY BAN NHÂN DÂN XÃ AN KHÁNH</p>
<p class="c">BIÊN BẢN</p>
<p>Biên bản buổi đối thoại trực tiếp với Nhân dân xã An Khánh, ngày 29 tháng 9 năm 2026.</p>
<p>Bà Nguyễn Thị Hạnh, thôn Phú Lộc, kiến nghị Ủy ban nhân dân xã sửa chữa tuyến đường liên thôn bị hư hỏng
sau mùa mưa lũ.</p>
<p>Ông Trần Văn Dũng đề nghị xem xét hỗ trợ kinh phí cho các hộ gia đình chính sách trong thôn.</p>
<p>Chủ tịch Ủy ban nhân dân xã tiếp thu các ý kiến và giao các bộ phận chuyên môn giải quyết trong tháng 10.</p>
<table><tr><td></td><td>CHỦ TRÌ<div class="gap"></div>{CHAIR}</td></tr></table>
</body></html>"""
SHORT = """<html><head><style>@page { size: A5 landscape; margin: 15mm }
body { font-family: "Liberation Serif", serif; font-size: 14pt }</style></head><body>
<p>Bà Nguyễn Thị Hạnh kiến nghị sửa chữa đường liên thôn.</p>
<p>Ông Trần Văn Dũng đề nghị hỗ trợ kinh phí cho hộ chính sách.</p></body></html>"""


def distance(a: str, b: str) -> int:
    """Levenshtein distance, two rows of the dynamic programme (pages here are short)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def cer(reference: str, text: str) -> float:
    reference, text = ocr.normalise(reference), ocr.normalise(text)
    return distance(reference, text) / len(reference)


def has_words(text: str) -> list[str]:
    """The distinctive words found (with their diacritics) in the text."""
    text = ocr.normalise(text)
    return [w for w in WORDS if w in text]


def image_pdf(images: list[Image.Image], dpi: float = DPI) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=80)
    return buffer.getvalue()


def forbid_running(monkeypatch) -> None:
    def refuse(command, work):
        raise AssertionError(f"ran {command[:6]}")

    monkeypatch.setattr(convert, "_run", refuse)


# --- the scans --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("ocr")


@pytest.fixture(scope="module")
def original(folder):
    weasyprint = pytest.importorskip("weasyprint")
    path = folder / "bien-ban.pdf"
    weasyprint.HTML(string=HTML).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def reference(original):
    return ocr.page_texts(original)[0]


@pytest.fixture(scope="module")
def scanned_page(original, folder):
    """The page printed, signed, stamped and scanned (askew by up to 1.5°, JPEG), as an image."""
    out = folder / "bien-ban-scan.pdf"
    make_scans.scan(original, out, signer=CHAIR, seal_text=SEAL, dpi=DPI, seed=3)
    (image,) = PdfReader(out).pages[0].images
    return image.image.convert("RGB")


@pytest.fixture(scope="module")
def scan_pdf(scanned_page, folder):
    """Four pages: the scan; turned 90°; upside down and 3° askew; a blank sheet."""
    turned = scanned_page.rotate(90, expand=True)
    upside_down = scanned_page.rotate(183, Image.Resampling.BICUBIC, fillcolor=(245, 245, 242))
    blank = Image.new("RGB", scanned_page.size, (246, 245, 240))
    path = folder / "ban-quet.pdf"
    path.write_bytes(image_pdf([scanned_page, turned, upside_down, blank]))
    return path


@pytest.fixture(scope="module")
def short_page(folder):
    weasyprint = pytest.importorskip("weasyprint")
    import pypdfium2

    path = folder / "ngan.pdf"
    weasyprint.HTML(string=SHORT).write_pdf(path)
    doc = pypdfium2.PdfDocument(path)
    image = doc[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    doc.close()
    return image


@pytest.fixture(scope="module")
def rendition(scan_pdf, folder):
    """The four-page scan read once (two jobs), stored in a cache the later tests reuse."""
    pending = ocr.start(scan_pdf, folder / "lam-1", folder / "cache", jobs=2)
    return pending.result()


# --- is_scan ----------------------------------------------------------------------------------------------------


def test_images_and_image_only_pdfs_are_scans(scan_pdf, original, short_page, tmp_path):
    assert ocr.is_scan(scan_pdf)
    assert not ocr.is_scan(original)  # hoso's own PDF has its text
    for name in ("anh.jpg", "anh.JPEG", "anh.png", "anh.bmp", "anh.gif", "anh.webp"):
        short_page.save(tmp_path / name)
        assert ocr.is_scan(tmp_path / name)
    tiff = tmp_path / "nhieu-trang.tif"
    short_page.save(tiff, save_all=True, append_images=[short_page])
    assert ocr.is_scan(tiff)
    assert not ocr.is_scan(tmp_path / "ghi-am.mp3")


def signed_copy(source, target, *, field: bool, byte_range: bool):
    """``source`` with a signature: a signature dictionary (``/ByteRange``) somewhere in the file, or a signature
    field whose value is set (an AcroForm /Sig with /V), or both. Still a PDF pypdf reads."""
    writer = PdfWriter(clone_from=PdfReader(source))
    signature = DictionaryObject({NameObject("/Type"): NameObject("/Sig")})
    if byte_range:
        signature[NameObject("/ByteRange")] = ArrayObject([NumberObject(n) for n in (0, 10, 20, 30)])
    value = writer._add_object(signature)
    if field:
        entry = DictionaryObject(
            {
                NameObject("/FT"): NameObject("/Sig"),
                NameObject("/T"): TextStringObject("Ky so"),
                NameObject("/V"): value,
            }
        )
        form = DictionaryObject({NameObject("/Fields"): ArrayObject([writer._add_object(entry)])})
        writer._root_object[NameObject("/AcroForm")] = form
    else:
        writer._root_object[NameObject("/HosoTest")] = value
    with open(target, "wb") as f:
        writer.write(f)
    assert len(PdfReader(target).pages) == len(PdfReader(source).pages)
    assert (b"/ByteRange" in target.read_bytes()) == byte_range
    return target


def test_a_signed_pdf_is_never_a_scan(scan_pdf, tmp_path):
    """OCR would rewrite it and break the signature: a signature dictionary, or a signed field, says no."""
    assert ocr.is_scan(scan_pdf)
    assert not ocr.is_scan(signed_copy(scan_pdf, tmp_path / "ky-so.pdf", field=False, byte_range=True))
    assert not ocr.is_scan(signed_copy(scan_pdf, tmp_path / "truong-ky.pdf", field=True, byte_range=False))
    assert ocr.is_scan(signed_copy(scan_pdf, tmp_path / "chua-ky.pdf", field=False, byte_range=False))


def test_a_broken_file_is_not_a_scan_and_raises_nothing(tmp_path):
    garbage = tmp_path / "hong.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert not ocr.is_scan(garbage)
    empty = tmp_path / "rong.pdf"
    empty.write_bytes(b"")
    assert not ocr.is_scan(empty)
    assert not ocr.is_scan(tmp_path / "khong-co.pdf")


# --- reading ----------------------------------------------------------------------------------------------------


@NEEDS_OCR
def test_the_rendition_reads_the_vietnamese_of_the_scan(rendition, reference):
    assert not rendition.cached
    assert rendition.engine == ocr.ENGINE == ocr.engine()
    assert re.fullmatch(r"Tesseract \d+\.\d+\S* qua OCRmyPDF \d+\.\d+\S*", rendition.engine)
    assert rendition.language == "vie"
    first = ocr.page_texts(rendition.pdf)[0]
    assert has_words(first) == WORDS
    assert CHAIR in ocr.normalise(first)
    assert cer(reference, first) < 0.10


@NEEDS_OCR
def test_pages_turned_or_askew_come_out_upright(rendition, reference):
    texts = ocr.page_texts(rendition.pdf)
    for page in (1, 2):  # turned 90°; upside down and 3° askew
        assert has_words(texts[page]) == WORDS, (page, texts[page][:200])
        assert cer(reference, texts[page]) < 0.10, page
    reader = PdfReader(rendition.pdf)
    for page in reader.pages[:3]:
        box = page.mediabox
        rotation = page.get("/Rotate", 0) % 180
        width, height = (box.height, box.width) if rotation else (box.width, box.height)
        assert width < height  # shown upright: portrait A4


@NEEDS_OCR
def test_a_blank_page_is_listed_not_an_error(rendition):
    assert rendition.pages == 4
    assert rendition.unreadable == [4]


@NEEDS_OCR
def test_the_rendition_is_pdfa_2_with_every_page(rendition, scan_pdf):
    data = rendition.pdf.read_bytes()
    assert re.search(rb"pdfaid:part\s*(=\s*[\"']|>)\s*2", data)
    assert len(PdfReader(rendition.pdf).pages) == len(PdfReader(scan_pdf).pages) == 4
    assert convert.declared_pdfa(rendition.pdf)
    assert rendition.pdf.parent.name == "lam-1"


@NEEDS_OCR
def test_a_scan_read_once_is_taken_from_the_cache(rendition, scan_pdf, folder, monkeypatch):
    forbid_running(monkeypatch)
    again = ocr.start(scan_pdf, folder / "lam-2", folder / "cache", jobs=1).result()
    assert again.cached
    assert again.pdf.parent == (folder / "lam-2").resolve() and again.pdf.is_file()
    assert ocr.page_texts(again.pdf) == ocr.page_texts(rendition.pdf)
    assert (again.pages, again.unreadable) == (rendition.pages, rendition.unreadable)
    assert [p.name for p in (folder / "cache").iterdir() if p.name.startswith(".")] == []  # no temporary left


@NEEDS_OCR
def test_a_multipage_tiff_gives_each_page(short_page, folder):
    tiff = folder / "hai-trang.tif"
    bilevel = short_page.point(lambda v: 255 if v > 160 else 0).convert("1")  # an office scanner's black and white
    bilevel.save(tiff, save_all=True, append_images=[short_page.rotate(180)], dpi=(DPI, DPI), compression="tiff_lzw")
    assert Image.open(tiff).n_frames == 2
    result = ocr.start(tiff, folder / "lam-tiff", None, jobs=2).result()
    assert result.pages == 2 and result.unreadable == []
    for text in ocr.page_texts(result.pdf):
        assert "Nguyễn Thị Hạnh" in ocr.normalise(text) and "kiến nghị" in ocr.normalise(text)


@NEEDS_OCR
def test_a_jpeg_without_dpi_is_read_and_cached_and_a_damaged_entry_is_redone(short_page, folder, monkeypatch):
    photo = folder / "anh-chup.jpg"
    short_page.convert("RGB").save(photo, "JPEG", quality=85)  # no JFIF density: Pillow writes 1 × 1, no unit
    assert Image.open(photo).info.get("dpi") in (None, (1, 1))
    cache = folder / "cache-anh"
    first = ocr.start(photo, folder / "lam-anh-1", cache).result()
    assert first.pages == 1 and not first.cached
    text = ocr.normalise(ocr.page_texts(first.pdf)[0])
    assert "Nguyễn Thị Hạnh" in text and "Trần Văn Dũng" in text
    width = float(PdfReader(first.pdf).pages[0].mediabox.width)
    assert width == pytest.approx(short_page.width / DPI * 72, rel=0.02)  # laid out at 200 dpi

    with monkeypatch.context() as patched:
        forbid_running(patched)
        assert ocr.start(photo, folder / "lam-anh-2", cache).result().cached

    (entry,) = cache.glob("*.pdf")
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])  # a disk that lost half of it
    redone = ocr.start(photo, folder / "lam-anh-3", cache).result()
    assert not redone.cached
    assert ocr.page_texts(redone.pdf) == ocr.page_texts(first.pdf)
    assert len(list(cache.glob("*.pdf"))) == 1


# --- images made a PDF (no OCR) ---------------------------------------------------------------------------------


def test_image_modes_become_pdf_pages(short_page, tmp_path):
    """Alpha, palette, 16-bit, CMYK, bilevel: each becomes one page at its resolution; EXIF turns a photo."""
    rgb = short_page.convert("RGB")
    samples = {
        "rgba.png": rgb.convert("RGBA"),
        "la.png": short_page.convert("LA"),
        "p.gif": rgb.convert("P"),
        "i16.png": short_page.convert("I;16"),
        "cmyk.tif": rgb.convert("CMYK"),
        "bilevel.bmp": short_page.convert("1"),
        "webp.webp": rgb,
    }
    for name, image in samples.items():
        path = tmp_path / name
        image.save(path, dpi=(DPI, DPI))
        target = tmp_path / f"{name}.pdf"
        assert ocr._image_to_pdf(path, target) == 1, name
        page = PdfReader(target).pages[0]
        assert float(page.mediabox.width) == pytest.approx(short_page.width / DPI * 72, rel=0.02), name

    photo = tmp_path / "dung.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held upright: turn 90° clockwise to show it
    rgb.save(photo, "JPEG", exif=exif, dpi=(300, 300))
    target = tmp_path / "dung.pdf"
    ocr._image_to_pdf(photo, target)
    page = PdfReader(target).pages[0]
    assert page.get("/Rotate", 0) % 360 == 90
    (embedded,) = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    assert embedded.get("/Filter") == "/DCTDecode" and embedded._data == photo.read_bytes()  # kept as it is


# --- refused before anything runs -------------------------------------------------------------------------------


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@NEEDS_OCR
def test_an_image_over_the_pixel_limit_is_refused_before_ocr(tmp_path, monkeypatch, short_page):
    forbid_running(monkeypatch)
    bomb = tmp_path / "bom.png"
    bomb.write_bytes(png_claiming(60_000, 60_000))
    with pytest.raises(convert.ConversionProblem, match="bom.png.*quá lớn.*60000 × 60000"):
        ocr.start(bomb, tmp_path / "lam", None)

    small = tmp_path / "nho.png"
    short_page.save(small)
    monkeypatch.setattr(pages, "PIXEL_LIMIT", 1000)
    with pytest.raises(convert.ConversionProblem, match="nho.png.*quá lớn"):
        ocr.start(small, tmp_path / "lam-2", None)
    tiff = tmp_path / "nhieu.tif"
    short_page.save(tiff, save_all=True, append_images=[short_page])
    with pytest.raises(convert.ConversionProblem, match="nhieu.tif.*quá lớn"):
        ocr.start(tiff, tmp_path / "lam-3", None)


@NEEDS_OCR
def test_an_image_only_pdf_with_a_huge_image_is_refused(tmp_path, monkeypatch, scan_pdf):
    forbid_running(monkeypatch)
    monkeypatch.setattr(pages, "PIXEL_LIMIT", 1_000_000)
    with pytest.raises(convert.ConversionProblem, match="ban-quet.pdf.*quá lớn"):
        ocr.start(scan_pdf, tmp_path / "lam", None)


@NEEDS_OCR
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("hong.pdf", b"%PDF-1.7\nkhong phai PDF\n" * 50, "hong.pdf: không đọc được tệp PDF"),
        ("rac.pdf", bytes(range(256)) * 8, "rac.pdf: không đọc được tệp PDF"),
        ("anh-hong.jpg", b"\xff\xd8\xff\xe0 not a jpeg" * 10, "anh-hong.jpg: không đọc được ảnh"),
    ],
)
def test_a_broken_file_is_refused_in_vietnamese(tmp_path, monkeypatch, name, data, message):
    forbid_running(monkeypatch)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(convert.ConversionProblem) as refused:
        ocr.start(path, tmp_path / "lam", None)
    assert str(refused.value).startswith(message)
    assert "Traceback" not in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__


@NEEDS_OCR
def test_a_signed_pdf_is_refused_not_rewritten(tmp_path, monkeypatch, scan_pdf):
    forbid_running(monkeypatch)
    signed = signed_copy(scan_pdf, tmp_path / "ky-so.pdf", field=True, byte_range=True)
    with pytest.raises(convert.ConversionProblem, match="ky-so.pdf: tệp PDF có chữ ký số"):
        ocr.start(signed, tmp_path / "lam", None)


@NEEDS_OCR
def test_ocrmypdf_failing_is_a_problem_naming_the_file(tmp_path, monkeypatch, scan_pdf):
    """A tool that fails (here: a command that exits 2) gives the file's name and a reason, in Vietnamese."""
    import subprocess

    def failing(command, work):
        return subprocess.Popen(
            [sys.executable, "-c", "import sys; sys.stderr.write('boom\\n'); sys.exit(2)"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )

    monkeypatch.setattr(convert, "_run", failing)
    pending = ocr.start(scan_pdf, tmp_path / "lam", tmp_path / "cache")
    with pytest.raises(convert.ConversionProblem, match="ban-quet.pdf: không nhận dạng được chữ trên bản quét"):
        pending.result()
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []


@NEEDS_OCR
def test_ocr_taking_too_long_is_stopped_and_a_cancelled_job_gives_no_result(tmp_path, monkeypatch, scan_pdf):
    import subprocess

    started = []

    def slow(command, work):
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], stderr=subprocess.PIPE))
        return started[-1]

    monkeypatch.setattr(convert, "_run", slow)
    monkeypatch.setattr(ocr, "OCR_TIMEOUT", 0)
    monkeypatch.setattr(ocr, "OCR_PAGE_SECONDS", 0)
    pending = ocr.start(scan_pdf, tmp_path / "lam", None)
    with pytest.raises(convert.ConversionProblem, match="ban-quet.pdf: nhận dạng chữ \\(OCR\\) chưa xong sau 0 giây"):
        pending.result()
    assert started[0].poll() is not None  # killed, not left running

    pending = ocr.start(scan_pdf, tmp_path / "lam-2", None)
    pending.cancel()
    assert started[1].poll() is not None
    with pytest.raises(convert.ConversionProblem, match="ban-quet.pdf: .*đã bị hủy"):
        pending.result()
