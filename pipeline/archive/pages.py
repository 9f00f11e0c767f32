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


def image_page(dossier: Dossier, item: Item) -> bytes:
    """A photo as one A4 page: its caption above it, scaled to fit, turned upright from its EXIF data."""
    from PIL import Image, UnidentifiedImageError

    if item.source is None:
        raise ValueError(f"{item.slug}: an image page needs the office's file")
    data = item.source.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # reads the whole file: a truncated or fake image fails here, not inside WeasyPrint
            mime = _DIRECT_IMAGES.get(image.format or "")
            if mime is None:  # GIF, TIFF, BMP, WebP: embedded as PNG (first frame)
                buffer = io.BytesIO()
                image.convert("RGBA" if "A" in image.getbands() else "RGB").save(buffer, "PNG")
                data, mime = buffer.getvalue(), "image/png"
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise ImageProblem(f"không đọc được ảnh {item.source.name} ({e.__class__.__name__})") from None
    src = f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
    return _render("anh.html.j2", dossier.profile, item=item, src=src)


def sheet_stamps(profile: Profile, sizes: list[tuple[float, float]]) -> bytes:
    """One page per sheet, numbered from 1, each the size (in pt) of the page it will be laid over."""
    distinct = sorted(set(sizes))
    where = {size: i for i, size in enumerate(distinct)}
    html = (
        _environment()
        .get_template("so-to.html.j2")
        .render(
            fonts=Markup(_fonts(profile)), sizes=distinct, sheets=[(n, where[size]) for n, size in enumerate(sizes, 1)]
        )
    )
    weasyprint, _, font_config = _weasy(profile.id, tuple(sorted(profile.margins_mm.items())), _fonts(profile))
    return weasyprint.HTML(string=html, url_fetcher=embedded_only()).write_pdf(
        font_config=font_config, pdf_variant=PDF_VARIANT
    )
