"""The texts an office may change are data (templates/van-ban/, a unit's mau-van-ban/), and a new format
profile is a file in templates/profiles/, not a code change."""

import shutil

import pytest

from pipeline import profile
from pipeline.documents import TemplateProblem, compose_session
from pipeline.documents.texts import TEXT_DIR
from pipeline.record import load, schema


def composed(unit, stem):
    records = load([unit]).records
    return next(d for d in compose_session(records, records.sessions[0]) if d.stem == stem)


def words(document):
    return " ".join(getattr(b, "text", "") for b in document.body)


def test_the_default_texts_come_from_templates(unit):
    rules = composed(unit, "03-noi-quy")
    assert "05 phút" in words(rules)  # article 3 of templates/van-ban/noi-quy.yaml
    assert (TEXT_DIR / "noi-quy.yaml").is_file() and (TEXT_DIR / "cau-van.yaml").is_file()


def test_a_unit_may_have_its_own_rules_and_sentences(unit):
    own = unit / "mau-van-ban"
    own.mkdir()
    (own / "noi-quy.yaml").write_text(
        "dieu:\n  - Đại biểu đến trước giờ khai mạc 15 phút.\n  - Mỗi ý kiến không quá 03 phút.\n", encoding="utf-8"
    )
    (own / "cau-van.yaml").write_text(
        "trieu_tap_ket: Rất mong các đồng chí thu xếp thời gian đến dự đúng giờ.\n", encoding="utf-8"
    )
    rules = composed(unit, "03-noi-quy")
    assert [b.text for b in rules.body] == [
        "1. Đại biểu đến trước giờ khai mạc 15 phút.",
        "2. Mỗi ý kiến không quá 03 phút./.",  # the profile's end mark
    ]
    invitation = words(composed(unit, "02-giay-moi"))
    assert "Rất mong các đồng chí thu xếp thời gian" in invitation
    assert "trân trọng kính mời" in invitation  # the sentences the unit did not replace stay hoso's


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("cau-van.yaml", "moi_mo_dau: '{ten_xa} kính mời:'\n", "chỗ {ten_xa} không có"),
        ("cau-van.yaml", "cau_moi: Một câu mới.\n", "không có câu 'cau_moi'"),
        ("noi-quy.yaml", "dieu: Mọi người giữ trật tự.\n", "phải là danh sách"),
        ("noi-quy.yaml", "dieu:\n  - [mở ngoặc\n", "noi-quy.yaml:"),
        ("chuong-trinh.yaml", "muc:\n  - nguoi_thuc_hien: Chủ tịch\n", "mỗi mục phải có noi_dung"),
    ],
)
def test_a_broken_text_file_names_the_file_and_what_is_wrong(unit, file, text, expected):
    (unit / "mau-van-ban").mkdir()
    (unit / "mau-van-ban" / file).write_text(text, encoding="utf-8")
    records = load([unit]).records
    if file == "chuong-trinh.yaml":  # the default programme is used only when the record has none
        assert not records.sessions[0].program
    with pytest.raises(TemplateProblem) as e:
        compose_session(records, records.sessions[0])
    assert expected in str(e.value) and file in str(e.value)


def test_a_placeholder_is_only_ever_a_name(unit):
    """Nothing in a text is evaluated: attribute access or format specs stay the literal text."""
    (unit / "mau-van-ban").mkdir()
    hostile = 'moi_mo_dau: "{co_quan.__class__.__init__.__globals__} {co_quan!r:>99} {0} kính mời:"\n'
    (unit / "mau-van-ban" / "cau-van.yaml").write_text(hostile, encoding="utf-8")
    first = composed(unit, "02-giay-moi").body[0].text
    assert first == "{co_quan.__class__.__init__.__globals__} {co_quan!r:>99} {0} kính mời:"


def test_render_reports_a_broken_text_as_a_template_problem(unit, hoso):
    (unit / "mau-van-ban").mkdir()
    (unit / "mau-van-ban" / "cau-van.yaml").write_text("moi_mo_dau: '{xyz}'\n", encoding="utf-8")
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 1 and "Lỗi mẫu văn bản" in result.stderr and "{xyz}" in result.stderr


@pytest.fixture
def new_profile(tmp_path, monkeypatch):
    """A copy of the Party profile saved as a new rule set HD99 (as the Party's 2026 guidance would be)."""
    from pipeline.documents import docx_template

    folder = tmp_path / "profiles"
    shutil.copytree(profile.PROFILE_DIR, folder)
    text = (folder / "HD36.yaml").read_text(encoding="utf-8").replace("id: HD36", "id: HD99")
    (folder / "HD99.yaml").write_text(text.replace("ten: Hướng dẫn 36-HD/VPTW", "ten: Hướng dẫn 99"), encoding="utf-8")
    monkeypatch.setattr(profile, "PROFILE_DIR", folder)
    docx_dir = tmp_path / "docx"
    shutil.copytree(docx_template.DOCX_DIR, docx_dir)
    monkeypatch.setattr(docx_template, "DOCX_DIR", docx_dir)
    monkeypatch.setattr("pipeline.documents.docx.DOCX_DIR", docx_dir)
    for cached in (profile.load_profile, schema.load_schema, schema._registry, schema._validator):
        cached.cache_clear()
    docx_template.main(["HD99"])  # the Word template of the new rule set, as README says to make it
    yield "HD99"
    for cached in (profile.load_profile, schema.load_schema, schema._registry, schema._validator):
        cached.cache_clear()


def test_a_new_profile_is_a_file(unit, hoso, new_profile):
    unit_file = unit / "don-vi.yaml"
    party = unit_file.read_text(encoding="utf-8").replace("khoi: Nhà nước", "khoi: Đảng").replace("ND30", new_profile)
    unit_file.write_text(party.replace("ky_hieu: UBND", "ky_hieu: ĐU"), encoding="utf-8")
    assert hoso("validate", ".").exit_code == 0
    rendered = hoso("render", "phien-01", "--out", "ra")
    assert rendered.exit_code == 0, rendered.output
    assert (unit / "ra" / "02-giay-moi.pdf").is_file() and (unit / "ra" / "02-giay-moi.docx").is_file()
    assert profile.for_kind("Đảng") == ["HD36", "HD99"]

    state = party.replace("khoi: Đảng", "khoi: Nhà nước")
    unit_file.write_text(state, encoding="utf-8")
    refused = hoso("validate", ".")
    assert refused.exit_code == 1
    assert "đơn vị khối Nhà nước dùng thể thức ND30, không phải HD99" in refused.stdout
