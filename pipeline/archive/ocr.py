"""Scans of signed, stamped paper made searchable: read with Vietnamese OCR into a PDF/A-2 with a text layer.

An office attaches its signed documents as scans (an image-only PDF from the scanner, a photo, a TIFF). What
goes into the dossier PDF and the index is a rendition: the same pages, deskewed and turned upright, with the
text Tesseract read laid invisibly over them, so the hồ sơ can be searched for a name or a kiến nghị. The
office's file itself is kept unchanged in the bag.

- OCRmyPDF drives Tesseract: it rasterises each page, turns it upright (Tesseract's orientation detection),
  straightens it, reads it and grafts the text onto the page, and writes PDF/A-2 itself (Ghostscript only
  when its own check fails). Writing that pipeline again here would be a second, worse OCRmyPDF.
- Tesseract's ``vie`` model (LSTM) reads Vietnamese with its diacritics: a model without them reads "Biên
  bản" as "Bien ban", which neither a reader nor a phrase search would accept. What it misreads most on a
  scan is the small hook of ổ, ể, ẩ, taken for an acute, and the words under a seal; the image it reads is
  sharpened and loses its coloured ink for that (``_PLUGIN``), the page shown is left as scanned.
- Reading a page costs seconds, so a scan is read once: the rendition is kept in a cache under the digest of
  the file's bytes and of everything that shapes the result (engine and model versions, language,
  options); an unchanged scan is never read again, however often the hồ sơ is rebuilt. Entries are written
  whole (temporary file, then rename) and carry a checksum in their name, so two builds at once or a build
  killed half-way never leave an entry a later build would take.
- OCRmyPDF and Tesseract parse files from outside, so they run like the other converters
  (``convert._run``): in network and PID namespaces of their own, killed with hoso. Images are refused
  over the same pixel limits as photos (``pages``) before anything decodes them, so a decompression bomb
  never reaches the OCR. Tesseract gets one thread per job: hoso runs its builds in parallel itself.
- A digitally signed PDF is never a scan here: rewriting it would break its signature.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject

from . import convert, pages

LANGUAGE = "vie"
ENGINE: str  # "Tesseract 5.3.0 qua OCRmyPDF 17.13.0"; looked up on first use (module __getattr__ below)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif", ".webp"})
# Seconds OCRmyPDF may take on a file: a base for starting up and the PDF/A work, and more for each page
# (5 s a page at 200 dpi, 8 at 300 dpi on one core here; the margin covers a slow office computer).
OCR_TIMEOUT = 300
OCR_PAGE_SECONDS = 60
# A page where OCR found fewer letters and digits than this is listed as unreadable: a blank back, a
# photo, a drawing. A real page of a document has hundreds.
READABLE_CHARACTERS = 10
# is_scan: fewer non-space characters than this per page (on average) is a page without a text layer;
# a scanner's footer or a stamp's text may leave a few.
SCAN_TEXT_PER_PAGE = 20
SCAN_PAGES_CHECKED = 10
# An image without a believable resolution (none, or a camera's nominal 72 dpi) is taken as a 200 dpi
# scan, or made to fit an A4 page when that would be larger.
DEFAULT_DPI = 200
A4_INCHES = (210 / 25.4, 297 / 25.4)
_PLAUSIBLE_DPI = (100, 1200)
MAX_FRAMES = 500  # pages in one TIFF: more is not a scan of a document
# Orientation confidence (Tesseract OSD) from which OCRmyPDF turns a page. Its default, 14, leaves most
# pages sideways: hoso's documents scanned at 200 dpi score 5.4-14 whichever way they lie (OSD named the
# right orientation on all 84 tried), a page with a line or two under 1.
ROTATE_THRESHOLD = 3
# The image Tesseract reads (never the page shown) is prepared by this OCRmyPDF plugin, written into the
# work folder. Measured on the demo's scans (tesseract on the page images, words of the page not read):
# - the seal's red and the signature's blue are taken out (each pixel lightened by its chroma; print is grey,
#   ink over print stays dark): a seal touching the signature block made Tesseract take the whole block for
#   a picture, so the signer's name and title were lost, and the ring's letters came out as noise;
# - then an unsharp mask of 0.17 mm (2 pixels at 300 dpi): a scanner's optics blur the small hook of ổ, ể,
#   ẩ into an acute, and Tesseract read "kiểm tra" as "kiếm tra", "buổi" as "buối"; a search found nothing.
# Words missed at 300 dpi: 3.3 % as scanned, 1.7 % sharpened, 1.3 % with the ink taken out too.
_PLUGIN = '''"""hoso: the image Tesseract reads, without coloured ink and sharpened (the page shown is as scanned)."""

from ocrmypdf import hookimpl
from PIL import ImageChops, ImageFilter


@hookimpl
def filter_ocr_image(page, image):
    dpi = image.info.get("dpi") or (300, 300)
    if image.mode == "RGB":
        red, green, blue = image.split()
        high = ImageChops.lighter(ImageChops.lighter(red, green), blue)
        low = ImageChops.darker(ImageChops.darker(red, green), blue)
        image = ImageChops.add(high, ImageChops.subtract(high, low))
    elif image.mode != "L":
        return image
    radius = 0.17 / 25.4 * float(dpi[0] or 300)
    sharp = image.filter(ImageFilter.UnsharpMask(radius=radius, percent=250, threshold=3))
    sharp.info["dpi"] = dpi
    return sharp
'''
_PLUGIN_FILE = "hoso_ocr_sharpen.py"
# Tesseract's table finder joins the cells of a ruled table into lines across the row, so a kiến nghị and
# the office's answer beside it came out word-mixed, line by line; without it each cell is a block of its
# own and reads as the PDF does (character error rate of the demo's báo cáo kết quả: 19 % and 44 % to 4.6 %
# and 0.5 %; the other pages unchanged).
_TESSERACT_CONFIG = "textord_tabfind_find_tables 0\n"
_TESSERACT_CONFIG_FILE = "hoso_tesseract.cfg"
_IMAGES_PDF = "anh.pdf"  # an image file made a PDF for OCRmyPDF
_CACHE_FORMAT = "hoso-ocr 1"
_CHUNK = 1 << 20


# --- the engine -----------------------------------------------------------------------------------------------


@cache
def _tesseract() -> tuple[str, Path | None, frozenset[str]]:
    """(version, tessdata folder, languages) of the tesseract on PATH; ("", None, {}) when there is none."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return "", None, frozenset()
    try:
        version = subprocess.run(
            [tesseract, "--version"], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
        )
        listing = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return "", None, frozenset()
    first = (version.stdout or version.stderr).split("\n", 1)[0].split()
    number = first[1] if len(first) > 1 else "?"
    folder = re.search(r'"([^"]+)"', listing.stdout)
    languages = frozenset(line.strip() for line in listing.stdout.splitlines()[1:] if line.strip())
    return number, Path(folder.group(1)) if folder else None, languages


