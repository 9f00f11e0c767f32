"""`hoso new`: the next session's record, prepared from the unit, its annual plan and its last session.

What hoso can know is filled in: the planned date, topic, form and place; the chairs, secretary and
guests of the last session; the documents to issue; and every petition of sessions before the last
one that is still open, carried over so that the report on earlier petitions (document 06) can be
drafted before the session. What only a person can fill is marked ``# ĐIỀN:`` and left valid, so the
scaffold passes `hoso validate` as it is.

The record is written by ruamel.yaml, which quotes a value only where YAML needs it (a topic typed
with ``: `` or ``#`` stays that text) and keeps the comments that guide the clerk.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .. import doctypes
from ..formatting import short_date, vn_date
from ..record.model import Person, PlannedSession, RecordSet, Session, Unit
from ..record.status import statuses
from ..text import fold

MARK = "ĐIỀN:"
COLUMN = 35  # where end-of-line comments start, so that they line up
HEADING = (
    "Buổi tiếp xúc, đối thoại tiếp theo, chuẩn bị bằng lệnh hoso new từ kế hoạch năm và buổi trước.\n"
    "Tìm các chỗ ghi ĐIỀN để điền hoặc kiểm tra; xong thì chạy: hoso validate rồi hoso render."
)
ASSEMBLY = "buổi tiếp xúc, đối thoại trực tiếp với Nhân dân"
# The trích yếu of a prepared document type, where it is not "<Tên loại> buổi tiếp xúc, … ngày <day>".
# {day}: the new session's date; {previous}: "ngày <the last session's date>", or "trước" if there is none.
SUBJECTS = {
    "giấy mời": f"Mời dự {ASSEMBLY} ngày {{day}}",
    "báo cáo dư luận xã hội": "Những vấn đề dư luận xã hội và Nhân dân quan tâm",
    "báo cáo kết quả giải quyết kiến nghị": (
        "Kết quả giải quyết kiến nghị của Nhân dân tại buổi tiếp xúc, đối thoại {previous}"
    ),
    "thông báo kết luận": f"Kết luận của người chủ trì tại {ASSEMBLY} ngày {{day}}",
}


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


# --- what is planned, the id, the petitions carried over ----------------------------------------------


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


def _planned(
    records: RecordSet, unit: Unit, last: Session | None, today: dt.date, day: dt.date | None
) -> tuple[PlannedSession | None, dt.date]:
    """The plan's entry for the new session (None if the day asked for is not a planned one), and its day."""
    found = next_planned(records, unit, day or (last.date + dt.timedelta(days=1) if last else today))
    if day is None:
        if found is None:
            raise ScaffoldProblem(
                "kế hoạch năm của đơn vị không còn buổi nào chưa tổ chức; "
                "hãy ghi ngày bằng --date (và chủ đề bằng --topic)"
            )
        entry, year = found
        return entry, entry.date or dt.date(year, entry.month, 15)
    if found and (found[1], found[0].month) == (day.year, day.month):
        return found[0], day
    return None, day


def _next_id(unit: Unit, sessions: list[Session], year: int) -> str:
    """UBND-AK-2026-02 after UBND-AK-2026-01: the unit's own pattern, continued."""
    pattern = re.compile(r"^(?P<prefix>.+)-(?P<year>\d{4})-(?P<n>\d+)$")
    ids = [m for s in sessions if (m := pattern.match(s.id))]
    prefix = ids[-1].group("prefix") if ids else re.sub(r"[^A-Za-z0-9]+", "-", fold(unit.code)).upper()
    taken = [int(m.group("n")) for m in ids if m.group("year") == str(year) and m.group("prefix") == prefix]
    return f"{prefix}-{year}-{max(taken, default=0) + 1:02d}"


def _carried_over(records: RecordSet, sessions: list[Session], today: dt.date) -> tuple[str, ...]:
    """Petitions of the last session are reported as a matter of course; older ones still open are carried over."""
    current = statuses(records, today)
    return tuple(p.id for s in sessions[:-1] for p in s.petitions if not current[p.id].closed)


# --- the record, part by part ------------------------------------------------------------------------


def _fill(what: str) -> str:
    return f"{MARK} {what}"


def _time(value: dt.time) -> DoubleQuotedScalarString:
    """A time as "08:00", always quoted as the README asks (YAML 1.1 tools read a bare 08:00 as a number)."""
    return DoubleQuotedScalarString(value.strftime("%H:%M"))


