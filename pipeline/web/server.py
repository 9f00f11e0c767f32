"""`hoso serve`: a local web page to search the archive and follow petitions, for the office's own use.

Pages (all in Vietnamese, no script, no outside asset: offices are often offline):

    /                 search box and filters; one result per hồ sơ with its best passages (highlighted
                      snippets, each linking to its details and to the dossier PDF opened at the hit's
                      sheet), or with "Danh sách phẳng" (phang=1) every entry its own result
    /muc?id=…         one entry: its hồ sơ, document, sheet, and its whole text with the words found
    /so-theo-doi      the petition register: filter by unit, field, status, overdue
    /?da_luu=<tên>    a saved search rerun (the list of saved searches is on the search page)
    /tai-ve/ket-qua-tra-cuu.docx|.pdf?…   the current search's results as the unit's DANH SÁCH (same
                      parameters and rights as the page)
    POST /luu-tim-kiem   save the current search (a form of the page, with its anti-forgery token)
    /ho-so/<hồ sơ>/ho-so.pdf   the dossier PDF itself (only that file, of a sealed hồ sơ)

Safety: it listens on 127.0.0.1 unless told otherwise, and answers only requests whose Host header names
this machine (127.0.0.1, localhost, [::1], the address it listens on, or a name given with --allow-host),
so a web page elsewhere cannot reach it by DNS rebinding; every query parameter is checked (a bad one is a
400 page, never an error of the server); every value is escaped (Jinja2 autoescape, in the sandbox) and
the Content-Security-Policy forbids scripts, frames and outside requests, on every answer (HEAD, errors
and refused methods included). Hồ sơ marked restricted (chế độ sử dụng hạn chế) are left out of every
page and their PDFs refused unless the server was started with access to them; the latest version of a hồ
sơ decides for all its versions. Petitioners' names and addresses are shown only when the server was
started with that access too: otherwise the PDF served is the public rendition (petitioners named by place),
and a hồ sơ sealed before there were public renditions is not served at all. The index is opened per
request (a few milliseconds), so every page sees the last commit.

The one form that changes something (saving a search) is a POST to /luu-tim-kiem only, accepted when it
carries this server's anti-forgery token (a random secret of the running server, in the page's form; a
page of another site cannot read it), comes from this page (Origin, when the browser sends it, names an
allowed host), is a small urlencoded form, and passes the same checks as the search itself. Every other
POST is refused as before.

The stack: the pages are a Flask app (create_app: one route per page, calling Site) served by waitress (a
production WSGI server, pure Python, on Windows as on Linux), behind make_server's small Server. The HTTP
rules live in three places, so that no answer escapes them: _Pages.checked runs before every route (Host,
method, query, parameters), _secured adds SECURITY_HEADERS to every answer of the app, and waitress' own
refusals (a malformed request, an address over MAX_URI, headers or a body too large) are the same Vietnamese
page with the same headers (_ErrorTask). Every error is the Vietnamese page (the app's error handlers), never
Werkzeug's English one nor a traceback; the app never runs in debug mode, so the Werkzeug debugger never
exists. Pages are drawn by Site with this module's sandboxed environment, not with Flask's templates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import html
import logging
import os
import re
import secrets
import socket
import threading
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

import flask
import jinja2
import waitress.channel
import waitress.parser
import waitress.server
import waitress.task
import waitress.utilities
from jinja2.sandbox import ImmutableSandboxedEnvironment
from waitress import wasyncore
from werkzeug.exceptions import HTTPException, InternalServerError

from ..archive import metadata
from ..archive.store import versions
from ..formatting import short_date
from ..index import analysis, saved
from ..index.catalog import archived_fields, archived_units_and_years, page_of, sheet_of
from ..index.engine import IndexUnusable, Query, QueryError, open_index
from ..index.filters import LEVELS, MAX_CHAIR, MAX_TEXT, Filters, fields_named, level, to_query
from ..record.schema import controlled_fields
from ..record.status import ORDER, days_overdue
from ..text import fold

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "web"
PUBLIC_PDF = metadata.PUBLIC_PDF  # the public rendition of a dossier (petitioners named by place)
_DOSSIER = re.compile(
    r"^/ho-so/([A-Za-z0-9._-]+/[0-9]{4}/[A-Za-z0-9._-]+)/v([1-9][0-9]{0,5})/(ho-so|ho-so-cong-khai)\.pdf$"
)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_HOST_NAME = re.compile(r"^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\.?)$")
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
    allowed_hosts: tuple[str, ...] = ()  # names besides this machine's that a request's Host may give
    records: Path | None = None  # the unit records (don-vi.yaml): the official format of exported lists


@cache
def _environment() -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(
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


class BadRequest(Exception):
    """A request the page refuses (400); the message (Vietnamese) is shown to the person."""


# The longest value each parameter may have (a select box's value is short; q and chu_tri as the search takes).
_LENGTHS = {"q": MAX_TEXT, "chu_tri": MAX_CHAIR, "id": 200, "da_luu": saved.MAX_NAME, "ten": saved.MAX_NAME}
_LEVELS = {"buoi", "van-ban", "kien-nghi"}
_SORTS = {"ngay", "lien-quan"}
# The parameters each page takes (the dossier PDFs take none).
_SEARCH = {"q", "don_vi", "nam", "loai", "linh_vuc", "trang_thai", "chu_tri", "sap_xep", "qua_han", "phang", "da_luu"}
EXPORTS = {"/tai-ve/ket-qua-tra-cuu.docx": "docx", "/tai-ve/ket-qua-tra-cuu.pdf": "pdf"}
_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
SAVE = "/luu-tim-kiem"
MAX_FORM = 4096  # bytes of a POSTed form
_PARAMETERS = {
    "/": {*_SEARCH, "trang"},
    **{path: _SEARCH for path in EXPORTS},
    SAVE: {*_SEARCH, "ten", "ma"},
    "/muc": {"id", "q"},
    "/so-theo-doi": {"don_vi", "linh_vuc", "trang_thai", "qua_han"},
}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _one(params: dict[str, list[str]], name: str) -> str:
    value = (params.get(name) or [""])[0]
    limit = _LENGTHS.get(name, 100)
    if len(value) > limit:
        raise BadRequest(f"Giá trị của '{name}' quá dài (tối đa {limit} ký tự).")
    if _CONTROL.search(value):
        raise BadRequest(f"Giá trị của '{name}' có ký tự điều khiển không hợp lệ.")
    return value.strip()


def _number(params: dict[str, list[str]], name: str, low: int, high: int, what: str) -> int | None:
    """An ASCII number in [low, high], or None when the parameter is empty; BadRequest otherwise
    ('²' and other Unicode digits are refused: str.isdigit() would take them and int() would not)."""
    value = _one(params, name)
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", value) or not low <= int(value) <= high:
        raise BadRequest(f"{what} phải là số từ {low} đến {high}.")
    return int(value)


def _choice(params: dict[str, list[str]], name: str, allowed: Any, what: str) -> str:
    value = _one(params, name)
    if value and value not in allowed:
        raise BadRequest(f"{what} '{value[:60]}' không có trong danh sách.")
    return value


def _flag(params: dict[str, list[str]], name: str) -> bool:
    value = _one(params, name)
    if value not in ("", "1"):
        raise BadRequest(f"Giá trị của '{name}' không hợp lệ.")
    return value == "1"


class Site:
    """What the pages need besides the index: the choices offered in the filter boxes."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.token = secrets.token_urlsafe(32)  # the anti-forgery token of this server's forms

    def choices(self) -> dict[str, Any]:
        units, years = archived_units_and_years(self.settings.index)
        return {
            "units": units,
            "years": sorted(years, reverse=True),
            "fields": list(dict.fromkeys([*controlled_fields(), *archived_fields(self.settings.index)])),
            "statuses": list(ORDER),
        }

    # --- pages ------------------------------------------------------------------------------------

    def _filters(self, params: dict[str, list[str]], choices: dict[str, Any]) -> dict[str, Any]:
        """The filter boxes the search page and the register share, each checked against its choices."""
        field = _one(params, "linh_vuc")
        if field and not set(fields_named(field, choices["fields"])) <= set(choices["fields"]):
            raise BadRequest(f"Lĩnh vực '{field[:60]}' không có trong danh sách.")
        status = _one(params, "trang_thai")
        if status and fold(status) not in {fold(s) for s in choices["statuses"]}:
            raise BadRequest(f"Trạng thái '{status[:60]}' không có trong danh sách.")
        return {
            "don_vi": _choice(params, "don_vi", choices["units"], "Đơn vị"),
            "linh_vuc": field,
            "trang_thai": status,
            "qua_han": _flag(params, "qua_han"),
        }

    def _search_form(self, params: dict[str, list[str]], choices: dict[str, Any]) -> tuple[dict[str, Any], Filters]:
        """The search a request asks for: the form as shown and its Filters. A saved search (da_luu) is rerun
        as it was saved; its form shows what the boxes can show."""
        name = _one(params, "da_luu")
        if name:
            try:
                found = saved.find(self.settings.index, name)
            except QueryError as e:
                raise BadRequest(str(e)) from None
            f = found.filters
            keys = {v: k.replace(" ", "-") for k, v in LEVELS.items()}
            form = {
                "q": f.text,
                "don_vi": f.units[0] if len(f.units) == 1 else "",
                "linh_vuc": f.fields[0] if len(f.fields) == 1 else "",
                "trang_thai": f.statuses[0] if len(f.statuses) == 1 else "",
                "qua_han": f.overdue,
                "nam": str(f.years[0]) if len(f.years) == 1 else "",
                "loai": keys.get(level(f.levels[0]), "") if len(f.levels) == 1 else "",
                "chu_tri": f.chair,
                "sap_xep": "ngay" if f.sort == "ngay" else "",
                "phang": found.flat,
                "da_luu": found.name,
            }
            return form, dataclasses.replace(f, per_page=10)
        typed: dict[str, Any] = self._filters(params, choices)
        year = _number(params, "nam", 1900, 2999, "Năm")
        typed.update(
            q=_one(params, "q"),
            nam=str(year) if year else "",
            loai=_choice(params, "loai", _LEVELS, "Loại"),
            chu_tri=_one(params, "chu_tri"),
            sap_xep=_choice(params, "sap_xep", _SORTS, "Cách xếp"),
            phang=_flag(params, "phang"),
            da_luu="",
        )
        return typed, self._filters_of(typed, 1, per_page=10)

    @staticmethod
    def _asked(form: dict[str, Any]) -> bool:
        return any(v for k, v in form.items() if k not in ("sap_xep", "phang"))

    @staticmethod
    def _grouped(form: dict[str, Any], filters: Filters) -> bool:
        """One result per hồ sơ, unless asked for a flat list or for petitions only (each its own result)."""
        levels = {level(x) for x in filters.levels if x.strip()}
        return not form["phang"] and levels != {"kiến nghị"}

    def search_page(self, params: dict[str, list[str]]) -> str:
        choices = self.choices()
        form, filters = self._search_form(params, choices)
        page = _number(params, "trang", 1, 10_000, "Số trang") or 1
        asked = self._asked(form)
        grouped = self._grouped(form, filters)
        results, error, hits, groups = None, None, [], None
        if asked:
            try:
                query = self._rights(dataclasses.replace(filters, page=page))
                if grouped:
                    results, groups = self._search_groups(query)
                else:
                    results, hits = self._search(query)
            except QueryError as e:
                error = str(e)
            except IndexUnusable as e:
                error = f"{e} (chạy: hoso index)"
        asked_for = {k: ("1" if v is True else v) for k, v in form.items() if v}
        if form["da_luu"]:  # a saved search is asked for by its name alone
            asked_for = {"da_luu": form["da_luu"]}

        def page_link(number: int) -> str:
            return urllib.parse.urlencode({**asked_for, "trang": number})

        try:
            searches, saved_error = [(s.name, saved.describe(s)) for s in saved.read(self.settings.index)], None
        except QueryError as e:
            searches, saved_error = [], str(e)
        units = choices["units"]
        return (
            _environment()
            .get_template("tim-kiem.html.j2")
            .render(
                form=form,
                results=results,
                hits=hits,
                groups=groups,
                error=error,
                choices=choices,
                page=page,
                settings=self.settings,
                query_string=page_link,
                export_query=urllib.parse.urlencode(asked_for),
                # a list is a document of one unit: the one filtered on, or the archive's only one
                exportable=len({u for u in filters.units if u}) == 1 or len(units) == 1,
                saved_searches=searches,
                saved_error=saved_error,
                token=self.token,
                hidden={k: v for k, v in asked_for.items() if k != "da_luu"} if not form["da_luu"] else asked_for,
            )
        )

    def export(self, path: str, params: dict[str, list[str]]) -> tuple[int, bytes | str, str, dict[str, str]]:
        """The current search's results as the issuing unit's DANH SÁCH (DOCX or PDF), with the page's rights."""
        from ..followup import search_list
        from ..record import load

        kind = EXPORTS[path]
        choices = self.choices()
        form, filters = self._search_form(params, choices)
        if not self._asked(form):
            raise BadRequest("Chưa có gì để tìm: hãy gõ từ cần tìm hoặc chọn bộ lọc trước khi tải danh sách.")
        if self.settings.records is None:
            return (
                HTTPStatus.CONFLICT,
                self.error_page(
                    "Trang tra cứu được mở mà không có thư mục hồ sơ ghi chép của đơn vị (tệp don-vi.yaml), nên "
                    "chưa lập được danh sách theo thể thức của đơn vị: hãy mở lại bằng hoso serve --records THƯ_MỤC."
                ),
                "text/html",
                {},
            )
        loaded = load([self.settings.records])
        try:
            unit = search_list.issuer(loaded.records, filters.units, choices["units"])
        except search_list.IssuerUnclear as e:
            raise BadRequest(f"Không lập được danh sách: {e} ở ô Đơn vị.") from None
        query = self._rights(filters)
        try:
            with open_index(self.settings.index) as index:
                found = search_list.collect(index, query, self._grouped(form, filters))
        except QueryError as e:
            raise BadRequest(str(e)) from None
        names = search_list.unit_names(loaded.records)
        document = search_list.document(found, filters, unit, dt.date.today(), names)
        data = search_list.rendered(document, unit, kind)
        headers = {"Content-Disposition": f'attachment; filename="ket-qua-tra-cuu.{kind}"'}
        return HTTPStatus.OK, data, _TYPES[kind], headers

    def save(self, params: dict[str, list[str]]) -> tuple[int, str, dict[str, str]]:
        """Save the search of a POSTed form (its token already checked) and send the browser to its results."""
        form, filters = self._search_form(params, self.choices())
        if not self._asked(form):
            raise BadRequest("Chưa có gì để lưu: hãy tìm trước rồi mới lưu tìm kiếm.")
        try:
            self._rights(filters)  # the same checks as running it
            kept = saved.save(self.settings.index, _one(params, "ten"), filters, bool(form["phang"]))
        except QueryError as e:
            raise BadRequest(str(e)) from None
        location = "/?" + urllib.parse.urlencode({"da_luu": kept.name})
        return HTTPStatus.SEE_OTHER, self.error_page(f"Đã lưu tìm kiếm “{kept.name}”."), {"Location": location}

    def entry_page(self, params: dict[str, list[str]]) -> tuple[int, str]:
        entry_id, words = _one(params, "id"), _one(params, "q")
        with open_index(self.settings.index) as index:
            found = index.get(entry_id)
        if found is None or (found.restricted and not self.settings.restricted):
            return HTTPStatus.NOT_FOUND, self.error_page("Không tìm thấy mục này.")
        parsed = analysis.parse_query(words) if words else analysis.ParsedQuery(())
        sheet = sheet_of(found.text, found.stored, parsed)
        return HTTPStatus.OK, _environment().get_template("muc.html.j2").render(
            entry=found,
            words=words,
            text=analysis.highlight(found.text, parsed, None, analysis.paired_words(found.title, parsed)),
            title=analysis.highlight(found.title, parsed, None, analysis.paired_words(found.text, parsed)),
            sheet=sheet,
            page=page_of(found.text, found.stored, parsed, public=not self.settings.personal),
            personal=found.personal if self.settings.personal else None,
            settings=self.settings,
        )

    def register_page(self, params: dict[str, list[str]]) -> str:
        choices = self.choices()
        form: dict[str, Any] = self._filters(params, choices)
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
                choices=choices,
                today=today,
                settings=self.settings,
            )
        )

    def error_page(self, message: str) -> str:
        return _environment().get_template("loi.html.j2").render(message=message)

    # --- searching --------------------------------------------------------------------------------

    def _query(self, form: dict[str, Any], page: int, per_page: int) -> Query:
        """The page's form as the same Filters `hoso search` takes, and the server's rights."""
        return self._rights(self._filters_of(form, page, per_page))

    def _rights(self, filters: Filters) -> Query:
        """The Query of ``filters`` with what this server may show (restricted hồ sơ, personal data)."""
        return to_query(
            filters,
            restricted=self.settings.restricted,
            personal=self.settings.personal,
            known_fields=archived_fields(self.settings.index),
        )

    @staticmethod
    def _filters_of(form: dict[str, Any], page: int, per_page: int) -> Filters:
        return Filters(
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

    def _search(self, query: Query):
        with open_index(self.settings.index) as index:
            results = index.search(query)
        parsed = analysis.parse_query(query.text)
        return results, [self._hit(h, parsed) for h in results.hits]

    def _search_groups(self, query: Query):
        """One page of hồ sơ found, each with its passages (as _search's hits) and what identifies it."""
        with open_index(self.settings.index) as index:
            results = index.search_groups(query)
        parsed = analysis.parse_query(query.text)
        groups = []
        for g in results.groups:
            best = g.hits[0].entry
            stored = best.stored
            day = stored.get("session_date")
            groups.append(
                {
                    "title": stored.get("title") or best.title,
                    "notation": stored.get("notation"),
                    "code": stored.get("code"),
                    "hoso": stored.get("hoso"),
                    "unit_name": best.unit_name,
                    "date": dt.date.fromisoformat(day) if day else best.date,
                    "more": g.more,
                    "passages": [self._hit(h, parsed) for h in g.hits],
                }
            )
        return results, groups

    def _hit(self, h, parsed: analysis.ParsedQuery) -> dict[str, Any]:
        return {
            "entry": h.entry,
            "title": h.title,
            "snippet": h.snippet,
            "personal": h.personal,
            "sheet": sheet_of(h.entry.text, h.entry.stored, parsed),
            "page": page_of(h.entry.text, h.entry.stored, parsed, public=not self.settings.personal),
        }

    # --- the dossier PDF ----------------------------------------------------------------------------

    def dossier(self, path: str) -> tuple[int, bytes | str, str]:
        """The dossier PDF of one sealed version, if this server may show it.

        The chế độ sử dụng of the hồ sơ's latest version decides for every version (a hồ sơ re-sealed as
        hạn chế is not readable through its older version), and without --personal only the public
        rendition is served (a version sealed before there were public renditions is refused)."""
        match = _DOSSIER.match(path)
        if not match:
            return HTTPStatus.NOT_FOUND, self.error_page("Không có trang này."), "text/html"
        root = self.settings.archive.resolve()
        folder = (root / match.group(1)).resolve()
        bag = folder / f"v{int(match.group(2))}"
        if not folder.is_relative_to(root) or ".hoso" in folder.relative_to(root).parts or not bag.is_dir():
            return HTTPStatus.NOT_FOUND, self.error_page("Không có hồ sơ này."), "text/html"
        sealed = versions(folder)
        try:
            rights = metadata.read_rights(folder / f"v{sealed[-1]}")
        except (IndexError, metadata.Unreadable):
            return (
                HTTPStatus.FORBIDDEN,
                self.error_page("Không đọc được chế độ sử dụng của lần đóng mới nhất của hồ sơ này; không mở."),
                "text/html",
            )
        if rights != metadata.PUBLIC and not self.settings.restricted:
            return HTTPStatus.FORBIDDEN, self.error_page("Hồ sơ có chế độ sử dụng hạn chế."), "text/html"
        full = self.settings.personal and match.group(3) == "ho-so"
        pdf = bag / "data" / (metadata.DOSSIER_PDF if full else PUBLIC_PDF)
        if not full and not pdf.is_file() and (bag / "data" / metadata.DOSSIER_PDF).is_file():
            return (
                HTTPStatus.FORBIDDEN,
                self.error_page(
                    "Hồ sơ này được đóng trước khi hoso lập bản công khai (bản che họ tên, địa chỉ người nêu "
                    "kiến nghị), nên chỉ xem được khi trang tra cứu được mở với quyền xem thông tin cá nhân "
                    "(hoso serve --personal)."
                ),
                "text/html",
            )
        if not pdf.is_file() or not pdf.resolve().is_relative_to(folder):
            return HTTPStatus.NOT_FOUND, self.error_page("Không có hồ sơ này."), "text/html"
        return HTTPStatus.OK, pdf.read_bytes(), "application/pdf"


def _host_name(header: str | None) -> str | None:
    """The host a Host header names, lower case, without port or brackets; None if it is not one."""
    if not header or len(header) > 300:
        return None
    found = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)(?::([0-9]{1,5}))?", header.strip())
    if not found or not _HOST_NAME.match(found[1]) or (found[2] and not 0 < int(found[2]) < 65536):
        return None
    return found[1].strip("[]").lower().removesuffix(".")


