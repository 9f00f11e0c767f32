"""`hoso new`: the next session's record, prepared from the unit, its annual plan and its last session.

What hoso can know is filled in: the planned date, topic, form and place; the chairs, secretary and
guests of the last session; the documents to issue; and every petition of sessions before the last
one that is still open, carried over so that the report on earlier petitions (document 06) can be
drafted before the session. What only a person can fill is marked ``# ĐIỀN:`` and left valid, so the
scaffold passes `hoso validate` as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..formatting import vn_date
from ..record.model import PlannedSession, RecordSet, Session, Unit
from ..record.status import statuses
from ..record.yamltext import scalar
from ..text import fold

MARK = "ĐIỀN:"


class ScaffoldProblem(Exception):
    """The next session cannot be prepared (no plan and no date given); the message says what to do."""


@dataclass(frozen=True)
class Scaffold:
    session_id: str
    day: dt.date
    folder: Path  # where the record goes: <unit>/<YYYY-MM-DD>-<form>
    text: str
    carried_over: tuple[str, ...]
    planned: PlannedSession | None

    @property
    def path(self) -> Path:
        return self.folder / "buoi-doi-thoai.yaml"

    @property
    def marks(self) -> list[tuple[int, str]]:
        """(line, what to fill) for every marked place."""
        return [(n, line.split(MARK, 1)[1].strip()) for n, line in enumerate(self.text.splitlines(), 1) if MARK in line]


def _held(plan_entry: PlannedSession, year: int, sessions: list[Session]) -> bool:
    return any(s.date.year == year and s.date.month == plan_entry.month for s in sessions)


def next_planned(records: RecordSet, unit: Unit, after: dt.date) -> tuple[PlannedSession, int] | None:
    """The first planned session, in this year's plan or a later one, not yet held and not before ``after``."""
    held = [s for s in records.sessions if s.unit == unit.code]
    for plan in sorted((p for p in records.plans if p.unit == unit.code), key=lambda p: p.year):
        for entry in sorted(plan.sessions, key=lambda e: (e.month, e.date or dt.date.min)):
            if (plan.year, entry.month) >= (after.year, after.month) and not _held(entry, plan.year, held):
                return entry, plan.year
    return None


def _next_id(unit: Unit, sessions: list[Session], year: int) -> str:
    """UBND-AK-2026-02 after UBND-AK-2026-01: the unit's own pattern, continued."""
    pattern = re.compile(r"^(?P<prefix>.+)-(?P<year>\d{4})-(?P<n>\d+)$")
    ids = [m for s in sessions if (m := pattern.match(s.id))]
    prefix = ids[-1].group("prefix") if ids else re.sub(r"[^A-Za-z0-9]+", "-", fold(unit.code)).upper()
    taken = [int(m.group("n")) for m in ids if m.group("year") == str(year) and m.group("prefix") == prefix]
    return f"{prefix}-{year}-{max(taken, default=0) + 1:02d}"


