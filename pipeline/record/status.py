"""A petition's status (trạng thái giải quyết kiến nghị), derived from the records as of a day.

A status is never stored; it is derived from the petition's follow-ups and its deadline as of a given
day, so "quá hạn" (overdue) can never be stale or typed by hand. The documents (report 06), the
register, the annual report, the index and the web pages all call ``petition_status``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..text import fold, nearest
from .model import FollowUp, Petition, RecordSet, Unknown

ANSWERED_AT_SESSION = "đã trả lời tại buổi"
RESOLVED = "đã giải quyết"
ANSWERED_IN_WRITING = "đã trả lời bằng văn bản"
TRANSFERRED = "chuyển cơ quan có thẩm quyền"
IN_PROGRESS = "đang giải quyết"
NOT_STARTED = "chưa giải quyết"
# A petition of a past session whose answer or deadline nobody wrote down, with no follow-up since.
UNKNOWN_RESULT = "không rõ kết quả"
# Statuses that end the unit's duty on a petition.
CLOSED = frozenset({ANSWERED_AT_SESSION, RESOLVED, ANSWERED_IN_WRITING, TRANSFERRED})
# What a follow-up (kết quả giải quyết) may record; the schema's trang_thai takes its list from here.
RECORDABLE = (IN_PROGRESS, RESOLVED, ANSWERED_IN_WRITING, TRANSFERRED)
# Every status a petition can have, in the order reports list them.
ORDER = (ANSWERED_AT_SESSION, RESOLVED, ANSWERED_IN_WRITING, TRANSFERRED, IN_PROGRESS, NOT_STARTED, UNKNOWN_RESULT)


@dataclass(frozen=True)
class PetitionStatus:
    status: str
    overdue: bool  # quá hạn: deadline passed and not closed
    days_overdue: int
    closed_on: dt.date | None  # the day the status became closed, if it is
    last_update: FollowUp | None

    @property
    def closed(self) -> bool:
        return self.status in CLOSED


def petition_status(petition: Petition, followups: list[FollowUp], as_of: dt.date) -> PetitionStatus:
    """The status of ``petition`` on ``as_of``; follow-ups dated later are not yet known then."""
    updates = sorted((f for f in followups if f.date <= as_of), key=lambda f: f.date)
    if updates:
        status = updates[-1].status
    elif not petition.answer.known or isinstance(petition.deadline, Unknown):
        status = UNKNOWN_RESULT
    elif petition.answer.at_session and petition.deadline is None:
        status = ANSWERED_AT_SESSION
    else:
        status = NOT_STARTED
    closed_on = None
    if status in CLOSED:
        closed_on = next((f.date for f in updates if f.status in CLOSED), petition.session_date)
    days = days_overdue(petition.due, status in CLOSED, as_of)  # an unknown deadline is never passed
    return PetitionStatus(status, days > 0, days, closed_on, updates[-1] if updates else None)


def days_overdue(deadline: dt.date | None, closed: bool, as_of: dt.date) -> int:
    """Days past its deadline of a petition not yet closed on ``as_of`` (0: not overdue)."""
    if deadline is None or closed or as_of <= deadline:
        return 0
    return (as_of - deadline).days


def statuses(records: RecordSet, as_of: dt.date) -> dict[str, PetitionStatus]:
    """The status of every petition in ``records``, by petition id."""
    by_petition: dict[str, list[FollowUp]] = {}
    for f in records.followups:
        by_petition.setdefault(f.petition_id, []).append(f)
    return {p.id: petition_status(p, by_petition.get(p.id, []), as_of) for p in records.petitions()}


class StatusError(ValueError):
    """A status typed that is not one; the message (Vietnamese) says what to type."""


def match_status(typed: str, recordable_only: bool = False) -> str:
    """The status a person typed, with or without diacritics ("da giai quyet" -> "đã giải quyết"): one a
    follow-up may record, or with ``recordable_only`` False any status a petition can have."""
    if fold(typed) == "qua han":
        hint = "hãy ghi trạng thái thực tế" if recordable_only else "dùng --overdue"
        raise StatusError(f"không ghi 'quá hạn': hoso tự tính quá hạn từ hạn giải quyết; {hint}")
    choices = list(RECORDABLE if recordable_only else ORDER)
    match = nearest(typed, choices, cutoff=0.8)
    if match is None:
        raise StatusError(f"'{typed}' không phải trạng thái; chọn một trong: {', '.join(choices)}")
    return match
