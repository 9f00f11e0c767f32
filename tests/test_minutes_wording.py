"""The biên bản's answers read as a văn thư writes them, whatever the clerk typed (issue 14, defect 4)."""

import datetime as dt

import pytest

from pipeline.documents.compose import accepted_answer
from pipeline.formatting import UNKNOWN
from pipeline.record.model import Answer, Petition


def petition(text: str | None, deadline=dt.date(2026, 10, 31), agency: str | None = "Phòng Kinh tế xã") -> Petition:
    base = Petition(
        id="X-01",
        session_id="X",
        session_date=dt.date(2026, 9, 29),
        unit="u",
        raised_by="Ông A",
        address=None,
        field="đất đai",
        content="Đề nghị sửa đường.",
        answer=Answer("xin tiếp thu", "Chủ tịch UBND xã", text),
        agency=agency,
        deadline=deadline,
    )
    return base


@pytest.mark.parametrize(
    "typed",
    [
        "Xin tiếp thu; giao Phòng Kinh tế khảo sát.",
        "Xin tiếp thu; giao Phòng Kinh tế khảo sát",
        "xin tiếp thu: giao Phòng Kinh tế khảo sát.",
        "Giao Phòng Kinh tế khảo sát.",
        "giao Phòng Kinh tế khảo sát;",
        "  Giao Phòng Kinh tế khảo sát  ",
    ],
)
def test_xin_tiep_thu_once_and_one_full_stop(typed):
    line = accepted_answer(petition(typed))
    assert line == (
        "Xin tiếp thu: Giao Phòng Kinh tế khảo sát. Giao Phòng Kinh tế xã trả lời bằng văn bản trước ngày 31/10/2026."
    )
    assert line.count("Xin tiếp thu") == 1 and ".." not in line


def test_no_answer_text_unknown_or_missing_deadline_and_no_agency():
    assert accepted_answer(petition(None)) == (
        "Xin tiếp thu. Giao Phòng Kinh tế xã trả lời bằng văn bản trước ngày 31/10/2026."
    )
    assert accepted_answer(petition("Xin tiếp thu.", deadline=UNKNOWN)) == (
        "Xin tiếp thu. Giao Phòng Kinh tế xã trả lời bằng văn bản."
    )
    assert accepted_answer(petition("Sẽ khảo sát?", deadline=None)).startswith("Xin tiếp thu: Sẽ khảo sát? Giao")
    assert accepted_answer(petition("Giao khảo sát", agency=None)) == "Xin tiếp thu: Giao khảo sát."
    assert accepted_answer(petition("Giao khảo sát", agency="không rõ")) == "Xin tiếp thu: Giao khảo sát."


def test_no_demo_minutes_repeat_or_double_their_full_stops():
    from pathlib import Path

    from pipeline.documents import compose_session
    from pipeline.record import load

    records = load([Path(__file__).parents[1] / "examples"]).records
    checked = 0
    for session in records.sessions:
        for document in compose_session(records, session):
            if document.doc_type != "biên bản":
                continue
            for block in document.body:
                text = getattr(block, "text", "")
                assert "Xin tiếp thu: Xin tiếp thu" not in text and ".." not in text.replace("…", ""), text
                checked += 1
    assert checked > 50
