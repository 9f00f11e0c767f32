"""Stage 5 — Follow-up: what became of each petition after its session.

A petition's status is never stored; it is derived from its follow-ups and its deadline as of a
given day, so "quá hạn" (overdue) can never be stale or typed by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..record.model import FollowUp, Petition, RecordSet

ANSWERED_AT_SESSION = "đã trả lời tại buổi"
NOT_STARTED = "chưa giải quyết"
IN_PROGRESS = "đang giải quyết"
# Statuses that end the unit's duty on a petition.
CLOSED = frozenset({ANSWERED_AT_SESSION, "đã giải quyết", "đã trả lời bằng văn bản", "chuyển cơ quan có thẩm quyền"})
ORDER = (
    ANSWERED_AT_SESSION,
    "đã giải quyết",
    "đã trả lời bằng văn bản",
    "chuyển cơ quan có thẩm quyền",
    IN_PROGRESS,
    NOT_STARTED,
)


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
    elif petition.answer.at_session and petition.deadline is None:
        status = ANSWERED_AT_SESSION
    else:
        status = NOT_STARTED
    closed_on = None
    if status in CLOSED:
        closed_on = next((f.date for f in updates if f.status in CLOSED), petition.session_date)
    overdue = petition.deadline is not None and status not in CLOSED and as_of > petition.deadline
    days = (as_of - petition.deadline).days if overdue else 0
    return PetitionStatus(status, overdue, days, closed_on, updates[-1] if updates else None)


def statuses(records: RecordSet, as_of: dt.date) -> dict[str, PetitionStatus]:
    """The status of every petition in ``records``, by petition id."""
    by_petition: dict[str, list[FollowUp]] = {}
    for f in records.followups:
        by_petition.setdefault(f.petition_id, []).append(f)
    return {p.id: petition_status(p, by_petition.get(p.id, []), as_of) for p in records.petitions()}