def _ocrmypdf_version() -> str:
    try:
        return metadata.version("ocrmypdf")
    except metadata.PackageNotFoundError:
        return ""


def missing() -> str | None:
    """Why OCR cannot run here (in Vietnamese), or None when Tesseract, its Vietnamese model and OCRmyPDF are
    all installed."""
    version, _, languages = _tesseract()
    if not version:
        return "chưa cài Tesseract (gói tesseract-ocr)"
    if LANGUAGE not in languages or "osd" not in languages:
        return "Tesseract chưa có dữ liệu tiếng Việt và nhận hướng trang (gói tesseract-ocr-vie, tesseract-ocr-osd)"
    if not _ocrmypdf_version():
        return "chưa cài OCRmyPDF (gói Python ocrmypdf)"
    return None


@cache
def engine() -> str:
    """What reads the scans, as the archive records it: "Tesseract 5.3.0 qua OCRmyPDF 17.13.0"."""
    return f"Tesseract {_tesseract()[0] or '?'} qua OCRmyPDF {_ocrmypdf_version() or '?'}"


def __getattr__(name: str) -> str:
    if name == "ENGINE":  # asking for the versions runs tesseract: only when someone needs them
        return engine()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _model_digest() -> str:
    """The digest of the Vietnamese model file: another model (tessdata_best, a retrained one) reads differently,
    so its renditions must not be taken from the cache."""
    _, folder, _ = _tesseract()
    digest = hashlib.sha256()
    if folder is not None:
        for name in (f"{LANGUAGE}.traineddata", "osd.traineddata"):
            try:
                _digest_file(folder / name, digest)
            except OSError:
                digest.update(b"-")
    return digest.hexdigest()


