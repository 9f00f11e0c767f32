"""The petition register (sổ theo dõi kiến nghị): every petition, where it came from, who must answer
it by when, and what became of it as of a given day.

One list of rows, three renditions: a table for the terminal, CSV for a spreadsheet, and an official
document (the unit's format, through the documents stage) to print and sign.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass

from ..documents.compose import unit_document, unit_recipients
from ..documents.model import Block, ComposedDocument, Paragraph, Table
from ..formatting import citizen, iso, running_name, short_date, vn_date
from ..record.model import Petition, RecordSet, Session, Unit
from ..record.schema import controlled_fields
from ..record.status import PetitionStatus, statuses
from ..text import fold, nearest


@dataclass(frozen=True)
class Row:
    petition: Petition
    session: Session
    unit: Unit
    status: PetitionStatus

    @property
    def status_text(self) -> str:
        return self.status.status + (f", quá hạn {self.status.days_overdue} ngày" if self.status.overdue else "")


@dataclass(frozen=True)
class Filters:
    units: tuple[str, ...] = ()
    year: int | None = None
    field: str | None = None  # compared without diacritics
    status: str | None = None
    overdue: bool = False


class UnknownField(ValueError):
    """A lĩnh vực typed that names none of the fields in use; the message (Vietnamese) suggests the nearest."""


def known_fields(records: RecordSet) -> list[str]:
    """The lĩnh vực a petition may have: the controlled list, then the units' own additions."""
    names = controlled_fields()
    for unit in sorted(records.units.values(), key=lambda u: u.code):
        names += [f for f in unit.extra_fields if f not in names]
    return names


def field_named(records: RecordSet, typed: str) -> str:
    """The lĩnh vực a person means, typed with or without diacritics; UnknownField if it names none."""
    names = known_fields(records)
    exact = next((name for name in names if fold(name) == fold(typed).strip()), None)
    if exact is not None:
        return exact
    within = [name for name in names if fold(typed).strip() and fold(typed).strip() in fold(name)]
    if len(within) == 1:  # "moi truong" -> "môi trường - tài nguyên"
        return within[0]
    hint = nearest(typed, names) or (within[0] if within else None)
    raise UnknownField(
        f"không có lĩnh vực '{typed}'" + (f"; có phải '{hint}'?" if hint else f"; các lĩnh vực: {', '.join(names)}")
    )


def rows(records: RecordSet, as_of: dt.date, filters: Filters = Filters()) -> list[Row]:
    """The register as of ``as_of``: sessions in date order, petitions in record order."""
    current = statuses(records, as_of)
    out = []
    for session in records.sessions:
        if filters.units and session.unit not in filters.units:
            continue
        if filters.year and session.date.year != filters.year:
            continue
        if session.date > as_of:
            continue  # a session after the day asked about was not known then
        for p in session.petitions:
            st = current[p.id]
            if filters.field and fold(p.field) != fold(filters.field):
                continue
            if filters.status and st.status != filters.status:
                continue
            if filters.overdue and not st.overdue:
                continue
            out.append(Row(p, session, records.units[session.unit], st))
    return out


# --- renditions ---------------------------------------------------------------------------------

COLUMNS = (
    "Mã kiến nghị",
    "Buổi tiếp xúc, đối thoại",
    "Lĩnh vực",
    "Nội dung",
    "Cơ quan giải quyết",
    "Hạn",
    "Trạng thái",
    "Số ngày quá hạn",
)


def to_csv(rows: list[Row]) -> str:
    """CSV with a UTF-8 signature so that Excel opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(("Đơn vị",) + COLUMNS)
    for r in rows:
        p = r.petition
        writer.writerow(
            (
                r.unit.code,
                p.id,
                f"{r.session.date.isoformat()} {r.session.id}",
                p.field,
                " ".join(p.content.split()),
                p.agency or "",
                iso(p.deadline) or "",
                r.status.status,
                r.status.days_overdue if r.status.overdue else "",
            )
        )
    return "\ufeff" + buffer.getvalue()


def _width(text: str) -> int:
    """Columns a terminal uses for ``text`` (combining marks take none)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= width:
        return text + " " * (width - _width(text))
    out = ""
    for c in text:
        if _width(out + c) > width - 1:
            break
        out += c
    return out + "…" + " " * (width - 1 - _width(out))