class _Record:
    """The record being written: its keys in order, each with an optional end-of-line comment, and
    comment lines (keys left for the clerk to write, hints from the plan) that go before the next key."""

    def __init__(self) -> None:
        self.data = CommentedMap()
        self.data.yaml_set_start_comment(HEADING)
        self._before: list[str] = []

    def add(self, key: str, value: Any, note: str | None = None) -> None:
        self.data[key] = value
        if self._before:
            self.data.yaml_set_comment_before_after_key(key, before="\n".join(self._before))
            self._before = []
        if note:
            self.data.yaml_add_eol_comment(note, key, column=COLUMN)

    def comment(self, line: str) -> None:
        self._before.append(line)

    def commented_key(self, key: str, note: str) -> None:
        """``# key:`` with its note in the comment column: a key the clerk writes when the time comes."""
        self.comment(key.ljust(COLUMN - 2) + f"# {note}")

    def text(self) -> str:
        assert not self._before, "a comment with no key after it"
        writer = YAML()  # round-trip mode: comments kept, UTF-8 characters written as they are
        writer.width = 4096  # a long topic stays on its line instead of being folded
        writer.indent(mapping=2, sequence=4, offset=2)  # "  - item", as the README's examples
        out = io.StringIO()
        writer.dump(self.data, out)
        return out.getvalue()


def _header(
    record: _Record,
    session_id: str,
    unit: Unit,
    day: dt.date,
    last: Session | None,
    entry: PlannedSession | None,
    topic: str | None,
) -> None:
    """What, when and where: the id, the day, the place, the form and the topic."""
    record.add("loai_tep", "buổi tiếp xúc, đối thoại")
    record.add("ma", session_id)
    record.add("don_vi", unit.code)
    record.commented_key("so_ky_hieu_ho_so:", _fill(f"số và ký hiệu hồ sơ theo Danh mục hồ sơ năm {day.year}"))
    if last and last.creator:
        record.add("nguoi_lap_ho_so", last.creator)
    record.add("ngay", day, _fill("ngày dự kiến trong kế hoạch" if entry and entry.date else "ngày chính thức"))
    start = last.start if last and isinstance(last.start, dt.time) else dt.time(8, 0)
    record.add("gio_bat_dau", _time(start), _fill("giờ bắt đầu"))
    planned_place = entry.location if entry else None
    place = planned_place or (last.location if last else None) or "Hội trường"
    record.add("dia_diem", place, None if planned_place else _fill("địa điểm"))
    record.add("hinh_thuc", (entry.form if entry else None) or "định kỳ")
    record.add("chu_de", topic or "Đối thoại về những vấn đề Nhân dân quan tâm", None if topic else _fill("chủ đề"))


def _chair(unit: Unit, chair: Person, day: dt.date) -> dict[str, str]:
    """The last session's chair; or, when the term in which they chaired it in one of the unit's posts
    (chu_tich, bi_thu) has ended by ``day``, whoever holds that post on ``day``, marked to check."""
    row = {"ho_ten": chair.name, "chuc_vu": chair.title}
    terms = {key: unit.posts[key].held_by(chair.name) for key in unit.posts_held_by(chair.name)}
    if not terms or any(h.in_office(day) for held in terms.values() for h in held):
        return row
    for key, held in terms.items():
        post = unit.posts[key]
        successor = post.holder_on(day)
        ended = max((h.end for h in held if h.end and h.end < day), default=None)
        if successor is None or ended is None:
            continue
        since = f" từ {short_date(successor.start)}" if successor.start else ""
        replaced = CommentedMap(ho_ten=successor.name, chuc_vu=chair.title)
        note = f"kiểm tra người chủ trì: {chair.name} giữ chức vụ {post.title.capitalize()} đến {short_date(ended)}"
        replaced.yaml_add_eol_comment(_fill(f"{note}, {successor.name} giữ{since}"), "ho_ten", column=COLUMN)
        return replaced
    posts = ", ".join(f"{unit.posts[key].title.capitalize()} ({key})" for key in terms)
    raise ScaffoldProblem(
        f"người chủ trì buổi trước, {chair.name}, không còn giữ chức vụ {posts} vào ngày {short_date(day)}, "
        f"và tệp {unit.path.name} chưa khai ai giữ chức vụ đó vào ngày này; "
        "hãy khai người giữ chức vụ (nguoi_giu) rồi chạy lại"
    )


def _people(record: _Record, unit: Unit, day: dt.date, last: Session | None, entry: PlannedSession | None) -> None:
    """Who: the last session's chairs (or who holds their posts on ``day``), secretary and guests, to be checked."""
    if last and last.chairs:
        chairs = [_chair(unit, c, day) for c in last.chairs]
        planned = f" (kế hoạch: {entry.chair})" if entry and entry.chair else ""
        record.add("chu_tri", chairs, _fill(f"kiểm tra người chủ trì{planned}"))
    else:
        signer = unit.signer_on(None, day)
        assert signer is not None, "build() checks the default signer first"
        record.add("chu_tri", [{"ho_ten": signer.name, "chuc_vu": signer.title.capitalize()}], _fill("người chủ trì"))
    if last and last.secretary:
        record.add("thu_ky", {"ho_ten": last.secretary.name, "chuc_vu": last.secretary.title})
    if last and last.co_organisers:
        record.add("phoi_hop", list(last.co_organisers), _fill("kiểm tra cơ quan phối hợp"))
    if last and last.delegates:
        record.add("dai_bieu_moi", list(last.delegates), _fill("kiểm tra đại biểu mời"))
    if entry and entry.participants:
        hint = "thành phần dự kiến trong kế hoạch: " + " ".join(entry.participants.split())
        for line in textwrap.wrap(hint, 110, subsequent_indent="  "):
            record.comment(line)