def build(
    records: RecordSet, unit: Unit, today: dt.date, day: dt.date | None = None, topic: str | None = None
) -> Scaffold:
    sessions = [s for s in records.sessions if s.unit == unit.code]
    last = sessions[-1] if sessions else None
    planned = next_planned(records, unit, day or (last.date + dt.timedelta(days=1) if last else today))
    entry, year = planned if planned else (None, None)
    if day is None:
        if entry is None:
            raise ScaffoldProblem(
                "kế hoạch năm của đơn vị không còn buổi nào chưa tổ chức; hãy ghi ngày bằng --date (và chủ đề bằng --topic)"
            )
        day = entry.date or dt.date(year, entry.month, 15)
    if entry is not None and (year, entry.month) != (day.year, day.month):
        entry = None  # the date asked for is not the planned one
    topic = topic or (entry.topic if entry else None)
    session_id = _next_id(unit, sessions, day.year)

    # Petitions of the last session are reported as a matter of course; older ones still open are carried over.
    current = statuses(records, today)
    older = [p for s in sessions[:-1] for p in s.petitions]
    carried = tuple(p.id for p in older if not current[p.id].closed)

    lines = [
        "# Buổi tiếp xúc, đối thoại tiếp theo, chuẩn bị bằng lệnh hoso new từ kế hoạch năm và buổi trước.",
        "# Tìm các chỗ ghi ĐIỀN để điền hoặc kiểm tra; xong thì chạy: hoso validate rồi hoso render.",
        "loai_tep: buổi tiếp xúc, đối thoại",
        f"ma: {session_id}",
        f"don_vi: {unit.code}",
        f"# so_ky_hieu_ho_so:             # {MARK} số và ký hiệu hồ sơ theo Danh mục hồ sơ năm {day.year}",
    ]
    if last and last.creator:
        lines.append(f"nguoi_lap_ho_so: {scalar(last.creator)}")
    date_note = "ngày dự kiến trong kế hoạch" if entry and entry.date else "ngày chính thức"
    lines += [
        f"ngay: {day.isoformat()}              # {MARK} {date_note}",
        f'gio_bat_dau: "{last.start.strftime("%H:%M") if last else "08:00"}"             # {MARK} giờ bắt đầu',
    ]
    location = (entry.location if entry else None) or (last.location if last else None) or "Hội trường"
    lines.append(f"dia_diem: {scalar(location)}" + ("" if entry and entry.location else f"    # {MARK} địa điểm"))
    lines.append(f"hinh_thuc: {(entry.form if entry else None) or 'định kỳ'}")
    lines.append(
        f"chu_de: {scalar(topic or 'Đối thoại về những vấn đề Nhân dân quan tâm')}"
        + ("" if topic else f"    # {MARK} chủ đề")
    )
    chairs = last.chairs if last else ()
    if chairs:
        lines.append(
            f"chu_tri:                           # {MARK} kiểm tra người chủ trì"
            + (f" (kế hoạch: {entry.chair})" if entry and entry.chair else "")
        )
        for c in chairs:
            lines += [f"  - ho_ten: {scalar(c.name)}", f"    chuc_vu: {scalar(c.title)}"]
    else:
        signer = unit.signers[unit.default_signer]
        lines += [
            f"chu_tri:                           # {MARK} người chủ trì",
            f"  - ho_ten: {scalar(signer.name)}",
            f"    chuc_vu: {scalar(signer.title.capitalize())}",
        ]
    if last and last.secretary:
        lines += ["thu_ky:", f"  ho_ten: {scalar(last.secretary.name)}", f"  chuc_vu: {scalar(last.secretary.title)}"]
    for key, values, note in (
        ("phoi_hop", last.co_organisers if last else (), "cơ quan phối hợp"),
        ("dai_bieu_moi", last.delegates if last else (), "đại biểu mời"),
    ):
        if values:
            lines.append(f"{key}:                     # {MARK} kiểm tra {note}")
            lines += [f"  - {scalar(v)}" for v in values]
    if entry and entry.participants:
        lines.append(f"# thành phần dự kiến trong kế hoạch: {' '.join(entry.participants.split())}")
    if last and last.program:
        lines.append(f"chuong_trinh:                      # {MARK} giờ và người thực hiện")
        for item in last.program:
            lines.append(f"  - noi_dung: {scalar(item.text)}")
            if item.time:
                lines.append(f'    gio: "{item.time.strftime("%H:%M")}"')
            if item.by:
                lines.append(f"    nguoi_thuc_hien: {scalar(item.by)}")
    lines += [
        f"# bao_cao_du_luan: |               # {MARK} trước buổi: những vấn đề dư luận xã hội và Nhân dân quan tâm",
        f"kien_nghi: []                      # {MARK} sau buổi: các ý kiến, kiến nghị của Nhân dân và câu trả lời",
    ]
    if carried:
        lines.append(
            "kien_nghi_chuyen_tiep:             # kiến nghị của các buổi trước nữa chưa xong, báo cáo tiếp tại buổi này"
        )
        lines += [f"  - {pid}" for pid in carried]
    lines += [
        f"# ket_luan: |                      # {MARK} sau buổi: kết luận của người chủ trì",
        "van_ban:                           # số (so) và ngày (ngay) ghi khi văn bản được ký ban hành",
    ]
    when = vn_date(day)
    for kind, subject in (
        ("giấy mời", f"Mời dự buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {when}"),
        ("nội quy", f"Nội quy buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {when}"),
        ("chương trình", f"Chương trình buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {when}"),
        ("báo cáo dư luận xã hội", "Những vấn đề dư luận xã hội và Nhân dân quan tâm"),
        (
            "báo cáo kết quả giải quyết kiến nghị",
            f"Kết quả giải quyết kiến nghị của Nhân dân tại buổi tiếp xúc, đối thoại ngày {vn_date(last.date)}"
            if last
            else "Kết quả giải quyết kiến nghị của Nhân dân tại buổi tiếp xúc, đối thoại trước",
        ),
        ("biên bản", f"Biên bản buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {when}"),
        (
            "thông báo kết luận",
            f"Kết luận của người chủ trì tại buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày {when}",
        ),
    ):
        lines += [f"  - loai: {kind}", f"    trich_yeu: {scalar(subject)}"]
    lines += [
        f"thoi_han_bao_quan: {last.retention if last else 'Vĩnh viễn'}",
        f"che_do_su_dung: {last.access if last else 'công khai'}",
    ]
    folder = (
        unit.path.parent / f"{day.isoformat()}-{fold((entry.form if entry else None) or 'định kỳ').replace(' ', '-')}"
    )
    return Scaffold(session_id, day, folder, "\n".join(lines) + "\n", carried, entry)
