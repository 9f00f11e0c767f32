"""`hoso serve`: a local web page to search the archive and follow petitions, for the office's own use.

Pages (all in Vietnamese, no script, no outside asset: offices are often offline):

    /                 search box and filters; hits with highlighted snippets, each linking to its
                      details and to the dossier PDF opened at the hit's sheet
    /muc?id=…         one entry: its hồ sơ, document, sheet, and its whole text with the words found
    /so-theo-doi      the petition register: filter by unit, field, status, overdue
    /ho-so/<hồ sơ>/ho-so.pdf   the dossier PDF itself (only that file, of a sealed hồ sơ)

Safety: it listens on 127.0.0.1 unless told otherwise; every value is escaped (Jinja2 autoescape) and
the Content-Security-Policy forbids scripts, frames and outside requests; hồ sơ marked restricted
(chế độ sử dụng hạn chế) are left out of every page and their PDFs refused unless the server was started
with access to them; petitioners' names and addresses are shown only when it was started with that
access too. The index is opened per request (a few milliseconds), so every page sees the last commit.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
import urllib.parse
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jinja2

from ..archive import metadata
from ..formatting import short_date
from ..index import analysis
from ..index.catalog import archived_units_and_years, sheet_of
from ..index.engine import IndexUnusable, Query, QueryError, open_index
from ..index.filters import Filters, to_query
from ..record.schema import controlled_fields
from ..record.status import ORDER, days_overdue

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "web"
_DOSSIER = re.compile(r"^/ho-so/([A-Za-z0-9._-]+/\d{4}/[A-Za-z0-9._-]+/v[1-9][0-9]*)/ho-so\.pdf$")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class Settings:
    archive: Path
    index: Path
    restricted: bool = False  # may see hồ sơ whose chế độ sử dụng is hạn chế
    personal: bool = False  # may see petitioners' names and addresses


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vn"] = short_date
    env.filters["pieces"] = _pieces
    return env


def _pieces(pieces: list[tuple[str, bool]]) -> jinja2.utils.markupsafe.Markup:
    """Highlighted text as HTML: every piece escaped, matches in <mark>."""
    return jinja2.utils.markupsafe.Markup(
        "".join(f"<mark>{html.escape(text)}</mark>" if match else html.escape(text) for text, match in pieces)
    )


def _one(params: dict[str, list[str]], name: str) -> str:
    return (params.get(name) or [""])[0].strip()


def _int(value: str, default: int, low: int, high: int) -> int:
    return min(max(int(value), low), high) if value.isdigit() else default


class Site:
    """What the pages need besides the index: the choices offered in the filter boxes."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def choices(self) -> dict[str, Any]:
        units, years = archived_units_and_years(self.settings.index)
        return {
            "units": units,
            "years": sorted(years, reverse=True),
            "fields": controlled_fields(),
            "statuses": list(ORDER),
        }

    # --- pages ------------------------------------------------------------------------------------

    def search_page(self, params: dict[str, list[str]]) -> str:
        names = ("q", "don_vi", "nam", "loai", "linh_vuc", "trang_thai", "chu_tri", "sap_xep")
        form: dict[str, Any] = {k: _one(params, k) for k in names}
        form["qua_han"] = _one(params, "qua_han") == "1"
        page = _int(_one(params, "trang"), 1, 1, 10_000)
        asked = any(v for k, v in form.items() if k != "sap_xep")
        results, error, hits = None, None, []
        if asked:
            try:
                results, hits = self._search(self._query(form, page, per_page=10))
            except QueryError as e:
                error = str(e)
            except IndexUnusable as e:
                error = f"{e} (chạy: hoso index)"
        asked_for = {k: ("1" if v is True else v) for k, v in form.items() if v}

        def page_link(number: int) -> str:
            return urllib.parse.urlencode({**asked_for, "trang": number})

        return (
            _environment()
            .get_template("tim-kiem.html.j2")
            .render(
                form=form,
                results=results,
                hits=hits,
                error=error,
                choices=self.choices(),
                page=page,
                settings=self.settings,
                query_string=page_link,
            )
        )

    def entry_page(self, params: dict[str, list[str]]) -> tuple[int, str]:
        entry_id, words = _one(params, "id")[:200], _one(params, "q")[:500]
        with open_index(self.settings.index) as index:
            found = index.get(entry_id)
        if found is None or (found.restricted and not self.settings.restricted):
            return HTTPStatus.NOT_FOUND, self.error_page("Không tìm thấy mục này.")
        parsed = analysis.parse_query(words) if words else analysis.ParsedQuery(())
        sheet = sheet_of(found.text, found.stored, parsed)
        return HTTPStatus.OK, _environment().get_template("muc.html.j2").render(
            entry=found,
            words=words,
            text=analysis.highlight(found.text, parsed, None),
            title=analysis.highlight(found.title, parsed, None),
            sheet=sheet,
            page=_page(found, sheet),
            personal=found.personal if self.settings.personal else None,
            settings=self.settings,
        )

    def register_page(self, params: dict[str, list[str]]) -> str:
        form: dict[str, Any] = {k: _one(params, k) for k in ("don_vi", "linh_vuc", "trang_thai")}
        form["qua_han"] = _one(params, "qua_han") == "1"
        today = dt.date.today()
        query = self._query(
            {**form, "q": "", "loai": "kien-nghi", "nam": "", "chu_tri": "", "sap_xep": "ngay"}, 1, per_page=500
        )
        error, rows, total = None, [], 0
        try:
            results, hits = self._search(query)
            total = results.total
            for hit in hits:
                e = hit["entry"]
                late = days_overdue(e.deadline, e.closed is not False, today)
                rows.append({**hit, "late": late})
        except IndexUnusable as e:
            error = f"{e} (chạy: hoso index)"
        return (
            _environment()
            .get_template("so-theo-doi.html.j2")
            .render(
                form=form,
                rows=rows,
                total=total,
                error=error,
                choices=self.choices(),
                today=today,
                settings=self.settings,
            )
        )

    def error_page(self, message: str) -> str:
        return _environment().get_template("loi.html.j2").render(message=message)

    # --- searching --------------------------------------------------------------------------------

    def _query(self, form: dict[str, Any], page: int, per_page: int) -> Query:
        """The page's form as the same Filters `hoso search` takes, and the server's rights."""
        filters = Filters(
            text=form["q"],
            units=[form["don_vi"]],
            years=[int(form["nam"])] if form["nam"].isdigit() else [],
            levels=[form["loai"]],
            fields=[form["linh_vuc"]],
            statuses=[form["trang_thai"]],
            overdue=form["qua_han"],
            chair=form["chu_tri"],
            sort="ngay" if form["sap_xep"] == "ngay" else "lien-quan",
            page=page,
            per_page=per_page,
        )
        return to_query(filters, restricted=self.settings.restricted, personal=self.settings.personal)

    def _search(self, query: Query):
        with open_index(self.settings.index) as index:
            results = index.search(query)
        parsed = analysis.parse_query(query.text)
        hits = []
        for h in results.hits:
            sheet = sheet_of(h.entry.text, h.entry.stored, parsed)
            hits.append(
                {
                    "entry": h.entry,
                    "title": h.title,
                    "snippet": h.snippet,
                    "personal": h.personal,
                    "sheet": sheet,
                    "page": _page(h.entry, sheet),
                }
            )
        return results, hits

    # --- the dossier PDF ----------------------------------------------------------------------------

    def dossier(self, path: str) -> tuple[int, bytes | str, str]:
        match = _DOSSIER.match(path)
        if not match:
            return HTTPStatus.NOT_FOUND, self.error_page("Không có trang này."), "text/html"
        root = self.settings.archive.resolve()
        bag = (root / match.group(1)).resolve()
        pdf = bag / "data" / metadata.DOSSIER_PDF
        if not bag.is_relative_to(root) or ".hoso" in bag.relative_to(root).parts or not pdf.is_file():
            return HTTPStatus.NOT_FOUND, self.error_page("Không có hồ sơ này."), "text/html"
        try:
            rights = metadata.read_rights(bag)
        except metadata.Unreadable:
            return HTTPStatus.NOT_FOUND, self.error_page("Không có hồ sơ này."), "text/html"
        if rights != metadata.PUBLIC and not self.settings.restricted:
            return HTTPStatus.FORBIDDEN, self.error_page("Hồ sơ có chế độ sử dụng hạn chế."), "text/html"
        return HTTPStatus.OK, pdf.read_bytes(), "application/pdf"


