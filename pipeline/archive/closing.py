"""Kết thúc hồ sơ: is a session's work done, so that its hồ sơ may be sealed?

A sealed hồ sơ holds what the office issued, never hoso's drafts. `hoso archive` seals a session only when:

- the session has taken place (its day is today or before);
- the biên bản and the thông báo kết luận are issued (đã ban hành);
- every other document hoso would draft is issued, or declared not issued for this session
  (``khong_ban_hanh`` with the reason);
- an issued document has the số its type always carries, and its ngày;
- a document issued as hoso's electronic rendering (``ban_hanh: bản điện tử``) holds no placeholder and
  needs no fact the record says is "không rõ" (such a document must be issued as the signed scan);
- no line of the record still carries the "ĐIỀN:" mark `hoso new` put on what a person must fill in.

Every missing item is reported at once, at its place in the record, in the format of `hoso validate`.
"""

from __future__ import annotations

import datetime as dt

from .. import doctypes
from ..documents import compose_session
from ..documents.model import ComposedDocument
from ..formatting import vn_date
from ..record import Problem, Result
from ..record.model import DRAFT, ELECTRONIC, ISSUED, NOT_ISSUED, DocumentEntry, Session
from ..record.source import Source

MUST_ISSUE = ("biên bản", "thông báo kết luận")  # the outcome of the session: never "không ban hành"
FILL_MARK = "ĐIỀN:"  # hoso new's mark on a value a person must fill in or check
NOT_YET = "chưa ghi bản đã ký (tep), ban_hanh: bản điện tử, hay khong_ban_hanh"
HOW_TO_ISSUE = (
    "Văn bản đã ký ban hành: ghi so, ngay và tep (tệp bản đã ký, đóng dấu, đặt cạnh tệp hồ sơ), hoặc "
    "ban_hanh: bản điện tử nếu bản lưu là bản hoso soạn; buổi này không ban hành thì ghi khong_ban_hanh: <lý do>."
)


HOW_TO_FILL = "Dòng còn chữ ĐIỀN: điền hoặc kiểm tra giá trị, xong thì xóa chữ ĐIỀN ở cuối dòng."


def today() -> dt.date:
    return dt.date.today()


def missing(result: Result, session: Session, on: dt.date | None = None) -> list[Problem]:
    """What keeps ``session``'s hồ sơ from being closed on ``on`` (today by default; empty: it may be sealed)."""
    day = on or today()
    source = result.source_of(session.path)
    problems: list[Problem] = []
    if session.date > day:
        problems.append(
            source.problem(
                ("ngay",),
                f"buổi tiếp xúc, đối thoại ngày {vn_date(session.date)} chưa diễn ra (hôm nay {vn_date(day)}): "
                "chỉ đóng hồ sơ sau buổi",
            )
        )
    composed = compose_session(result.records, session)
    problems += _documents(source, session, composed)
    problems += _marks(source)
    return sorted(set(problems))


def _documents(source: Source, session: Session, composed: list[ComposedDocument]) -> list[Problem]:
    problems: list[Problem] = []
    entries = list(enumerate(session.documents))
    drafted = {d.doc_type for d in composed if d.doc_type != "kế hoạch"}  # the year's plan is issued on its own
    listed = {e.type for _, e in entries if doctypes.get(e.type).drafted}
    for kind in sorted(drafted | listed | set(MUST_ISSUE), key=_order):
        mine = [(i, e) for i, e in entries if e.type == kind]
        if not mine:
            if kind in MUST_ISSUE or not doctypes.get(kind).convocation or not _any_convocation(session):
                where = ("van_ban",) if session.documents else ()
                problems.append(source.problem(where, f"{kind} còn là dự thảo: chưa có trong van_ban"))
            continue
        drafts = iter(d for d in composed if d.doc_type == kind)  # the composer drafts entries without a file, in order
        for i, entry in mine:
            document = next(drafts, None) if entry.file is None and entry.state != NOT_ISSUED else None
            problems += _entry(source, ("van_ban", i), entry, document)
    return problems


def _entry(source: Source, at: tuple, entry: DocumentEntry, document: ComposedDocument | None) -> list[Problem]:
    kind = doctypes.get(entry.type)
    if entry.state == DRAFT:
        return [source.problem(at, f"{entry.type} còn là dự thảo: {NOT_YET}")]
    if entry.state == NOT_ISSUED:
        if entry.type in MUST_ISSUE:
            return [
                source.problem(
                    (*at, "khong_ban_hanh"),
                    f"{entry.type} ghi lại kết quả buổi tiếp xúc, đối thoại nên phải được ban hành; "
                    "hãy đính kèm bản đã ký (tep) hoặc ghi ban_hanh: bản điện tử",
                )
            ]
        return []
    problems = []
    assert entry.state == ISSUED
    if kind.always_numbered and entry.number is None:
        problems.append(source.problem(at, f"{entry.type} đã ban hành nhưng chưa ghi số (so)"))
    if entry.date is None:
        problems.append(source.problem(at, f"{entry.type} đã ban hành nhưng chưa ghi ngày (ngay)"))
    if entry.issued_as == ELECTRONIC and document is not None:
        for gap in document.gaps:
            problems.append(
                source.problem(
                    (*at, "ban_hanh"),
                    f"bản điện tử của {entry.type} còn chỗ trống: {gap.missing} (khóa {gap.key}); hãy ghi "
                    "vào hồ sơ ghi chép, hoặc đính kèm bản đã ký (tep)",
                )
            )
        for fact in document.unknown:
            problems.append(
                source.problem(
                    (*at, "ban_hanh"),
                    f"không lưu bản điện tử của {entry.type} được vì hồ sơ ghi không rõ {fact}; hãy đính kèm "
                    "bản đã ký (tep), hoặc ghi khong_ban_hanh nếu buổi này không có văn bản này",
                )
            )
    return problems


def _marks(source: Source) -> list[Problem]:
    """Every line `hoso new` marked for a person to fill in or check, still marked."""
    try:
        lines = source.path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for number, line in enumerate(lines, 1):
        if FILL_MARK in line:
            what = line.split(FILL_MARK, 1)[1].strip()
            key = line.split(":", 1)[0].strip(" #-") or "-"
            message = f"còn chữ ĐIỀN: {what}"
            out.append(Problem(source.display, number, line.index(FILL_MARK) + 1, key, message))
    return out


def _any_convocation(session: Session) -> bool:
    return any(doctypes.get(e.type).convocation for e in session.documents)


def _order(kind: str) -> int:
    return doctypes.get(kind).rank or 0
