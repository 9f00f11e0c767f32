"""The pages the archive adds to a hồ sơ, rendered by WeasyPrint as PDF/A-2b.

    bìa hồ sơ (cover) · mục lục văn bản · chứng từ kết thúc · a page per photo · the sheet-number stamps

Templates live in ``templates/archive/``; every value is escaped. Photos come in as ``data:`` URLs
built here from the file's bytes; the documents' URL fetcher refuses every other URL, so nothing in a
record can make the renderer read another file or reach the network.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup
from num2words import num2words

from ..documents.pdf import drawable, embedded_only, template_environment
from ..formatting import vn_date
from ..profile import Profile
from .dossier import Dossier, Item

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "archive"
PDF_VARIANT = "pdf/a-2b"
# Image types WeasyPrint embeds as they are; anything else Pillow opens is converted to PNG first.
_DIRECT_IMAGES = {"JPEG": "image/jpeg", "PNG": "image/png"}


class ImageProblem(Exception):
    """An attached image that cannot be read."""


def _environment() -> jinja2.Environment:
    return template_environment(TEMPLATE_DIR)


def _fonts(profile: Profile) -> str:
    return ", ".join(f'"{f}"' for f in profile.fonts) + ", serif"


@cache
def _weasy(profile_id: str, margins: tuple[tuple[str, float], ...], fonts: str):
    """WeasyPrint, the archive stylesheet of a profile and one font configuration, made once per process."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css_text = _environment().get_template("archive.css.j2").render(m=dict(margins), fonts=fonts)
    css = weasyprint.CSS(string=css_text, font_config=font_config, url_fetcher=embedded_only())
    return weasyprint, css, font_config


def _render(template: str, profile: Profile, **values) -> bytes:
    weasyprint, css, font_config = _weasy(profile.id, tuple(sorted(profile.margins_mm.items())), _fonts(profile))
    html = drawable(_environment().get_template(template).render(**values))
    return weasyprint.HTML(string=html, url_fetcher=embedded_only()).write_pdf(
        stylesheets=[css], font_config=font_config, pdf_variant=PDF_VARIANT
    )


def day(value: dt.date | None) -> str:
    """12/3/2026, 05/02/2026: the zero-padding rule of official dates (ND30), as on the documents."""
    return vn_date(value) if value else ""


def in_words(n: int) -> str:
    """25 -> "Hai mươi lăm" (num2words' Vietnamese, capitalised as written on a form)."""
    words = num2words(n, lang="vi")
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class IndexRow:
    """One row of the Mục lục văn bản, as printed."""

    order: int
    reference: str
    date: str
    author: str
    type_name: str
    subject: str
    sheets: str  # "1-3", "4", or "" for a file that is kept but not printed
    note: str


def sheet_range(first: int | None, count: int) -> str:
    if first is None or count == 0:
        return ""
    return str(first) if count == 1 else f"{first}-{first + count - 1}"


def cover(dossier: Dossier, sheets: int) -> bytes:
    # Under the word "HỒ SƠ" the title reads on without repeating it.
    title = dossier.title
    if title.lower().startswith("hồ sơ "):
        title = title[6:7].upper() + title[7:]
    return _render("bia-ho-so.html.j2", dossier.profile, d=dossier, title=title, sheets=sheets, day=day)


def index(dossier: Dossier, rows: list[IndexRow]) -> bytes:
    return _render("muc-luc.html.j2", dossier.profile, d=dossier, rows=rows)


def closing_record(dossier: Dossier, sheets: int, index_sheets: int, description: str, closed_on: dt.date) -> bytes:
    place = dossier.profile.date_line(dossier.unit.place, closed_on, closed_on.year)
    return _render(
        "chung-tu-ket-thuc.html.j2",
        dossier.profile,
        d=dossier,
        sheets=sheets,
        sheets_words=in_words(sheets),
        index_sheets=index_sheets,
        description=description,
        closed_line=place,
        creator_name=dossier.creator.split(",", 1)[0].strip(),
        creator_title=dossier.creator.split(",", 1)[1].strip() if "," in dossier.creator else "",
    )


# A page needs no more than this on a photo's long side: 4000 px fill an A4 page at over 340 dpi.
MAX_SIDE = 4000
# Pixels an attached image may have, checked from its header before anything is decoded. A sequential JPEG
# is decoded straight at 1/2, 1/4 or 1/8 of its size (libjpeg's scaling), so even a 200-megapixel phone
# photo (16320 × 12240) costs about 50 MB here. Every other image (PNG, TIFF, progressive JPEG…) is decoded
# whole, up to 4 bytes a pixel: 100 million pixels is 400 MB, about the most a build may take on an office
# computer, and more than any camera gives in those formats. Above that an image is a scan of a poster or
# a decompression bomb (a few kilobytes declaring billions of pixels): refused, the clerk makes it smaller.
JPEG_PIXEL_LIMIT = 250_000_000
PIXEL_LIMIT = 100_000_000