def allowed_hosts(settings: Settings, bound: str) -> frozenset[str]:
    """The names a request's Host may give: this machine's, the address the server listens on, and the
    names given with --allow-host."""
    names = {*LOCAL_HOSTS, bound, *settings.allowed_hosts}
    return frozenset(n.strip("[]").lower().removesuffix(".") for n in names if n)


ALLOW = "GET, HEAD"
_WRONG_HOST = (
    "Trang tra cứu chỉ trả lời khi được mở bằng địa chỉ của chính máy này (http://127.0.0.1:…, "
    "http://localhost:…) hoặc một tên đã cho phép bằng hoso serve --allow-host."
)


_FORGED = (
    "Biểu mẫu không gửi từ trang tra cứu này hoặc đã cũ (trang tra cứu đã được mở lại); hãy tải lại trang rồi lưu "
    "tìm kiếm lần nữa."
)
MAX_URI = 65536  # bytes of a request's target (path and query), as http.server allowed before
MAX_BODY = 65536  # bytes of any request body waitress reads at all; the save form itself is MAX_FORM
# What a refusal of the HTTP layer itself says (Werkzeug's routing, waitress' parser), by status.
_REFUSALS: dict[int, str] = {
    HTTPStatus.NOT_FOUND: "Không có trang này.",
    HTTPStatus.METHOD_NOT_ALLOWED: "Trang này chỉ để xem.",
    HTTPStatus.REQUEST_URI_TOO_LONG: "Địa chỉ trang quá dài.",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "Yêu cầu quá lớn.",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "Phần đầu của yêu cầu quá dài.",
}


