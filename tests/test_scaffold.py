"""`hoso new`'s scaffold: valid as written, every ĐIỀN mark where it says, any text kept as typed, the
documents the registry prepares."""

import dataclasses
import datetime as dt
import re
import shutil

import pytest
from conftest import REPO

from pipeline import doctypes, record
from pipeline.followup import scaffold
from pipeline.record import source

AS_OF = dt.date(2026, 11, 30)
DAY = dt.date(2026, 12, 20)  # the demo units' plans for 2026 are used up: the next session needs a date
UNITS = ("ubnd-xa-an-khanh", "dang-uy-xa-an-khanh")
COMMENTED_KEYS = ("# so_ky_hieu_ho_so:", "# bao_cao_du_luan: |", "# ket_luan: |")


@pytest.fixture(scope="module")
def records():
    return record.load([REPO / "examples"]).records


def data(prepared: scaffold.Scaffold) -> dict:
    """The scaffold as hoso reads it (YAML 1.2, dates and times kept as text)."""
    return source.read(prepared.path, text=prepared.text).data


def assert_valid(unit_folder, prepared: scaffold.Scaffold) -> None:
    """As `hoso new` checks it before writing: the unit's records with the new file are valid."""
    result = record.load([unit_folder], overrides={prepared.path: prepared.text})
    assert result.problems == [], result.problems


def assert_marks_point_at_fill_lines(prepared: scaffold.Scaffold) -> None:
    lines = prepared.text.splitlines()
    assert len(prepared.marks) >= 8
    assert all(scaffold.MARK in lines[n - 1] and what for n, what in prepared.marks)
    assert len(prepared.marks) == sum(scaffold.MARK in line for line in lines)


@pytest.mark.parametrize("code", UNITS)
def test_scaffold_of_each_demo_unit_is_valid_with_its_marks_in_place(records, code):
    unit = records.units[code]
    prepared = scaffold.build(records, unit, AS_OF, DAY)
    assert_valid(unit.path.parent, prepared)
    assert_marks_point_at_fill_lines(prepared)
    lines = prepared.text.splitlines()
    read = data(prepared)
    for commented in COMMENTED_KEYS:  # keys the clerk writes later stay comments, marked
        line = next(line for line in lines if line.startswith(commented))
        assert scaffold.MARK in line and commented[2:].split(":")[0] not in read
    assert read["ma"] == prepared.session_id and read["ngay"] == "2026-12-20"
    assert re.search(r'(?m)^gio_bat_dau: "\d\d:\d\d" ', prepared.text)  # times always quoted
    assert all(re.fullmatch(r'    gio: "\d\d:\d\d"', line) for line in lines if line.strip().startswith("gio:"))
    assert "\\u" not in prepared.text and "Ủy ban MTTQ Việt Nam xã An Khánh" in prepared.text  # UTF-8, not escapes
    assert read["kien_nghi_chuyen_tiep"] == list(prepared.carried_over)


def test_no_date_and_no_planned_session_left(records):
    with pytest.raises(scaffold.ScaffoldProblem, match="--date"):
        scaffold.build(records, records.units["ubnd-xa-an-khanh"], AS_OF)


def test_the_documents_are_the_registrys_prepared_types(records):
    prepared = scaffold.build(records, records.units["ubnd-xa-an-khanh"], AS_OF, DAY)
    documents = data(prepared)["van_ban"]
    assert [d["loai"] for d in documents] == [t.name for t in doctypes.TYPES if t.prepared]
    assert all(d["trich_yeu"] for d in documents)
    subjects = {d["loai"]: d["trich_yeu"] for d in documents}
    assert subjects["biên bản"] == "Biên bản buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ngày 20/12/2026"
    assert subjects["báo cáo kết quả giải quyết kiến nghị"].endswith("ngày 29/9/2026")  # the last session's