def _page(entry, sheet: int | None) -> int:
    """The page of the dossier PDF that holds ``sheet`` of the entry's document (its first page otherwise)."""
    first_page, first_sheet = entry.stored.get("page") or 1, entry.stored.get("sheet")
    return first_page + (sheet - first_sheet) if sheet and first_sheet else first_page


def handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "hoso"
        sys_version = ""

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urllib.parse.urlsplit(self.path)
            params = urllib.parse.parse_qs(url.query, keep_blank_values=False, max_num_fields=50)
            try:
                if url.path == "/":
                    self._send(HTTPStatus.OK, site.search_page(params))
                elif url.path == "/muc":
                    self._send(*site.entry_page(params))
                elif url.path == "/so-theo-doi":
                    self._send(HTTPStatus.OK, site.register_page(params))
                elif url.path.startswith("/ho-so/"):
                    status, body, kind = site.dossier(url.path)
                    self._send(status, body, kind)
                else:
                    self._send(HTTPStatus.NOT_FOUND, site.error_page("Không có trang này."))
            except Exception as e:  # a page never shows a traceback
                self._send(
                    HTTPStatus.INTERNAL_SERVER_ERROR, site.error_page(f"Lỗi nội bộ của hoso ({type(e).__name__}).")
                )

        def do_POST(self) -> None:  # noqa: N802
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, site.error_page("Trang này chỉ để xem."))

        def _send(self, status: int, body: bytes | str, kind: str = "text/html") -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
            self.send_header("Content-Length", str(len(data)))
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the office does not need a request log
            pass

    return Handler


def make_server(settings: Settings, host: str = "127.0.0.1", port: int = 8765) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), handler(Site(settings)))
    server.daemon_threads = True
    return server


def serve_in_background(settings: Settings, host: str = "127.0.0.1", port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """For tests: a server on a free port, running in a thread; returns it and its base URL."""
    server = make_server(settings, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"