def _error_html(message: str) -> str:
    """The Vietnamese error page; if even the template cannot be drawn, a minimal page of the same words."""
    try:
        return _environment().get_template("loi.html.j2").render(message=message)
    except Exception:  # the last answer must not fail
        return (
            '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>hoso</title></head>'
            f"<body><p>{html.escape(message)}</p></body></html>"
        )


def _refusal(code: int) -> str:
    if code >= 500:
        return "Lỗi nội bộ của hoso."
    return _REFUSALS.get(code, "Yêu cầu không hợp lệ.")


def _response(
    status: int, body: bytes | str, kind: str = "text/html", headers: dict[str, str] | None = None
) -> flask.Response:
    """One answer: its body, type and headers (the security headers are added to every answer by _secured)."""
    response = flask.Response(body.encode("utf-8") if isinstance(body, str) else body, status=int(status))
    response.headers["Content-Type"] = f"{kind}; charset=utf-8" if kind.startswith("text/") else kind
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == HTTPStatus.METHOD_NOT_ALLOWED:
        response.headers["Allow"] = ALLOW
    return response


def _secured(app: WSGIApplication) -> WSGIApplication:
    """The WSGI app with SECURITY_HEADERS on every answer it gives, whatever part of Flask produced it."""
    names = {name.lower() for name in SECURITY_HEADERS}

    def secured(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(name, value) for name, value in headers if name.lower() not in names]
            return start_response(status, [*kept, *SECURITY_HEADERS.items()], exc_info)

        return app(environ, start)

    return secured