def _options(jobs: int) -> list[str]:
    """OCRmyPDF's options, paths aside (see ``start`` for why each)."""
    return [
        "--language",
        LANGUAGE,
        "--output-type",
        "pdfa-2",
        "--force-ocr",
        "--rotate-pages",
        "--rotate-pages-threshold",
        str(ROTATE_THRESHOLD),
        "--deskew",
        "--optimize",
        "1",
        "--max-image-mpixels",
        str(pages.PIXEL_LIMIT // 2_000_000),
        "--jobs",
        str(jobs),
        "--quiet",
    ]


def _cache_key(source: Path) -> str:
    digest = hashlib.sha256()
    # jobs does not change the result: the key is taken with one
    shaping = [
        _CACHE_FORMAT,
        engine(),
        LANGUAGE,
        _model_digest(),
        *_options(1),
        f"dpi={DEFAULT_DPI}",
        _PLUGIN,
        _TESSERACT_CONFIG,
    ]
    digest.update("\n".join(shaping).encode() + b"\n\n")
    _digest_file(source, digest)
    return digest.hexdigest()


def _digest_file(path: Path, digest) -> None:
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)


# --- what is a scan -------------------------------------------------------------------------------------------


def _signed(data: bytes, reader: PdfReader) -> bool:
    """A PDF with a digital signature: its signature dictionary, or a signature field with a value."""
    if b"/ByteRange" in data:
        return True
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    form = root.get("/AcroForm")
    form = form.get_object() if form is not None else None
    if not isinstance(form, DictionaryObject):
        return False
    fields = form.get("/Fields")
    fields = fields.get_object() if fields is not None else None
    stack = list(fields) if isinstance(fields, ArrayObject) else []
    seen = 0
    while stack and seen < 10_000:
        seen += 1
        item = stack.pop().get_object()
        if not isinstance(item, DictionaryObject):
            continue
        if item.get("/FT") == "/Sig" and item.get("/V") is not None:
            return True
        kids = item.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if isinstance(kids, ArrayObject):
            stack.extend(kids)
    return False


def _images(resources, depth: int = 0):
    """(width, height) of each image XObject of a page's resources, in form XObjects a few levels deep."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or depth > 4:
        return
    xobjects = resources.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else None
    if not isinstance(xobjects, DictionaryObject):
        return
    for reference in xobjects.values():
        xobject = reference.get_object()
        if not isinstance(xobject, DictionaryObject):
            continue
        if xobject.get("/Subtype") == "/Image":
            yield int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
        elif xobject.get("/Subtype") == "/Form":
            yield from _images(xobject.get("/Resources"), depth + 1)


def is_scan(path: Path) -> bool:
    """An image file, or a PDF whose first pages carry images and (almost) no text: what OCR can make
    searchable. A digitally signed PDF is not (OCR would break its signature); a file that cannot be read is
    not either (its conversion will say what is wrong)."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return True
    if suffix != ".pdf":
        return False
    try:
        data = path.read_bytes()
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted or _signed(data, reader):
            return False
        checked = [reader.pages[i] for i in range(min(len(reader.pages), SCAN_PAGES_CHECKED))]
        if not checked:
            return False
        with_images = sum(1 for page in checked if any(True for _ in _images(page.get("/Resources"))))
        characters = sum(len("".join(page.extract_text().split())) for page in checked)
    except Exception:  # noqa: BLE001 - a broken file is not a scan; whatever pypdf raises on it
        return False
    return with_images * 2 >= len(checked) and characters < SCAN_TEXT_PER_PAGE * len(checked)


# --- images as a PDF ------------------------------------------------------------------------------------------