def _too_large(name: str, size: tuple[int, int] | None, limit: int) -> ImageProblem:
    dimensions = f"{size[0]} × {size[1]} điểm ảnh, khoảng {size[0] * size[1] / 1e6:.0f} triệu" if size else "?"
    return ImageProblem(
        f"ảnh {name} quá lớn ({dimensions}), vượt giới hạn {limit // 1_000_000} triệu điểm ảnh; "
        f"hãy giảm kích thước ảnh (chẳng hạn còn {MAX_SIDE} × {MAX_SIDE * 3 // 4} điểm ảnh) rồi đính kèm lại"
    )


def _page_picture(image, data: bytes) -> tuple[bytes, str]:
    """The image as embedded on its page: the file as it is when WeasyPrint takes it and it is small enough,
    otherwise decoded (at reduced scale when it can be), made at most MAX_SIDE on its long side, turned
    upright from its EXIF data and written again."""
    from PIL import ImageOps

    width, height = image.size
    if max(width, height) <= MAX_SIDE:
        image.load()  # reads the whole file: a truncated or fake image fails here, not inside WeasyPrint
        mime = _DIRECT_IMAGES.get(image.format or "")
        if mime is not None:
            return data, mime
        buffer = io.BytesIO()  # GIF, TIFF, BMP, WebP: embedded as PNG (first frame)
        image.convert("RGBA" if "A" in image.getbands() else "RGB").save(buffer, "PNG")
        return buffer.getvalue(), "image/png"
    scale = MAX_SIDE / max(width, height)
    box = (max(1, round(width * scale)), max(1, round(height * scale)))
    if image.format == "JPEG":
        image.draft("RGB", box)  # decoded directly at the smallest of 1/2, 1/4, 1/8 that is not below box
    image.thumbnail(box)
    picture = ImageOps.exif_transpose(image)
    buffer = io.BytesIO()
    if "A" in picture.getbands() or "transparency" in picture.info:
        picture.convert("RGBA").save(buffer, "PNG")
        return buffer.getvalue(), "image/png"
    profile = picture.info.get("icc_profile") if picture.mode in ("RGB", "L") else None
    picture.convert("L" if picture.mode == "L" else "RGB").save(buffer, "JPEG", quality=90, icc_profile=profile)
    return buffer.getvalue(), "image/jpeg"


def image_page(dossier: Dossier, item: Item) -> bytes:
    """A photo as one A4 page: its caption above it, scaled to fit, turned upright from its EXIF data.
    Images over the pixel limits are refused; large photos are made smaller for the page (the bag keeps
    the office's file)."""
    from PIL import Image, UnidentifiedImageError

    if item.source is None:
        raise ValueError(f"{item.slug}: an image page needs the office's file")
    # Pillow's own check (a warning in English from 89 million pixels, an error from twice that) is
    # replaced by the limits above, checked before decoding; every image Pillow decodes in hoso comes
    # through here, and WeasyPrint only gets the images made here (at most MAX_SIDE × MAX_SIDE).
    Image.MAX_IMAGE_PIXELS = None
    name = item.source.name
    data = item.source.read_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                sequential_jpeg = image.format == "JPEG" and not image.info.get("progressive")
                limit = JPEG_PIXEL_LIMIT if sequential_jpeg else PIXEL_LIMIT
                if image.size[0] * image.size[1] > limit:
                    raise _too_large(name, image.size, limit)
                data, mime = _page_picture(image, data)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_large(name, None, PIXEL_LIMIT) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as e:
        raise ImageProblem(f"không đọc được ảnh {name} ({e.__class__.__name__})") from None
    src = f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
    return _render("anh.html.j2", dossier.profile, item=item, src=src)


def sheet_stamps(
    profile: Profile,
    sizes: list[tuple[float, ...]],
    labels: list[str] | None = None,
    notes: list[str] | None = None,
) -> bytes:
    """One page per sheet, each the size (in pt) of the page it will be laid over, with its sheet number:
    ``labels`` ("1", "2"… or "12a" for a sheet inserted after 12), or 1, 2, 3… when not given; and, where
    ``notes`` gives one, a line at the foot of the page (a signed original's rendition says so)."""
    labels = labels or [str(n) for n in range(1, len(sizes) + 1)]
    notes = notes or [""] * len(sizes)
    distinct = sorted(set(sizes))
    where = {size: i for i, size in enumerate(distinct)}
    sheets = [(label, where[size], note) for label, size, note in zip(labels, sizes, notes, strict=True)]
    html = (
        _environment()
        .get_template("so-to.html.j2")
        .render(fonts=Markup(_fonts(profile)), sizes=distinct, sheets=sheets)
    )
    weasyprint, _, font_config = _weasy(profile.id, tuple(sorted(profile.margins_mm.items())), _fonts(profile))
    return weasyprint.HTML(string=html, url_fetcher=embedded_only()).write_pdf(
        font_config=font_config, pdf_variant=PDF_VARIANT
    )


def withheld(dossier: Dossier, item: Item, count: int) -> bytes:
    """``count`` pages standing in, in the public dossier, for an office file that names petitioners (a
    signed biên bản): hoso cannot take personal data out of a scan, so the public copy leaves it out."""
    return _render("an-thong-tin.html.j2", dossier.profile, item=item, count=count, day=day)