class _Pages:
    """The routes of the app and the checks before them, over one Site and the names a Host may give."""

    def __init__(self, settings: Settings, host: str):
        self.site = Site(settings)
        self.hosts = allowed_hosts(settings, host)

    def checked(self) -> flask.Response | None:
        """Before any route: the Host (DNS rebinding), the method, the query and the parameters the page takes
        (the length of the address is waitress' to check: _Parser)."""
        environ = flask.request.environ
        given = environ.get("HTTP_HOST")
        if given is None or "," in given or _host_name(given) not in self.hosts:  # waitress joins repeated headers
            return _response(HTTPStatus.BAD_REQUEST, self.site.error_page(_WRONG_HOST))
        method, path = flask.request.method, flask.request.path
        if method == "POST" and path == SAVE:
            return None  # the save form is checked by its route
        if method not in ("GET", "HEAD"):
            return _response(HTTPStatus.METHOD_NOT_ALLOWED, self.site.error_page("Trang này chỉ để xem."))
        query = environ.get("QUERY_STRING", "")
        params = urllib.parse.parse_qs(query, keep_blank_values=False, max_num_fields=50, errors="strict")
        if path == SAVE:
            message = "Trang này chỉ nhận biểu mẫu lưu tìm kiếm."
            return _response(HTTPStatus.METHOD_NOT_ALLOWED, self.site.error_page(message))
        unknown = sorted(set(params) - _PARAMETERS.get(path, set()))
        if unknown:
            raise BadRequest(f"Trang này không nhận tham số '{unknown[0][:60]}'.")
        flask.g.params = params
        return None

    # --- the routes -------------------------------------------------------------------------------------

    def search(self) -> flask.Response:
        return _response(HTTPStatus.OK, self.site.search_page(flask.g.params))

    def entry(self) -> flask.Response:
        return _response(*self.site.entry_page(flask.g.params))

    def register(self) -> flask.Response:
        return _response(HTTPStatus.OK, self.site.register_page(flask.g.params))

    def export(self, kind: str) -> flask.Response:
        return _response(*self.site.export(f"/tai-ve/ket-qua-tra-cuu.{kind}", flask.g.params))

    def dossier(self, rest: str) -> flask.Response:
        # the path as the browser sent it, not percent-decoded: _DOSSIER takes only plain names
        raw = flask.request.environ.get("REQUEST_URI") or flask.request.environ.get("RAW_URI")
        return _response(*self.site.dossier(urllib.parse.urlsplit(raw).path if raw else flask.request.path))

    def save(self) -> flask.Response:
        """The save form, checked: from this page (Origin), a small urlencoded body, this server's token."""
        request = flask.request
        origin = request.headers.get("Origin")
        if origin is not None and _host_name(urllib.parse.urlsplit(origin).netloc) not in self.hosts:
            return _response(HTTPStatus.FORBIDDEN, self.site.error_page(_FORGED))
        if request.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
            return _response(HTTPStatus.FORBIDDEN, self.site.error_page(_FORGED))
        kind = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        length = request.headers.get("Content-Length") or ""
        if kind != "application/x-www-form-urlencoded" or not length.isdigit() or int(length) > MAX_FORM:
            raise BadRequest("Biểu mẫu lưu tìm kiếm không hợp lệ.")
        body = request.get_data(cache=False).decode("utf-8", "strict")
        params = urllib.parse.parse_qs(body, keep_blank_values=False, max_num_fields=50, errors="strict")
        token = _one(params, "ma").encode()
        if request.environ.get("QUERY_STRING") or not hmac.compare_digest(token, self.site.token.encode()):
            return _response(HTTPStatus.FORBIDDEN, self.site.error_page(_FORGED))
        unknown = sorted(set(params) - _PARAMETERS[SAVE])
        if unknown:
            raise BadRequest(f"Biểu mẫu không nhận trường '{unknown[0][:60]}'.")
        status, page, headers = self.site.save(params)
        return _response(status, page, "text/html", headers)

    # --- refusals and errors: the Vietnamese page, never Werkzeug's English one nor a traceback -------------

    def refused(self, e: BadRequest) -> flask.Response:  # a parameter refused
        return _response(HTTPStatus.BAD_REQUEST, self.site.error_page(str(e)))

    def malformed(self, e: ValueError) -> flask.Response:  # a query or form not UTF-8, with too many fields …
        return _response(HTTPStatus.BAD_REQUEST, self.site.error_page("Địa chỉ trang không hợp lệ."))

    def http_refusal(self, e: HTTPException) -> flask.Response:  # Werkzeug's own: 404, 405, 413, 400 …
        if isinstance(e, InternalServerError) and e.original_exception is not None:
            return self.internal(e.original_exception)
        code = e.code or HTTPStatus.INTERNAL_SERVER_ERROR
        return _response(code, _error_html(_refusal(code)))

    def internal(self, e: BaseException) -> flask.Response:  # a page never shows a traceback
        return _response(HTTPStatus.INTERNAL_SERVER_ERROR, _error_html(f"Lỗi nội bộ của hoso ({type(e).__name__})."))


