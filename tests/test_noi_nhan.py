"""Nơi nhận ends with exactly one "Lưu" line, in the profile's form, whether or not the record gives its own
(issue 14, defect 3: "- Lưu VT, KT; / - Lưu: VT." printed twice)."""

from pathlib import Path

import pypdfium2
import pytest

from pipeline.documents import compose_session, render_session
from pipeline.documents.compose import _archive_line
from pipeline.profile import load_profile
from pipeline.record import load

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.mark.parametrize(
    ("profile", "given", "line"),
    [
        ("ND30", ("UBND xã", "Lưu VT, KT"), "Lưu: VT, KT."),
        ("ND30", ("- Lưu: VT, KT.",), "Lưu: VT, KT."),
        ("ND30", ("luu vt",), "Lưu: vt."),
        ("ND30", ("Lưu",), None),  # nothing to add to the profile's line
        ("HD36", ("Lưu Văn phòng Đảng ủy",), "Lưu Văn phòng Đảng ủy."),
        ("HD36", ("Lưu: Văn phòng Đảng ủy.",), "Lưu Văn phòng Đảng ủy."),
        ("ND30", ("Ban Lưu trữ huyện",), None),  # a recipient whose name holds the word is not the line
    ],
)
def test_the_records_line_in_the_profiles_form(profile, given, line):
    assert _archive_line(given, load_profile(profile)) == line


def test_every_demo_document_has_one_archive_line(tmp_path):
    records = load([EXAMPLES]).records
    session = next(s for s in records.sessions if s.id == "UBND-AK-2026-01")  # its record gives "Lưu VT, KT"
    composed = {d.stem: d for d in compose_session(records, session)}
    given = [d for d in composed.values() if d.archive_line]
    assert given and all(not any(r.startswith("Lưu") for r in d.recipients) for d in composed.values())
    for rendered in render_session(records, session, tmp_path):
        if not rendered.document.recipients:
            continue
        pdf = pypdfium2.PdfDocument(rendered.pdf)
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        assert text.count("- Lưu") == 1, (rendered.document.stem, text[-400:])
        expected = rendered.document.archive_line or rendered.document.profile.archive_line
        assert f"- {expected}" in " ".join(text.split())