def _programme(record: _Record, last: Session | None) -> None:
    """The last session's programme, its times and speakers to be checked."""
    if not (last and last.program):
        return
    items = []
    for item in last.program:
        row: dict[str, Any] = {"noi_dung": item.text}
        if item.time:
            row["gio"] = _time(item.time)
        if item.by:
            row["nguoi_thuc_hien"] = item.by
        items.append(row)
    record.add("chuong_trinh", items, _fill("giờ và người thực hiện"))


def _petitions(record: _Record, carried: tuple[str, ...]) -> None:
    """What the session will hear: written before it (the report) and after it (petitions, conclusion)."""
    record.commented_key("bao_cao_du_luan: |", _fill("trước buổi: những vấn đề dư luận xã hội và Nhân dân quan tâm"))
    record.add("kien_nghi", [], _fill("sau buổi: các ý kiến, kiến nghị của Nhân dân và câu trả lời"))
    if carried:
        note = "kiến nghị của các buổi trước nữa chưa xong, báo cáo tiếp tại buổi này"
        record.add("kien_nghi_chuyen_tiep", list(carried), note)
    record.commented_key("ket_luan: |", _fill("sau buổi: kết luận của người chủ trì"))


def _subject(kind: doctypes.DocumentType, day: dt.date, last: Session | None) -> str:
    previous = f"ngày {vn_date(last.date)}" if last else "trước"
    generic = f"{kind.listed_as} {ASSEMBLY} ngày {{day}}"
    return SUBJECTS.get(kind.name, generic).format(day=vn_date(day), previous=previous)


def _documents(record: _Record, day: dt.date, last: Session | None) -> None:
    """The documents `hoso new` prepares (the registry's), and how the hồ sơ is kept."""
    documents = [{"loai": t.name, "trich_yeu": _subject(t, day, last)} for t in doctypes.TYPES if t.prepared]
    record.add("van_ban", documents, "số (so) và ngày (ngay) ghi khi văn bản được ký ban hành")
    record.add("thoi_han_bao_quan", last.retention if last else "Vĩnh viễn")
    record.add("che_do_su_dung", last.access if last else "công khai")


def build(
    records: RecordSet, unit: Unit, today: dt.date, day: dt.date | None = None, topic: str | None = None
) -> Scaffold:
    """The next session's record for ``unit``: on ``day``, or on the next planned one; statuses as of ``today``."""
    sessions = [s for s in records.sessions if s.unit == unit.code]
    last = sessions[-1] if sessions else None
    if day is not None and last is not None and day < last.date:
        # The new record continues the last one (its people, the petitions carried over, the next number):
        # a session before it would be numbered and reported out of order.
        raise ScaffoldProblem(
            f"ngày {day:%d/%m/%Y} ở --date trước buổi gần nhất của đơn vị ({last.id}, ngày {last.date:%d/%m/%Y}); "
            "hoso new chỉ chuẩn bị buổi tiếp theo. Buổi đã tổ chức trước đó thì hãy chép một tệp "
            "buoi-doi-thoai.yaml có sẵn và sửa lại"
        )
    entry, day = _planned(records, unit, last, today, day)
    if unit.signer_on(None, day) is None:  # the documents to issue would have no signer
        post = unit.posts[unit.default_signer]
        raise ScaffoldProblem(
            f"tệp {unit.path.name} chưa khai ai giữ chức vụ {post.title.capitalize()} ({unit.default_signer}), người "
            f"ký mặc định, vào ngày {short_date(day)}; hãy khai người giữ chức vụ (nguoi_giu) rồi chạy lại"
        )
    session_id = _next_id(unit, sessions, day.year)
    carried = _carried_over(records, sessions, today)

    record = _Record()
    _header(record, session_id, unit, day, last, entry, topic or (entry.topic if entry else None))
    _people(record, unit, day, last, entry)
    _programme(record, last)
    _petitions(record, carried)
    _documents(record, day, last)

    form = (entry.form if entry else None) or "định kỳ"
    folder = unit.path.parent / f"{day.isoformat()}-{fold(form).replace(' ', '-')}"
    return Scaffold(session_id, day, folder, record.text(), carried, entry)