def create_app(settings: Settings, host: str = "127.0.0.1") -> flask.Flask:
    """The pages as a Flask (WSGI) app. ``host`` is the address the server listens on: a request's Host may name
    it, besides this machine and the names given with --allow-host. Every page is drawn by Site in the sandboxed
    environment of this module (Flask's own template rendering is not used), every request passes
    _Pages.checked first, and every answer carries SECURITY_HEADERS (_secured), refusals and errors included."""
    pages = _Pages(settings, host)
    app = flask.Flask(__name__, static_folder=None, template_folder=None)
    app.config.update(
        DEBUG=False,  # never the Werkzeug debugger, whatever FLASK_DEBUG says
        TESTING=False,
        PROPAGATE_EXCEPTIONS=False,  # an error is the Vietnamese page, never a traceback
        TRAP_HTTP_EXCEPTIONS=False,
        TRAP_BAD_REQUEST_ERRORS=False,
        MAX_CONTENT_LENGTH=MAX_FORM,  # the save form is the only body read
        MAX_FORM_MEMORY_SIZE=MAX_FORM,
        MAX_FORM_PARTS=50,
        PROVIDE_AUTOMATIC_OPTIONS=False,  # OPTIONS is refused like every other method
    )
    app.debug = False
    app.url_map.merge_slashes = False  # '/a//b' is not redirected: the save form's is the only redirect
    app.wsgi_app = _secured(app.wsgi_app)  # type: ignore[method-assign,assignment]  # Flask's way to wrap it
    app.before_request(pages.checked)
    app.add_url_rule("/", "search", pages.search, methods=["GET"])  # GET routes answer HEAD too
    app.add_url_rule("/muc", "entry", pages.entry, methods=["GET"])
    app.add_url_rule("/so-theo-doi", "register", pages.register, methods=["GET"])
    app.add_url_rule("/tai-ve/ket-qua-tra-cuu.<any(docx, pdf):kind>", "export", pages.export, methods=["GET"])
    app.add_url_rule("/ho-so/<path:rest>", "dossier", pages.dossier, methods=["GET"])
    app.add_url_rule(SAVE, "save", pages.save, methods=["POST"])
    app.register_error_handler(BadRequest, pages.refused)
    app.register_error_handler(ValueError, pages.malformed)
    app.register_error_handler(HTTPException, pages.http_refusal)
    app.register_error_handler(Exception, pages.internal)
    return app


