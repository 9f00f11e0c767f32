"""The year's section on dialogue sessions for the annual report on grassroots democracy (seed 001 §III):
`hoso report --year Y`.

``figures()`` counts; ``document()`` writes them as a BÁO CÁO in the issuing unit's format, with two
charts. The counting rules, stated once here and in the report itself:

- planned: the sessions listed in the units' annual plans for the year; held: sessions recorded in it;
- a petition raised in the year is "answered at the session", "accepted for a written answer", or of a past
  session whose answer nobody wrote down ("không rõ");
- a petition whose answer or deadline is "không rõ" has an unknown result until a follow-up gives one; an
  unknown deadline is never passed;
- a petition with a deadline is resolved on time (closed on or before it), late (closed after it) or
  still open as of the report's day, and overdue when open past its deadline;
- a petition answered at the session with no deadline counts as closed that day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..documents.compose import signature, unit_document, unit_recipients
from ..documents.model import Block, ComposedDocument, Paragraph, Table
from ..formatting import citizen, running_name, vn_date
from ..record.model import Petition, RecordSet, Session, Unit
from ..record.status import UNKNOWN_RESULT, PetitionStatus, statuses
from .charts import Bars, by_field, by_month

# Above this many sessions (a district's or province's report over its xã), the report gives each unit's
# counts and leaves the list of sessions to the units' registers.
SESSION_LIST_MAX = 40
OVERDUE_DETAIL_MAX = 40  # above this, the overdue list gives one line per petition
MONTHS = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12")
FORMS = ("định kỳ", "đột xuất", "chuyên đề")


@dataclass(frozen=True)
class UnitYear:
    unit: Unit
    planned: int
    held: tuple[Session, ...]


@dataclass(frozen=True)
class YearFigures:
    year: int
    as_of: dt.date
    units: tuple[UnitYear, ...]
    petitions: tuple[Petition, ...]
    status: dict[str, PetitionStatus]

    @property
    def sessions(self) -> list[Session]:
        return sorted((s for u in self.units for s in u.held), key=lambda s: (s.date, s.id))

    @property
    def planned(self) -> int:
        return sum(u.planned for u in self.units)

    @property
    def units_covered(self) -> int:
        return sum(1 for u in self.units if u.held)

    def held_by_form(self) -> dict[str, int]:
        return {form: sum(1 for s in self.sessions if s.form == form) for form in FORMS}

    def by_field(self) -> list[tuple[str, int]]:
        return sorted(Counter(p.field for p in self.petitions).items(), key=lambda kv: (-kv[1], kv[0]))

    def by_level(self) -> list[tuple[str, int]]:
        levels = {u.unit.code: u.unit.level for u in self.units}
        return sorted(Counter(f"cấp {levels[p.unit]}" for p in self.petitions).items(), key=lambda kv: (-kv[1], kv[0]))

    @property
    def answered_at_session(self) -> int:
        return sum(1 for p in self.petitions if p.answer.at_session)

    @property
    def accepted(self) -> int:
        return sum(1 for p in self.petitions if p.answer.known and not p.answer.at_session)

    @property
    def answer_unknown(self) -> int:
        """Petitions of a past session whose answer nobody wrote down ("không rõ")."""
        return sum(1 for p in self.petitions if not p.answer.known)

    def with_deadline(self) -> list[Petition]:
        """Petitions given a deadline that is known (an unknown one is never passed)."""
        return [p for p in self.petitions if p.due is not None]

    def unknown_result(self) -> list[Petition]:
        """Petitions of past sessions whose answer or deadline nobody wrote down, with no follow-up since."""
        return [p for p in self.petitions if self.status[p.id].status == UNKNOWN_RESULT]

    def _closed_with_deadline(self) -> list[tuple[Petition, dt.date, dt.date]]:
        """(petition, its deadline, the day it was closed) for each petition with a deadline that is closed
        (a status has ``closed_on`` exactly when it is closed)."""
        return [
            (p, deadline, closed_on)
            for p in self.petitions
            if (deadline := p.due) is not None and (closed_on := self.status[p.id].closed_on) is not None
        ]

    def on_time(self) -> list[Petition]:
        return [p for p, deadline, closed_on in self._closed_with_deadline() if closed_on <= deadline]

    def late(self) -> list[Petition]:
        return [p for p, deadline, closed_on in self._closed_with_deadline() if closed_on > deadline]

    def still_open(self) -> list[Petition]:
        return [p for p in self.with_deadline() if not self.status[p.id].closed]

    def overdue(self) -> list[Petition]:
        return sorted(
            (p for p in self.petitions if self.status[p.id].overdue), key=lambda p: -self.status[p.id].days_overdue
        )

    def closed_without_deadline(self) -> int:
        return sum(1 for p in self.petitions if p.deadline is None and self.status[p.id].closed)

    def monthly(self) -> list[tuple[str, int, int, int]]:
        """(month, received, resolved in it, open at its end) for each month of the year up to as_of."""
        last = 12 if self.as_of.year > self.year else self.as_of.month
        out = []
        for month in range(1, last + 1):
            end = dt.date(self.year, month, 1) + dt.timedelta(days=31)
            end = min(end.replace(day=1) - dt.timedelta(days=1), self.as_of)
            received = sum(1 for p in self.petitions if p.session_date.month == month)
            resolved = sum(
                1
                for p in self.petitions
                if (c := self.status[p.id].closed_on) and c.year == self.year and c.month == month
            )
            still = sum(
                1
                for p in self.petitions
                if p.session_date <= end and not ((c := self.status[p.id].closed_on) and c <= end)
            )
            out.append((MONTHS[month - 1], received, resolved, still))
        return out


def figures(records: RecordSet, year: int, units: list[Unit], as_of: dt.date) -> YearFigures:
    current = statuses(records, as_of)
    codes = {u.code for u in units}
    rows = []
    for unit in units:
        plan = next((p for p in records.plans if p.unit == unit.code and p.year == year), None)
        held = tuple(s for s in records.sessions if s.unit == unit.code and s.date.year == year and s.date <= as_of)
        rows.append(UnitYear(unit, len(plan.sessions) if plan else 0, held))
    petitions = tuple(p for u in rows for s in u.held for p in s.petitions if p.unit in codes)
    return YearFigures(year, as_of, tuple(rows), petitions, current)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "0%"


def _deadline(p: Petition) -> str:
    """The deadline of an overdue petition (being overdue, it has one)."""
    assert p.deadline is not None
    return vn_date(p.deadline)


# --- the report, section by section -----------------------------------------------------------------


def _organisation(f: YearFigures) -> list[Block]:
    """I. Công tác tổ chức: sessions planned and held, by unit and by form, and the list of sessions."""
    sessions, forms = f.sessions, f.held_by_form()
    blocks: list[Block] = [
        Paragraph("I. CÔNG TÁC TỔ CHỨC TIẾP XÚC, ĐỐI THOẠI", "heading"),
        Paragraph(
            f"Theo kế hoạch năm, {len(f.units):02d} đơn vị dự kiến tổ chức {f.planned:02d} buổi tiếp xúc, đối thoại; "
            f"đã tổ chức {len(sessions):02d} buổi ({forms['định kỳ']:02d} định kỳ, {forms['đột xuất']:02d} đột xuất, "
            f"{forms['chuyên đề']:02d} chuyên đề); "
            f"{f.units_covered}/{len(f.units)} đơn vị đã tổ chức tiếp xúc, đối thoại trong năm."
        ),
        Table(
            ("Đơn vị", "Kế hoạch", "Đã tổ chức", "Định kỳ", "Đột xuất", "Chuyên đề"),
            tuple(
                (
                    running_name(u.unit),
                    str(u.planned),
                    str(len(u.held)),
                    *(str(sum(1 for s in u.held if s.form == form)) for form in FORMS),
                )
                for u in f.units
            ),
            (40, 12, 12, 12, 12, 12),
        ),
    ]
    if len(sessions) > SESSION_LIST_MAX:
        return blocks + [
            Paragraph(
                f"Danh sách {len(sessions)} buổi tiếp xúc, đối thoại xem tại sổ theo dõi của từng đơn vị.", "item"
            )
        ]
    names = {u.unit.code: running_name(u.unit) for u in f.units}
    rows = tuple(
        (
            str(i),
            vn_date(s.date),
            names[s.unit],
            s.topic,
            "; ".join(f"{c.name}, {c.title}" for c in s.chairs),
            f"{s.attendance['dai_bieu'] + s.attendance['nhan_dan']}" if isinstance(s.attendance, dict) else "",
        )
        for i, s in enumerate(sessions, 1)
    )
    return blocks + [
        Paragraph("Các buổi tiếp xúc, đối thoại đã tổ chức:", "item", keep=True),
        Table(
            ("STT", "Ngày", "Đơn vị", "Chủ đề", "Chủ trì", "Số người dự"),
            rows or (("", "", "", "Chưa tổ chức buổi nào.", "", ""),),
            (7, 16, 18, 31, 18, 10),
        ),
    ]


def _results(f: YearFigures) -> list[Block]:
    """II. Kết quả tiếp nhận và giải quyết: how petitions were taken up, then by field, by level, results."""
    total = len(f.petitions)
    return [
        Paragraph("II. KẾT QUẢ TIẾP NHẬN VÀ GIẢI QUYẾT Ý KIẾN, KIẾN NGHỊ", "heading"),
        Paragraph(
            f"Tại các buổi tiếp xúc, đối thoại, Nhân dân nêu {total:02d} ý kiến, kiến nghị; trong đó "
            f"{f.answered_at_session:02d} ý kiến ({_pct(f.answered_at_session, total)}) "
            "được trả lời trực tiếp tại buổi, "
            f"{f.accepted:02d} ý kiến ({_pct(f.accepted, total)}) được tiếp thu để trả lời bằng văn bản"
            + (
                f"; {f.answer_unknown:02d} ý kiến ({_pct(f.answer_unknown, total)}) hồ sơ không ghi rõ câu trả lời."
                if f.answer_unknown
                else "."
            )
        ),
        *_results_by_field(f),
        *_results_by_level(f),
        *_resolution(f),
    ]


def _results_by_field(f: YearFigures) -> list[Block]:
    """II.1: a table and a chart (at most 20 bars: the smallest fields are summed into one)."""
    fields = f.by_field()
    blocks: list[Block] = [
        Paragraph("1. Theo lĩnh vực", "item", keep=True),
        Table(
            ("Lĩnh vực", "Số ý kiến", "Tỷ lệ"),
            tuple((name, str(n), _pct(n, len(f.petitions))) for name, n in fields) or (("Không có", "0", ""),),
            (60, 20, 20),
        ),
    ]
    if fields:
        top = fields if len(fields) <= 20 else fields[:19] + [("các lĩnh vực còn lại", sum(n for _, n in fields[19:]))]
        bars = Bars(tuple(n for n, _ in top), tuple(v for _, v in top))
        blocks.append(by_field(bars, f"Biểu đồ 1. Ý kiến, kiến nghị năm {f.year} theo lĩnh vực"))
    return blocks


def _results_by_level(f: YearFigures) -> list[Block]:
    """II.2: one line, "Cấp xã: 12 ý kiến; cấp huyện: …"."""
    levels = f.by_level()
    text = ("; ".join(f"{name}: {n:02d} ý kiến" for name, n in levels) + ".").capitalize() if levels else "Không có."
    return [Paragraph("2. Theo cấp", "item", keep=True), Paragraph(text, "item")]


def _resolution(f: YearFigures) -> list[Block]:
    """II.3: petitions with a deadline resolved on time, late or not yet, and the chart by month."""
    with_deadline, on_time, late, still = len(f.with_deadline()), len(f.on_time()), len(f.late()), len(f.still_open())
    blocks: list[Block] = [
        Paragraph("3. Kết quả giải quyết", "item", keep=True),
        Paragraph(
            f"Có {with_deadline:02d} ý kiến, kiến nghị được giao cơ quan giải quyết có thời hạn: "
            f"{on_time:02d} ý kiến giải quyết đúng hạn ({_pct(on_time, with_deadline)}), "
            f"{late:02d} ý kiến giải quyết chậm so với thời hạn ({_pct(late, with_deadline)}), "
            f"{still:02d} ý kiến chưa giải quyết xong ({_pct(still, with_deadline)}), "
            f"trong đó {len(f.overdue()):02d} ý kiến đã quá hạn. "
            f"{f.closed_without_deadline():02d} ý kiến được trả lời xong ngay tại buổi."
            + (
                f" {len(unknown):02d} ý kiến không rõ kết quả (hồ sơ không ghi câu trả lời hoặc thời hạn, "
                "chưa có thông tin giải quyết)."
                if (unknown := f.unknown_result())
                else ""
            )
        ),
    ]
    months = f.monthly()
    if months:
        blocks.append(
            by_month(
                tuple(m for m, *_ in months),
                tuple(r for _, r, _, _ in months),
                tuple(d for _, _, d, _ in months),
                tuple(o for *_, o in months),
                f"Biểu đồ 2. Tiếp nhận và giải quyết ý kiến, kiến nghị theo tháng năm {f.year}",
            )
        )
    return blocks


def _overdue(f: YearFigures) -> list[Block]:
    """III. Quá hạn: a table of the overdue petitions, or one line each when there are many."""
    overdue = f.overdue()
    blocks: list[Block] = [Paragraph("III. Ý KIẾN, KIẾN NGHỊ QUÁ HẠN CHƯA GIẢI QUYẾT", "heading")]
    if not overdue:
        return blocks + [Paragraph("Không có ý kiến, kiến nghị nào quá hạn.", "item")]
    if len(overdue) <= OVERDUE_DETAIL_MAX:
        rows = tuple(
            (
                str(i),
                f"Ý kiến của {citizen(p)} tại buổi ngày {vn_date(p.session_date)} ({p.field}): "
                + " ".join(p.content.split()),
                p.agency or "",
                _deadline(p),
                str(f.status[p.id].days_overdue),
            )
            for i, p in enumerate(overdue, 1)
        )
        columns = ("STT", "Nội dung ý kiến, kiến nghị", "Cơ quan giải quyết", "Hạn", "Số ngày quá hạn")
        return blocks + [Table(columns, rows, (8, 44, 19, 15, 14))]
    # Many (a district's report over its xã): one line each, not a table: WeasyPrint lays out a table
    # row of seven cells in about 5 ms, a line in 1 ms. The petitions' text is in the register.
    names = {u.unit.code: running_name(u.unit) for u in f.units}
    blocks.append(
        Paragraph(
            f"{len(overdue)} ý kiến, kiến nghị quá hạn (nội dung từng ý kiến: xem sổ theo dõi kiến nghị):", "item"
        )
    )
    return blocks + [
        Paragraph(
            f"{i}. {p.id} — {names[p.unit]} — {p.field} — {p.agency or 'chưa giao cơ quan'} — "
            f"hạn {_deadline(p)} — quá hạn {f.status[p.id].days_overdue} ngày",
            "item",
        )
        for i, p in enumerate(overdue, 1)
    ]


def _assessment(f: YearFigures) -> list[Block]:
    """IV. Đánh giá chung: the on-time rate, and what remains to do about overdue petitions."""
    overdue = len(f.overdue())
    remaining = (
        f"còn {overdue:02d} ý kiến quá hạn cần các cơ quan được giao tập trung giải quyết, trả lời dứt điểm "
        "và báo cáo kết quả tại buổi tiếp xúc, đối thoại tiếp theo."
        if overdue
        else "không có ý kiến nào quá hạn."
    )
    return [
        Paragraph("IV. ĐÁNH GIÁ CHUNG", "heading"),
        Paragraph(
            f"Năm {f.year}, tỷ lệ ý kiến, kiến nghị có thời hạn được giải quyết đúng hạn đạt "
            f"{_pct(len(f.on_time()), len(f.with_deadline()))}; " + remaining
        ),
    ]


def document(f: YearFigures, issuer: Unit, number: int | None = None, date: dt.date | None = None) -> ComposedDocument:
    """The year's report as an official BÁO CÁO of ``issuer``."""
    opening = Paragraph(
        "Thực hiện quy chế dân chủ ở cơ sở và kế hoạch tổ chức tiếp xúc, đối thoại trực tiếp với Nhân dân "
        f"năm {f.year}, {running_name(issuer)} báo cáo kết quả công tác tiếp xúc, đối thoại năm {f.year} "
        f"(số liệu tính đến ngày {vn_date(f.as_of)}) như sau:"
    )
    body = [opening, *_organisation(f), *_results(f), *_overdue(f), *_assessment(f)]
    subject = f"Kết quả công tác tiếp xúc, đối thoại trực tiếp với Nhân dân năm {f.year}"
    year = date.year if date else f.as_of.year
    signed = (signature(issuer, None, date or f.as_of),)  # by whoever heads the unit on its date, or the as-of day
    return unit_document(
        issuer,
        "báo cáo năm",
        subject,
        body,
        stem=f"bao-cao-nam-{f.year}",
        date=date,
        year=year,
        number=number,
        signatures=signed,
        recipients=unit_recipients(issuer, "noi_nhan_bao_cao_nam"),
    )