def test_planned_session_from_the_plan(tmp_path):
    """Before the UBND's session of 29/9/2026 was held, the plan gives its date, topic and place."""
    unit_folder = tmp_path / "ubnd-xa-an-khanh"
    shutil.copytree(REPO / "examples" / "ubnd-xa-an-khanh", unit_folder)
    shutil.rmtree(unit_folder / "2026-09-29-doi-thoai-dinh-ky")
    (unit_folder / "ket-qua" / "2026-11.yaml").unlink()  # follow-ups on that session's petitions
    records = record.load([unit_folder]).records
    prepared = scaffold.build(records, records.units["ubnd-xa-an-khanh"], dt.date(2026, 6, 1))
    assert_valid(unit_folder, prepared)
    assert_marks_point_at_fill_lines(prepared)
    read = data(prepared)
    assert (prepared.session_id, read["ngay"], read["dia_diem"]) == (
        "UBND-AK-2026-02",
        "2026-09-29",
        "Hội trường UBND xã An Khánh",
    )
    assert read["chu_de"].startswith("Đối thoại về cải cách thủ tục hành chính")
    marked = {what for _, what in prepared.marks}
    assert "ngày dự kiến trong kế hoạch" in marked and "chủ đề" not in marked and "địa điểm" not in marked
    assert "# thành phần dự kiến trong kế hoạch: Thường trực Đảng ủy" in prepared.text
    assert prepared.folder.name == "2026-09-29-dinh-ky"


def test_first_session_of_a_unit(tmp_path):
    """No session yet: the chair is the unit's default signer, and nothing is carried over."""
    unit_folder = tmp_path / "dang-uy-xa-an-khanh"
    shutil.copytree(REPO / "examples" / "dang-uy-xa-an-khanh", unit_folder)
    for folder in [*unit_folder.glob("20*-doi-thoai-*"), unit_folder / "ket-qua"]:
        shutil.rmtree(folder)
    records = record.load([unit_folder]).records
    unit = records.units["dang-uy-xa-an-khanh"]
    prepared = scaffold.build(records, unit, dt.date(2025, 1, 5))
    assert_valid(unit_folder, prepared)
    read = data(prepared)
    signer = unit.signer_on(None, prepared.day)
    assert read["chu_tri"] == [{"ho_ten": signer.name, "chuc_vu": signer.title.capitalize()}]
    assert prepared.carried_over == () and "kien_nghi_chuyen_tiep" not in read
    assert read["gio_bat_dau"] == "08:00" and prepared.session_id.endswith("-2025-01")


SPECIAL = [
    "Chủ đề: đất đai # năm 2026",
    "* Ghi chú đầu dòng",
    'Ông "Tư" nói: "đường hỏng"',
    "Dòng một\nDòng hai",
    "Ý kiến 😀 về rác thải 🗑️",
    "#hashtag",
    "- gạch đầu dòng",
    "& Cộng sự",
    "! chú ý",
    "@xã",
    "'nháy đơn'",
    "[a, b]",
    "{a: b}",
    "|",
    "> trích",
    "%",
    "cột\tcột",
    " khoảng trắng ",
    "kết thúc bằng:",
    "yes",
    "null",
    "~",
    "true",
    "123",
    "1.5",
    "1.",
    "0x1F",
    ".inf",
    "08:00",
    "2026-12-20",
]


@pytest.mark.parametrize("value", SPECIAL)
def test_any_text_survives(records, value):
    """A value with YAML's special characters reads back as the same text, and Vietnamese stays readable."""
    unit = records.units["ubnd-xa-an-khanh"]
    last = [s for s in records.sessions if s.unit == unit.code][-1]
    changed = dataclasses.replace(
        last,
        location=value,
        creator=value,
        chairs=(dataclasses.replace(last.chairs[0], name=value, title=value),),
        co_organisers=(value,),
        delegates=(value, "Đại biểu"),
        program=(dataclasses.replace(last.program[0], text=value, by=value),),
    )
    sessions = [changed if s is last else s for s in records.sessions]
    prepared = scaffold.build(dataclasses.replace(records, sessions=sessions), unit, AS_OF, DAY, topic=value)
    read = data(prepared)
    assert read["chu_de"] == read["dia_diem"] == read["nguoi_lap_ho_so"] == value
    assert read["chu_tri"] == [{"ho_ten": value, "chuc_vu": value}]
    assert read["phoi_hop"] == [value] and read["dai_bieu_moi"] == [value, "Đại biểu"]
    assert read["chuong_trinh"][0]["noi_dung"] == read["chuong_trinh"][0]["nguoi_thuc_hien"] == value
    assert "\\u" not in prepared.text and "\\U" not in prepared.text
    assert_marks_point_at_fill_lines(prepared)
