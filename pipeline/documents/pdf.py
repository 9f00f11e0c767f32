"""PDF rendition: the document as HTML (Jinja2, autoescaped) laid out by WeasyPrint, written as PDF/A-2b.

WeasyPrint would follow any URL in the HTML, so it gets a fetcher that refuses every one: nothing in a
template or a record can make the renderer read a local file or reach the network. (WeasyPrint 70 wants
a ``URLFetcher`` object; a plain function that raises makes it crash instead of skipping the resource.)
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..profile import load_profile
from .metrics import long_row
from .model import ComposedDocument

HTML_DIR = Path(__file__).resolve().parents[2] / "templates" / "html"


class FetchRefused(Exception):
    pass


@cache
def embedded_only():
    """The URL fetcher of every document: documents embed everything they need (a chart comes as a
    data: URL, decoded in memory), so no file is read and no URL is fetched."""
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise FetchRefused(f"hoso không tải tài nguyên ngoài khi dựng văn bản: {url[:200]}")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols=("data",))


@cache
def template_environment(folder: Path) -> jinja2.Environment:
    """Jinja2 for the templates in ``folder``: HTML escapes every value; a stylesheet (.css.j2) is built
    only from hoso's own profile files, so it is not escaped. Sandboxed like every Jinja environment of
    hoso (no attribute starting with "_", no call that changes a list or dict), so that no value and no
    template can reach into Python; the loader reads only ``folder``."""
    return ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2",), disabled_extensions=("css.j2",), default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _environment() -> jinja2.Environment:
    environment = template_environment(HTML_DIR)
    environment.globals["long_row"] = long_row  # the DOCX decides the same way which rows may break
    return environment


@cache
def stylesheet(profile_id: str) -> str:
    profile = load_profile(profile_id)
    fonts = ", ".join(f'"{f}"' for f in profile.fonts) + ", serif"
    return jinja2.utils.markupsafe.Markup(
        _environment()
        .get_template("document.css.j2")
        .render(p=profile, m=profile.margins_mm, s=profile.sizes, st=profile.styles, fonts=fonts)
    )


@cache
def _drawable() -> frozenset[int] | None:
    """Code points some installed font can draw, from fontconfig's charsets (Pango falls back to any of them)."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    points: set[int] = set()
    for part in out.split():
        low, _, high = part.partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return frozenset(points)


def drawable(text: str) -> str:
    """``text`` with every character no installed font can draw replaced by "□".

    WeasyPrint draws such a character as .notdef and then writes the font so that the text of the whole
    run cannot be extracted (pdfminer and pypdf both fail): one unusual emoji would hide a paragraph
    from copy-and-paste and from the search index. A visible box keeps the rest of the text readable."""
    points = _drawable()
    if not points:
        return text
    return "".join(
        c if ord(c) < 0x80 or ord(c) in points or unicodedata.category(c) in ("Mn", "Me", "Cf") else "□" for c in text
    )


def to_html(document: ComposedDocument, inline_css: bool = True) -> str:
    """The document as one self-contained HTML page (the stylesheet inline unless asked otherwise)."""
    css = stylesheet(document.profile.id) if inline_css else ""
    return drawable(_environment().get_template("document.html.j2").render(d=document, p=document.profile, css=css))


@cache
def _weasy(profile_id: str):
    """The parsed stylesheet and font configuration of a profile, made once per process: parsing the CSS
    and setting up fonts again for every document cost about a tenth of the whole render."""
    import weasyprint  # imported here: it takes half a second and only rendering needs it
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = weasyprint.CSS(string=stylesheet(profile_id), font_config=fonts, url_fetcher=embedded_only())
    return weasyprint, css, fonts


def to_pdf(document: ComposedDocument, target: Path) -> None:
    weasyprint, css, fonts = _weasy(document.profile.id)
    html = weasyprint.HTML(string=to_html(document, inline_css=False), url_fetcher=embedded_only())
    # PDF/A-2b: fonts embedded, an sRGB output intent and XMP metadata, so the archive can keep the file as it is.
    html.write_pdf(target, stylesheets=[css], font_config=fonts, pdf_variant="pdf/a-2b")
