"""A petition's status is derived from its follow-ups and deadline, never typed by hand."""

import datetime as dt
from pathlib import Path

import pytest

from pipeline.record import status as followup
from pipeline.record.model import Answer, FollowUp, Petition

D = dt.date
DEADLINE = D(2025, 10, 25)


def petition(answer="xin tiếp thu", deadline=DEADLINE):
    return Petition(
        id="KN-1",
        session_id="S-1",
        unit="u",
        raised_by="Ông A",
        address=None,
        field="đất đai",
        content="…",
        answer=Answer(answer),
        agency="Phòng Kinh tế",
        deadline=deadline,
        session_date=D(2025, 9, 25),
    )


def update(day, status):
    return FollowUp("KN-1", "u", day, status, None, None, Path("ket-qua.yaml"))


@pytest.mark.parametrize(
    "answer, deadline, updates, as_of, status, overdue, days",
    [
        ("trả lời tại buổi", None, [], D(2026, 1, 1), "đã trả lời tại buổi", False, 0),
        # answered at the session but with work promised by a deadline: open until reported done
        ("trả lời tại buổi", D(2025, 11, 30), [], D(2025, 12, 2), "chưa giải quyết", True, 2),
        ("xin tiếp thu", D(2025, 10, 25), [], D(2025, 10, 25), "chưa giải quyết", False, 0),
        ("xin tiếp thu", D(2025, 10, 25), [], D(2025, 10, 26), "chưa giải quyết", True, 1),
        (
            "xin tiếp thu",
            D(2025, 10, 25),
            [(D(2025, 10, 1), "đang giải quyết")],
            D(2025, 11, 4),
            "đang giải quyết",
            True,
            10,
        ),
        (
            "xin tiếp thu",
            D(2025, 10, 25),
            [(D(2025, 10, 1), "đang giải quyết"), (D(2025, 10, 20), "đã giải quyết")],
            D(2026, 1, 1),
            "đã giải quyết",
            False,
            0,
        ),
        # a follow-up dated after as_of is not known yet
        (
            "xin tiếp thu",
            D(2025, 10, 25),
            [(D(2025, 12, 1), "đã giải quyết")],
            D(2025, 11, 1),
            "chưa giải quyết",
            True,
            7,
        ),
        (
            "xin tiếp thu",
            D(2025, 10, 25),
            [(D(2025, 10, 2), "chuyển cơ quan có thẩm quyền")],
            D(2026, 1, 1),
            "chuyển cơ quan có thẩm quyền",
            False,
            0,
        ),
    ],
)
def test_status(answer, deadline, updates, as_of, status, overdue, days):
    result = followup.petition_status(petition(answer, deadline), [update(d, s) for d, s in updates], as_of)
    assert (result.status, result.overdue, result.days_overdue) == (status, overdue, days)


def test_closed_on_is_the_first_closing_update():
    updates = [
        update(D(2025, 10, 1), "đang giải quyết"),
        update(D(2025, 11, 3), "đã trả lời bằng văn bản"),
        update(D(2025, 12, 1), "đã giải quyết"),
    ]
    result = followup.petition_status(petition(), updates, D(2026, 1, 1))
    assert result.closed and result.closed_on == D(2025, 11, 3)
