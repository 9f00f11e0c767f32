"""`hoso search --docx/--pdf` and the page's "Tải DOCX / Tải PDF": a result list as an official DANH SÁCH.

The list is a document of one unit, in its format (letterhead, số left blank for the văn thư, signature
block): "Kết quả tra cứu hồ sơ", an opening sentence saying what was searched (words and filters) and
what was found, and a table with one row per hồ sơ (its best passages) or, for a flat list, per entry.

It holds what the same search shows and nothing more: the results come from the index with the rights of
whoever asked (restricted hồ sơ, petitioners' names only when the Query allows them), through the same
``search``/``search_groups`` the page and ``--json`` use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..documents.compose import unit_document
from ..documents.model import Block, ComposedDocument, Paragraph, Table
from ..formatting import running_name, vn_date
from ..index import GroupedResults, Hit, Query, Results, SearchIndex, analysis, plain
from ..index.catalog import sheet_of
from ..index.engine import MAX_PER_PAGE
from ..index.filters import Filters, fields_named, level, status
from ..record.model import RecordSet, Unit
from .issuer import IssuerUnclear, issuing_unit

DOC_TYPE = "danh sách kết quả tra cứu"
SUBJECT = "Kết quả tra cứu hồ sơ"
MAX_ROWS = MAX_PER_PAGE  # hồ sơ (or entries) listed; the opening sentence says when more were found
PASSAGE_CHARS = 260
CLEAN = ("", "")  # matches unmarked: brackets in an official list would read as the text's own


def issuer(records: RecordSet, filtered: Sequence[str], archived: Sequence[str]) -> Unit:
    """The unit that issues the list: the one the search is filtered on, else the archive's only unit.
    IssuerUnclear (Vietnamese) when the archive holds several units and none is chosen, or when the unit
    is not among the records given."""
    units = sorted({u for u in filtered if u})
    if len(units) != 1:
        units = sorted(set(archived)) if len(set(archived)) == 1 else []
    if not units:
        raise IssuerUnclear(
            f"kho có hồ sơ của {len(set(archived))} đơn vị ({', '.join(sorted(set(archived)))}); danh sách là văn "
            "bản của một đơn vị: hãy chọn một đơn vị"
        )
    if units[0] not in records.units:
        raise IssuerUnclear(
            f"không có tệp đơn vị của '{units[0]}' trong các thư mục hồ sơ ghi chép đã chỉ ra; hãy chỉ thư mục "
            "hồ sơ ghi chép của đơn vị"
        )
    return issuing_unit(records, units)


@dataclasses.dataclass
class Found:
    """What a search found, for the list: its results and the typed words the list must not print."""

    results: Results | GroupedResults
    hidden: frozenset[str] = frozenset()  # folded words that may name someone (SearchIndex.personal_words)


def collect(index: SearchIndex, query: Query, grouped: bool) -> Found:
    """Every result of ``query`` (up to MAX_ROWS), as the search shows them, with the query's rights.
    Without the right to personal data, the words typed that may name a petitioner are not printed:
    the list may be sent out of the office."""
    whole = dataclasses.replace(query, page=1, per_page=MAX_ROWS)
    results = index.search_groups(whole) if grouped else index.search(whole)
    hidden = frozenset() if query.include_personal else index.personal_words(query.text)
    return Found(results, hidden)


def typed_words(text: str, hidden: frozenset[str]) -> str:
    """What was typed, one space between words, each word that folds to a hidden one as "…"."""
    said = []
    for word in text.split():
        folded = {t.folded for t in analysis.tokens(word)}
        said.append("…" if folded & hidden else word)
    return " ".join(said)


def _scope(filters: Filters, unit_names: Mapping[str, str]) -> list[str]:
    """The filters of ``filters`` in words, as the opening sentence says them."""
    f = filters
    said = []
    if f.units:
        said.append("đơn vị " + ", ".join(unit_names.get(u, u) for u in f.units))
    if f.years:
        said.append("năm " + ", ".join(str(y) for y in f.years))
    if f.date_from:
        said.append(f"từ ngày {vn_date(f.date_from)}")
    if f.date_to:
        said.append(f"đến ngày {vn_date(f.date_to)}")
    levels = [level(x) for x in f.levels if x.strip()]
    if levels:
        said.append("loại mục " + ", ".join(levels))
    fields = [name for x in f.fields if x.strip() for name in fields_named(x)]
    if fields:
        said.append("lĩnh vực " + ", ".join(fields))
    statuses = [status(x) for x in f.statuses if x.strip()]
    if statuses:
        said.append("trạng thái " + ", ".join(statuses))
    if f.overdue:
        said.append("chỉ kiến nghị quá hạn")
    if f.chair.strip():
        said.append(f"người chủ trì “{f.chair.strip()}”")
    if [x for x in f.doc_types if x.strip()]:
        said.append("loại văn bản " + ", ".join(x for x in f.doc_types if x.strip()))
    return said


def opening(
    results: Results | GroupedResults,
    filters: Filters,
    today: dt.date,
    unit_names: Mapping[str, str],
    hidden: frozenset[str] = frozenset(),
) -> str:
    """The list's opening sentence: when, what was searched (the ``hidden`` words as "…"), what was
    found, how it is ordered."""
    words = f" với từ khóa “{typed_words(filters.text, hidden)}”" if filters.text.strip() else ""
    scope = _scope(filters, unit_names)
    where = f", lọc theo {'; '.join(scope)}" if scope else ""
    order = "ngày (mới trước)" if filters.sort == "ngay" or not filters.text.strip() else "mức độ liên quan"
    if isinstance(results, GroupedResults):
        about = "" if results.exact else "khoảng "
        found = f"{about}{results.total} hồ sơ ({results.hits_total} mục khớp)"
        shown = len(results.groups)
    else:
        found = f"{results.total} mục (buổi tiếp xúc, đối thoại, văn bản, kiến nghị)"
        shown = len(results.hits)
    first = f"; danh sách dưới đây gồm {shown} kết quả đầu tiên" if shown < results.total else ""
    return (
        f"Tra cứu kho lưu trữ hồ sơ tiếp xúc, đối thoại ngày {vn_date(today)}{words}{where}: tìm thấy {found}, "
        f"xếp theo {order}{first}."
    )


def _clip(text: str, limit: int = PASSAGE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _passage(h: Hit, parsed: analysis.ParsedQuery) -> tuple[str, str, str]:
    """(number, passage, sheet) of one hit; the petitioner's name only when the search showed it."""
    s = h.entry.stored
    text = _clip(plain(h.snippet, CLEAN))
    if h.personal:
        text += f"\nNgười nêu: {_clip(plain(h.personal, CLEAN), 200)}"
    reference = s.get("reference") or (h.entry.id if h.entry.level == "kiến nghị" else "")
    return str(reference or ""), text, sheet_of(h.entry.text, s, parsed) or ""