def to_table(rows: list[Row], width: int = 120) -> str:
    """A table that fits ``width`` columns; the content column takes what is left."""
    fixed = [20, 10, 16, 22, 10, 36]
    content = max(20, width - sum(fixed) - 2 * len(fixed))
    widths = [20, 10, 16, content, 22, 10, 36]
    head = ("Mã kiến nghị", "Ngày buổi", "Lĩnh vực", "Nội dung", "Cơ quan giải quyết", "Hạn", "Trạng thái")

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(_cut(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = [line(head), "  ".join("─" * w for w in widths)]
    for r in rows:
        p = r.petition
        cells = (
            p.id,
            short_date(r.session.date),
            p.field,
            p.content,
            p.agency or "—",
            short_date(p.deadline) or "—",
            r.status_text,
        )
        lines.append(line(cells))
    return "\n".join(lines)


def summary_line(rows: list[Row], as_of: dt.date) -> str:
    closed = sum(1 for r in rows if r.status.closed)
    overdue = sum(1 for r in rows if r.status.overdue)
    return (
        f"{len(rows)} kiến nghị (tính đến ngày {as_of:%d/%m/%Y}): {closed} đã giải quyết, trả lời xong; "
        f"{len(rows) - closed} chưa xong, trong đó {overdue} quá hạn."
    )


def to_document(rows: list[Row], records: RecordSet, issuer: Unit, as_of: dt.date) -> ComposedDocument:
    """The register as an official document of ``issuer``: DANH SÁCH, the unit's format, its số left blank
    for the văn thư to write when it is signed and sent (``DS``, as offices number the lists they send)."""
    units = sorted({r.unit.code for r in rows})
    scope = running_name(issuer) if units in ([], [issuer.code]) else f"{len(units)} đơn vị"
    body: list[Block] = [
        Paragraph(
            f"Tính đến ngày {vn_date(as_of)}, các ý kiến, kiến nghị của Nhân dân tại các buổi tiếp xúc, đối thoại "
            f"trực tiếp của {scope} và tình hình giải quyết như sau: {summary_line(rows, as_of).split(': ', 1)[1]}"
        ),
        Table(
            ("STT", "Kiến nghị", "Nội dung", "Cơ quan giải quyết, thời hạn", "Kết quả"),
            tuple(
                (
                    str(i),
                    f"{r.petition.id}\nBuổi ngày {vn_date(r.session.date)}\n{r.petition.field}",
                    f"Ý kiến của {citizen(r.petition)}: {' '.join(r.petition.content.split())}",
                    "; ".join(
                        x
                        for x in (
                            r.petition.agency,
                            f"hạn {vn_date(r.petition.deadline)}" if r.petition.deadline else None,
                        )
                        if x
                    )
                    or "Trả lời tại buổi",
                    r.status_text[:1].upper() + r.status_text[1:],
                )
                for i, r in enumerate(rows, 1)
            )
            or (("", "Không có kiến nghị nào.", "", "", ""),),
            (8, 22, 36, 18, 16),  # "STT" in bold 13 pt needs 8% of the width to stay on one line
        ),
    ]
    subject = (
        "Ý kiến, kiến nghị của Nhân dân tại các buổi tiếp xúc, đối thoại và kết quả giải quyết "
        f"(đến ngày {vn_date(as_of)})"
    )
    return unit_document(
        issuer,
        "danh sách kiến nghị",
        subject,
        body,
        stem="danh-sach-kien-nghi",
        date=as_of,
        year=as_of.year,
        recipients=unit_recipients(issuer, "noi_nhan_danh_sach"),
    )
