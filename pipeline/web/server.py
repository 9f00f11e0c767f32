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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import html
import re
import secrets
import socket
import threading
import urllib.parse
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

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


class _Handler(BaseHTTPRequestHandler):
    """One request: GET and HEAD only, from a Host this server answers, every answer with SECURITY_HEADERS."""

    server_version = "hoso"
    sys_version = ""
    site: Site
    hosts: frozenset[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self._answer()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        """Only the form that saves a search; any other POST is refused as before."""
        if urllib.parse.urlsplit(self.path).path != SAVE:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED)
            return
        self._answer(post=True)

    def _answer(self, post: bool = False) -> None:
        given = self.headers.get_all("Host") or []
        if len(given) != 1 or _host_name(given[0]) not in self.hosts:
            self._send(HTTPStatus.BAD_REQUEST, self.site.error_page(_WRONG_HOST))
            return
        try:
            url = urllib.parse.urlsplit(self.path)
            if post:
                self._send(*self._post(url))
                return
            params = urllib.parse.parse_qs(url.query, keep_blank_values=False, max_num_fields=50, errors="strict")
            self._send(*self._page(url.path, params))
        except (BadRequest, ValueError, UnicodeDecodeError) as e:  # a parameter refused; a malformed query
            message = str(e) if isinstance(e, BadRequest) else "Địa chỉ trang không hợp lệ."
            self._send(HTTPStatus.BAD_REQUEST, self.site.error_page(message))
        except Exception as e:  # a page never shows a traceback
            message = f"Lỗi nội bộ của hoso ({type(e).__name__})."
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, self.site.error_page(message))

    def _post(self, url: urllib.parse.SplitResult) -> tuple[int, str, str, dict[str, str]]:
        """The save form, checked: from this page (Origin), a small urlencoded body, this server's token."""
        self.close_connection = True
        origin = self.headers.get("Origin")
        if origin is not None and _host_name(urllib.parse.urlsplit(origin).netloc) not in self.hosts:
            return HTTPStatus.FORBIDDEN, self.site.error_page(_FORGED), "text/html", {}
        if self.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
            return HTTPStatus.FORBIDDEN, self.site.error_page(_FORGED), "text/html", {}
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        length = self.headers.get("Content-Length") or ""
        if kind != "application/x-www-form-urlencoded" or not length.isdigit() or int(length) > MAX_FORM:
            raise BadRequest("Biểu mẫu lưu tìm kiếm không hợp lệ.")
        body = self.rfile.read(int(length)).decode("utf-8", "strict")
        params = urllib.parse.parse_qs(body, keep_blank_values=False, max_num_fields=50, errors="strict")
        if url.query or not hmac.compare_digest(_one(params, "ma").encode(), self.site.token.encode()):
            return HTTPStatus.FORBIDDEN, self.site.error_page(_FORGED), "text/html", {}
        unknown = sorted(set(params) - _PARAMETERS[SAVE])
        if unknown:
            raise BadRequest(f"Biểu mẫu không nhận trường '{unknown[0][:60]}'.")
        status, page, headers = self.site.save(params)
        return status, page, "text/html", headers

    def _page(
        self, path: str, params: dict[str, list[str]]
    ) -> tuple[int, bytes | str, str] | tuple[int, bytes | str, str, dict[str, str]]:
        unknown = sorted(set(params) - _PARAMETERS.get(path, set()))
        if unknown or path == SAVE:
            if path == SAVE:
                return (
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    self.site.error_page("Trang này chỉ nhận biểu mẫu lưu tìm kiếm."),
                    "text/html",
                )
            raise BadRequest(f"Trang này không nhận tham số '{unknown[0][:60]}'.")
        if path in EXPORTS:
            return self.site.export(path, params)
        if path == "/":
            return HTTPStatus.OK, self.site.search_page(params), "text/html"
        if path == "/muc":
            return (*self.site.entry_page(params), "text/html")
        if path == "/so-theo-doi":
            return HTTPStatus.OK, self.site.register_page(params), "text/html"
        if path.startswith("/ho-so/"):
            return self.site.dossier(path)
        return HTTPStatus.NOT_FOUND, self.site.error_page("Không có trang này."), "text/html"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a method it has no do_… for, a request line or headers too long, a
        malformed request) as a Vietnamese page with the same headers as every other answer."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # not parsed as far as the version: answer with headers all the same
            self.request_version = "HTTP/1.0"
        if code == HTTPStatus.NOT_IMPLEMENTED:
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, self.site.error_page("Trang này chỉ để xem."))
        elif code == HTTPStatus.REQUEST_URI_TOO_LONG:
            self._send(code, self.site.error_page("Địa chỉ trang quá dài."))
        else:
            self._send(code, self.site.error_page("Yêu cầu không hợp lệ."))

    def _send(
        self, status: int, body: bytes | str, kind: str = "text/html", headers: dict[str, str] | None = None
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
        self.send_header("Content-Length", str(len(data)))
        for name, value in {**SECURITY_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", ALLOW)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the office does not need a request log
        pass


def handler(site: Site, hosts: frozenset[str] = frozenset(LOCAL_HOSTS)) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (_Handler,), {"site": site, "hosts": hosts})


class _Server6(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def make_server(settings: Settings, host: str = "127.0.0.1", port: int = 8765) -> ThreadingHTTPServer:
    kind = _Server6 if ":" in host else ThreadingHTTPServer
    server = kind((host.strip("[]"), port), handler(Site(settings), allowed_hosts(settings, host)))
    server.daemon_threads = True
    return server


def serve_in_background(settings: Settings, host: str = "127.0.0.1", port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """For tests: a server on a free port, running in a thread; returns it and its base URL."""
    server = make_server(settings, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"