def rows(results: Results | GroupedResults, query_text: str) -> tuple[tuple[str, ...], ...]:
    """The table's rows: STT, hồ sơ / văn bản, số ký hiệu, ngày, trích yếu or passage, tờ số."""
    parsed = analysis.parse_query(query_text)
    out = []
    if isinstance(results, GroupedResults):
        for n, g in enumerate(results.groups, 1):
            best = g.hits[0].entry
            s = best.stored
            day = dt.date.fromisoformat(s["session_date"]) if s.get("session_date") else best.date
            passages = [(h, *_passage(h, parsed)) for h in g.hits]
            text = "\n".join(f"– {plain(h.title, CLEAN)}: {p}" for h, _, p, _ in passages)
            if g.more:
                text += f"\n… và {g.more} mục khớp khác trong hồ sơ này"
            numbers = "\n".join(dict.fromkeys(r for _, r, _, _ in passages if r))
            sheets = ", ".join(dict.fromkeys(sh for _, _, _, sh in passages if sh))
            title = f"Hồ sơ {s.get('notation') or g.key}\n{s.get('title') or best.title}"
            out.append((str(n), title, numbers, vn_date(day), text, sheets))
    else:
        for n, h in enumerate(results.hits, 1):
            reference, text, sheet = _passage(h, parsed)
            title = f"{plain(h.title, CLEAN)}\n(hồ sơ {h.entry.stored.get('notation') or h.entry.group_key})"
            out.append((str(n), title, reference, vn_date(h.entry.date), text, sheet))
    return tuple(out) or (("", "Không tìm thấy hồ sơ nào.", "", "", "", ""),)


def document(
    found: Found,
    filters: Filters,
    unit: Unit,
    today: dt.date,
    unit_names: Mapping[str, str] | None = None,
) -> ComposedDocument:
    """The result list as a DANH SÁCH of ``unit``, in its format, its số left blank for the văn thư."""
    results = found.results
    grouped = isinstance(results, GroupedResults)
    body: list[Block] = [
        Paragraph(opening(results, filters, today, unit_names or {}, found.hidden)),
        Table(
            ("STT", "Hồ sơ" if grouped else "Hồ sơ, văn bản", "Số, ký hiệu", "Ngày", "Trích yếu, đoạn khớp", "Tờ số"),
            rows(results, filters.text),
            (7, 21, 14, 16, 34, 8),
        ),
    ]
    return unit_document(
        unit,
        DOC_TYPE,
        f"{SUBJECT} (ngày {vn_date(today)})",
        body,
        stem="ket-qua-tra-cuu",
        date=today,
        year=today.year,
        recipients=(),
    )


def write(doc: ComposedDocument, unit: Unit, docx: Path | None = None, pdf: Path | None = None) -> None:
    """Render ``doc`` to the DOCX (with the unit's Word template) and the PDF asked for."""
    from ..documents import docx as docx_out
    from ..documents import pdf as pdf_out

    if pdf is not None:
        pdf_out.to_pdf(doc, pdf)
    if docx is not None:
        docx_out.to_docx(doc, docx, docx_out.template_for(unit.profile, unit.path.parent))


def rendered(doc: ComposedDocument, unit: Unit, kind: str) -> bytes:
    """``doc`` as the bytes of a "docx" or "pdf" file (for the page's downloads)."""
    with tempfile.TemporaryDirectory(prefix="hoso-danh-sach-") as folder:
        target = Path(folder) / f"ket-qua-tra-cuu.{kind}"
        write(doc, unit, docx=target if kind == "docx" else None, pdf=target if kind == "pdf" else None)
        return target.read_bytes()


def unit_names(records: RecordSet) -> dict[str, str]:
    """Each unit's name as a sentence says it ("UBND xã An Khánh"), by code."""
    return {code: running_name(u) for code, u in records.units.items()}