def _dpi(width: int, height: int, claimed) -> tuple[float, float]:
    """The resolution a page of ``width`` × ``height`` pixels is laid out at: the image's own if believable,
    else 200 dpi, or what fits the image on an A4 page (either way round) when 200 dpi would not."""
    try:
        x, y = (float(claimed[0]), float(claimed[1])) if claimed else (0.0, 0.0)
    except (TypeError, ValueError, IndexError):
        x = y = 0.0
    low, high = _PLAUSIBLE_DPI
    if low <= x <= high and low <= y <= high:
        return x, y
    short, long = A4_INCHES
    across, down = (short, long) if height >= width else (long, short)
    dpi = max(float(DEFAULT_DPI), width / across, height / down)
    return dpi, dpi


def _flatten(image):
    """A frame as a mode a PDF holds and Tesseract reads: 1, L or RGB, transparency laid on white paper."""
    from PIL import Image

    if image.mode in ("1", "L", "RGB"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        wide = image.convert("I") if image.mode != "F" else image
        high = wide.getextrema()[1] or 1
        scale = 255 / high if high > 255 else 1  # 16-bit scans use the whole range, some only the low byte
        return wide.point(lambda v: v * scale).convert("L")
    if image.mode in ("LA", "La", "RGBA", "RGBa", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(paper, rgba).convert("RGB")
        return flat.convert("L") if image.mode in ("LA", "La") else flat
    return image.convert("RGB")  # P, CMYK, YCbCr, LAB, HSV…


def _frame_pdf(data: bytes, dpi: tuple[float, float], rotate: bool) -> bytes:
    import img2pdf  # type: ignore[import-untyped]  # no type information

    rotation = img2pdf.Rotation.ifvalid if rotate else img2pdf.Rotation.none
    return cast(bytes, img2pdf.convert(data, layout_fun=img2pdf.get_fixed_dpi_layout_fun(dpi), rotation=rotation))


def _image_to_pdf(source: Path, target: Path) -> int:
    """Write ``target``: one PDF page per page of the image ``source`` (every page of a TIFF), upright as its
    EXIF data says, at its resolution. Refuses an image over the pixel limits before decoding it.
    Returns the number of pages."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = source.name
    # Pillow's own bomb check is replaced by the limits checked below before decoding, as in pages.py
    Image.MAX_IMAGE_PIXELS = None
    parts: list[bytes] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(source) as image:
                kind = image.format or ""
                frames = getattr(image, "n_frames", 1) if kind in ("TIFF", "MPO") else 1
                if kind == "MPO":
                    frames = 1  # a camera's second frame is the same view for 3D or a preview, not a page
                if frames > MAX_FRAMES:
                    raise convert.ConversionProblem(
                        f"{name}: tệp ảnh có {frames} trang, quá {MAX_FRAMES} trang; hãy chia thành nhiều tệp"
                    )
                sequential_jpeg = kind in ("JPEG", "MPO") and not image.info.get("progressive")
                limit = pages.JPEG_PIXEL_LIMIT if sequential_jpeg else pages.PIXEL_LIMIT
                for index in range(frames):
                    image.seek(index)
                    width, height = image.size
                    if width * height > limit:
                        raise convert.ConversionProblem(str(pages._too_large(name, image.size, limit)))
                for index in range(frames):
                    image.seek(index)
                    parts.append(_frame(image, source, frames == 1 and kind == "JPEG", ImageOps))
    except convert.ConversionProblem:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, MemoryError) as e:
        raise convert.ConversionProblem(
            f"{name}: không đọc được ảnh ({e.__class__.__name__}); tệp có thể bị hỏng"
        ) from None
    except Exception as e:  # noqa: BLE001 - img2pdf's own errors on an image it cannot embed
        raise convert.ConversionProblem(f"{name}: không đưa được ảnh vào tệp PDF ({e.__class__.__name__})") from None
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    with open(target, "wb") as f:
        writer.write(f)
    return len(parts)


def _frame(image, source: Path, whole_jpeg: bool, image_ops) -> bytes:
    """One page of the image as a one-page PDF."""
    width, height = image.size
    claimed = image.info.get("dpi")
    orientation = image.getexif().get(0x0112, 1)
    if (
        whole_jpeg
        and image.mode in ("L", "RGB")
        and orientation in (1, 3, 6, 8)
        and width * height <= pages.PIXEL_LIMIT
    ):
        # the camera's JPEG as it is, no second compression; img2pdf lays it out as stored and turns the
        # page (/Rotate) as EXIF says
        return _frame_pdf(source.read_bytes(), _dpi(width, height, claimed), rotate=True)
    scale = 1
    if image.format in ("JPEG", "MPO") and width * height > pages.PIXEL_LIMIT:
        # a large sequential JPEG is decoded at 1/2, 1/4 or 1/8 of its size (libjpeg's scaling), which is
        # still far more than OCR needs
        while scale < 8 and width * height / (scale * scale) > pages.PIXEL_LIMIT:
            scale *= 2
        image.draft(image.mode if image.mode in ("L", "RGB") else "RGB", (-(-width // scale), -(-height // scale)))
        scale = max(1, round(width / image.size[0]))
    frame = _flatten(image_ops.exif_transpose(image) if orientation != 1 else image)
    if claimed and scale > 1:
        claimed = (claimed[0] / scale, claimed[1] / scale)
    if orientation in (5, 6, 7, 8) and claimed:
        claimed = claimed[::-1]
    buffer = io.BytesIO()
    if image.format in ("JPEG", "MPO") and frame.mode in ("L", "RGB"):
        frame.save(buffer, "JPEG", quality=92)  # a photo stays a JPEG: as PNG it would be five times larger
    else:
        frame.save(buffer, "PNG", compress_level=1)  # lossless; OCRmyPDF recompresses the page anyway
    return _frame_pdf(buffer.getvalue(), _dpi(frame.width, frame.height, claimed), rotate=False)


# --- PDFs -----------------------------------------------------------------------------------------------------


def _check_pdf(source: Path) -> int:
    """The page count of a PDF OCR may rewrite: readable, no password, no digital signature, no image over the
    pixel limit (checked in the PDF's dictionaries, nothing decoded)."""
    name = source.name
    try:
        data = source.read_bytes()
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise convert.ConversionProblem(f"{name}: tệp PDF có mật khẩu; hãy đính kèm bản không đặt mật khẩu")
        if _signed(data, reader):
            raise convert.ConversionProblem(
                f"{name}: tệp PDF có chữ ký số; không nhận dạng chữ trên tệp này để giữ nguyên chữ ký số"
            )
        count = len(reader.pages)
        for page in reader.pages:
            for width, height in _images(page.get("/Resources")):
                if width * height > pages.PIXEL_LIMIT:
                    raise convert.ConversionProblem(str(pages._too_large(name, (width, height), pages.PIXEL_LIMIT)))
    except convert.ConversionProblem:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError, OSError) as e:
        raise convert.ConversionProblem(
            f"{name}: không đọc được tệp PDF ({e.__class__.__name__}); hãy kiểm tra lại tệp"
        ) from None
    if count == 0:
        raise convert.ConversionProblem(f"{name}: tệp PDF không có trang nào")
    return count


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of a PDF (its text layer, as pypdf reads it)."""
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def _unreadable(texts: list[str]) -> list[int]:
    return [n for n, text in enumerate(texts, start=1) if sum(c.isalnum() for c in text) < READABLE_CHARACTERS]


def normalise(text: str) -> str:
    """NFC, whitespace collapsed: how texts are compared (a text layer breaks lines where the page does)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- the cache ------------------------------------------------------------------------------------------------


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    _digest_file(path, digest)
    return digest.hexdigest()


def _lookup(cache_dir: Path, key: str) -> Path | None:
    """The cached rendition for ``key``, if one is there whole: its content matches the checksum in its name
    and pypdf reads its pages. A damaged entry is removed, so it is made again."""
    for entry in sorted(cache_dir.glob(f"{key}.*.pdf")):
        try:
            good = _file_sha256(entry)[:32] == entry.name.split(".")[1] and len(PdfReader(entry).pages) > 0
        except Exception:  # noqa: BLE001 - whatever a damaged file makes pypdf raise
            good = False
        if good:
            return entry
        with contextlib.suppress(OSError):
            entry.unlink()
    return None


def _store(cache_dir: Path, key: str, rendition: Path) -> None:
    """Put ``rendition`` in the cache, whole or not at all; a cache that cannot be written is only slower."""
    temporary: str | None = None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        name = f"{key}.{_file_sha256(rendition)[:32]}.pdf"
        with tempfile.NamedTemporaryFile(dir=cache_dir, prefix=".", suffix=".tmp", delete=False) as f:
            temporary = f.name
            os.fchmod(f.fileno(), 0o644)  # not the 0600 of a temporary file: the cache may be shared
            with open(rendition, "rb") as source:
                shutil.copyfileobj(source, f, _CHUNK)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, cache_dir / name)
        temporary = None
    except OSError:
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


# --- running OCR ----------------------------------------------------------------------------------------------


@dataclass
class OcrResult:
    """A scan made searchable."""

    pdf: Path  # the rendition: PDF/A-2 with a text layer, one page per scanned page
    pages: int
    unreadable: list[int]  # 1-based pages where OCR found (almost) no text: a blank page, a photo
    engine: str
    language: str
    cached: bool  # taken from the cache, nothing run


_EXIT_REASONS = {
    2: "tệp quét không đọc được hoặc không hợp lệ",
    3: "thiếu Tesseract hoặc dữ liệu tiếng Việt",
    7: "Tesseract gặp lỗi khi đọc trang",
    8: "tệp PDF có mật khẩu",
    10: "không tạo được tệp PDF/A",
    130: "bị dừng",
}


@dataclass
class PendingOcr:
    """OCR running in the background (or a rendition found in the cache); ``result()`` waits for it."""

    source: Path
    work: Path
    output: Path
    process: subprocess.Popen | None
    timeout: int
    cache: Path | None = None
    key: str | None = None
    entry: Path | None = None  # the cache entry to use instead of running anything
    started: float = field(default_factory=time.monotonic)
    _done: OcrResult | None = field(default=None, repr=False)
    _cancelled: bool = field(default=False, repr=False)

    def result(self) -> OcrResult:
        if self._done is not None:
            return self._done
        name = self.source.name
        if self._cancelled:
            raise convert.ConversionProblem(f"{name}: việc nhận dạng chữ (OCR) đã bị hủy")
        if self.entry is not None:
            try:
                shutil.copyfile(self.entry, self.output)
            except OSError as e:
                raise convert.ConversionProblem(
                    f"{name}: không chép được bản nhận dạng chữ từ bộ nhớ đệm ({e.__class__.__name__})"
                ) from None
            self._done = self._finish(self.output, cached=True)
            return self._done
        if self.process is not None:
            try:
                _, err = self.process.communicate(timeout=max(1.0, self.started + self.timeout - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.cancel()
                raise convert.ConversionProblem(
                    f"{name}: nhận dạng chữ (OCR) chưa xong sau {self.timeout} giây; "
                    "hãy chia tệp quét thành nhiều tệp nhỏ hơn rồi đính kèm lại"
                ) from None
            code = self.process.returncode
            self.process = None
            if code != 0 or not self.output.is_file():
                lines = (err or b"").decode("utf-8", "replace").strip().splitlines()
                said = lines[-1].strip()[:120] if lines else ""  # OCRmyPDF's last word, in English
                reason = _EXIT_REASONS.get(code, f"mã lỗi {code}")
                detail = f"{reason}: {said}" if said else reason
                raise convert.ConversionProblem(f"{name}: không nhận dạng được chữ trên bản quét ({detail})")
        shutil.rmtree(self.work / "tam", ignore_errors=True)
        (self.work / _IMAGES_PDF).unlink(missing_ok=True)
        done = convert.strip_actions(self.output, self.work / "ocr-sach.pdf", name)
        self._done = self._finish(done, cached=False)
        if self.cache is not None and self.key is not None:
            _store(self.cache, self.key, done)
        return self._done

    def _finish(self, pdf: Path, cached: bool) -> OcrResult:
        try:
            texts = page_texts(pdf)
        except Exception as e:  # noqa: BLE001 - a rendition pypdf cannot read is OCRmyPDF's failure
            raise convert.ConversionProblem(
                f"{self.source.name}: bản nhận dạng chữ không đọc được ({e.__class__.__name__})"
            ) from None
        return OcrResult(pdf, len(texts), _unreadable(texts), engine(), LANGUAGE, cached)

    def cancel(self) -> None:
        if self._done is not None:
            return
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        self.process = None
        self._cancelled = True


def start(source: Path, work: Path, cache: Path | None, jobs: int = 1) -> PendingOcr:
    """Begin making ``source`` (a scan: image-only PDF or image) searchable in ``work`` (a fresh folder);
    ``result()`` gives the rendition. With ``cache``, a scan read before is taken from it and nothing runs.

    Images become a PDF here first (that is quick; the pixel limits are checked before any decoding). Then
    OCRmyPDF, isolated like the other converters, with:

    ``--language vie``
        Tesseract's Vietnamese model.
    ``--output-type pdfa-2``
        the dossier is PDF/A-2b; OCRmyPDF writes it itself and checks it, Ghostscript only if that fails.
    ``--force-ocr``
        a scan may carry a little text already (a scanner's footer, a stamp of the app that made it): the
        default mode refuses such a file, --skip-text would leave those pages unread and --redo-ocr cannot
        deskew. A scan's pages are images anyway, so rasterising them loses nothing.
    ``--rotate-pages --rotate-pages-threshold 3``
        pages scanned sideways or upside down are turned upright (see ROTATE_THRESHOLD).
    ``--deskew``
        a sheet askew on the glass is straightened (Tesseract finds the angle; no unpaper needed), which
        also makes the text layer's lines straight.
    ``--optimize 1``
        lossless only: a signed original's rendition must not lose detail; it costs little time.
    ``--max-image-mpixels``
        Pillow's bomb check inside OCRmyPDF at hoso's pixel limit, for images the PDF's dictionaries lie about.
    ``--jobs`` (with OMP_THREAD_LIMIT=1)
        pages read in parallel by ``jobs`` processes, each Tesseract on one thread.
    ``--quiet``
        only warnings and errors on stderr, whose last line names a failure.
    ``--plugin hoso_ocr_sharpen.py``
        the image Tesseract reads loses its seal and signature ink and is sharpened (see _PLUGIN); the page
        shown does not.
    ``--tesseract-config hoso_tesseract.cfg``
        Tesseract does not look for tables, so a table reads cell by cell (see _TESSERACT_CONFIG).
    """
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if not source.is_file():
        raise convert.ConversionProblem(f"{source.name}: không tìm thấy tệp")
    problem = missing()
    if problem is not None:
        raise convert.ConversionProblem(f"{source.name}: không nhận dạng được chữ trên bản quét: {problem}")
    output = work / "ocr.pdf"
    key = None
    if cache is not None:
        key = _cache_key(source)
        entry = _lookup(cache, key)
        if entry is not None:
            return PendingOcr(source, work, output, None, 0, cache, key, entry=entry)
    if source.suffix.lower() in IMAGE_SUFFIXES:
        given = work / _IMAGES_PDF
        count = _image_to_pdf(source, given)
    else:
        given = source.resolve()
        count = _check_pdf(source)
    temporary = work / "tam"  # OCRmyPDF's working files stay in the build's own folder
    temporary.mkdir(exist_ok=True)
    plugin = work / _PLUGIN_FILE
    plugin.write_text(_PLUGIN, encoding="utf-8")
    config = work / _TESSERACT_CONFIG_FILE
    config.write_text(_TESSERACT_CONFIG, encoding="utf-8")
    command = [
        shutil.which("env") or "/usr/bin/env",
        "OMP_THREAD_LIMIT=1",
        f"TMPDIR={temporary}",
        sys.executable,
        "-m",
        "ocrmypdf",
        *_options(max(1, jobs)),
        "--plugin",
        str(plugin),
        "--tesseract-config",
        str(config),
        str(given),
        str(output),
    ]
    timeout = OCR_TIMEOUT + OCR_PAGE_SECONDS * max(0, count - 1)
    return PendingOcr(source, work, output, convert._run(command, work), timeout, cache, key)