class _ErrorTask(waitress.task.ErrorTask):
    """waitress' own refusals (a malformed request, headers or a body too large) as the Vietnamese page, with the
    same headers as every other answer."""

    def execute(self) -> None:
        error = self.request.error
        body = _error_html(_refusal(error.code)).encode("utf-8")
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", "text/html; charset=utf-8"), *SECURITY_HEADERS.items()])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _URITooLong(waitress.utilities.BadRequest):
    code = HTTPStatus.REQUEST_URI_TOO_LONG
    reason = "Request-URI Too Long"


class _Parser(waitress.parser.HTTPRequestParser):
    """waitress' request parser, refusing an address longer than MAX_URI (414, as http.server did)."""

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        if len(self.request_uri) > MAX_URI:
            self.error = _URITooLong(f"exceeds {MAX_URI}")


class _Channel(waitress.channel.HTTPChannel):
    parser_class = _Parser
    error_task_class = _ErrorTask


class Server:
    """The pages served by waitress on one address: ``server_address``, ``serve_forever()``, ``shutdown()`` and
    ``server_close()`` as socketserver's servers have them (shutdown also closes: the port is free when it
    returns, and waitress' threads have ended)."""

    def __init__(self, app: WSGIApplication, host: str, port: int):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if os.name == "posix":  # a restarted server gets its port back at once (not on Windows: port theft)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:  # '::' is IPv6 only: the server listens only where it is told
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind((host.strip("[]"), port))
        except OSError:
            sock.close()
            raise
        self.server_address = sock.getsockname()
        self._map: dict[int, Any] = {}
        self._waitress = waitress.server.create_server(
            app,
            map=self._map,
            sockets=[sock],
            ident="hoso",
            threads=4,
            max_request_header_size=2 * MAX_URI,
            max_request_body_size=MAX_BODY,
            expose_tracebacks=False,
        )
        self._waitress.channel_class = _Channel
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._closed = False

    def serve_forever(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._idle.clear()
        try:
            adj = self._waitress.adj
            while not self._stop.is_set():
                wasyncore.loop(
                    timeout=adj.asyncore_loop_timeout, map=self._map, use_poll=adj.asyncore_use_poll, count=1
                )
        finally:
            self._idle.set()

    def shutdown(self) -> None:
        """Stop serve_forever (running in another thread) and close: the port is released when this returns."""
        self.server_close()

    def server_close(self) -> None:
        """Stop serve_forever if it runs, then close the listening socket and every connection, and end
        waitress' worker threads. A second call does nothing."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stop.set()
            self._waitress.pull_trigger()  # wakes the loop at once
        self._idle.wait()
        wasyncore.close_all(self._map)  # the listening socket, every open connection, the trigger
        self._waitress.task_dispatcher.shutdown()  # waitress' worker threads end


def make_server(settings: Settings, host: str = "127.0.0.1", port: int = 8765) -> Server:
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # quiet: the office does not need a server log
    return Server(create_app(settings, host), host, port)


def serve_in_background(settings: Settings, host: str = "127.0.0.1", port: int = 0) -> tuple[Server, str]:
    """For tests: a server on a free port, running in a thread; returns it and its base URL."""
    server = make_server(settings, host, port)
    threading.Thread(target=server.serve_forever, name="hoso-serve", daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"
