"""The hoso command as a clerk uses it: exit codes, Vietnamese messages, the summary."""

import datetime as dt

from pipeline.followup.summary import summary as render_summary
from pipeline.record import load


def test_valid_unit(unit, hoso):
    result = hoso("validate", ".")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Hợp lệ: 3 tệp, không có lỗi.\n"


def test_one_file_is_checked_with_its_unit_as_context(unit, hoso):
    # The follow-up names a petition that lives in another file of the same unit.
    assert hoso("validate", "ket-qua.yaml").exit_code == 0
    (unit / "phien-01" / "buoi-doi-thoai.yaml").unlink()
    result = hoso("validate", "ket-qua.yaml")
    assert result.exit_code == 1
    assert (
        result.stdout == "ket-qua.yaml:4:16: cap_nhat[1].kien_nghi: không có kiến nghị nào mang mã 'THU-2025-01-01'\n"
    )


def test_problems_of_unasked_files_are_not_reported(unit, hoso):
    (unit / "phien-01" / "buoi-doi-thoai.yaml").write_text("a: [\n", encoding="utf-8")
    result = hoso("validate", "don-vi.yaml")
    assert result.exit_code == 0


def test_missing_path_is_a_usage_error(unit, hoso):
    result = hoso("validate", "khong-co")
    assert result.exit_code == 2
    assert result.stderr == "Lỗi cách dùng: không tìm thấy 'khong-co'\n"


def test_folder_without_records_is_a_usage_error(tmp_path, hoso):
    (tmp_path / "ghi-chu.txt").write_text("x", encoding="utf-8")
    result = hoso("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "không có tệp hồ sơ nào" in result.stderr


def test_no_argument_is_a_usage_error_in_vietnamese(hoso):
    result = hoso("validate")
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi cách dùng:")
    assert "Xem hướng dẫn: hoso validate --help" in result.stderr


def test_unknown_command(hoso):
    result = hoso("kiemtra")
    assert result.exit_code == 2
    assert result.stderr.startswith("Lỗi cách dùng:")


def test_help_is_vietnamese(hoso):
    result = hoso("validate", "--help")
    assert result.exit_code == 0
    assert "Kiểm tra các tệp hồ sơ" in result.stdout


def test_summary_refuses_invalid_records(unit, hoso):
    (unit / "ket-qua.yaml").write_text(
        (unit / "ket-qua.yaml").read_text(encoding="utf-8").replace("đã giải quyết", "xong"), encoding="utf-8"
    )
    result = hoso("summary", ".", "--as-of", "2025-12-01")
    assert result.exit_code == 1
    assert "cap_nhat[1].trang_thai" in result.stdout


def test_summary_bad_date_option(unit, hoso):
    result = hoso("summary", ".", "--as-of", "01/12/2025")
    assert result.exit_code == 2
    assert "không phải ngày dạng YYYY-MM-DD" in result.stderr


def test_summary_of_test_unit(unit, hoso):
    result = hoso("summary", ".", "--as-of", "2025-12-01")
    assert result.exit_code == 0
    out = result.stdout
    assert "ĐƠN VỊ (1)" in out
    assert "BUỔI TIẾP XÚC, ĐỐI THOẠI (1)" in out
    assert "25/09/2025  THU-2025-01" in out
    assert "KIẾN NGHỊ THEO LĨNH VỰC (2)" in out
    assert "     1  đã trả lời tại buổi" in out
    assert "     1  đã giải quyết" in out
    assert "trong đó quá hạn: 0" in out


def test_summary_of_examples_matches_independent_count(repo_examples):
    """Counts in the summary equal counts made here straight from the YAML."""
    import yaml

    as_of = dt.date(2026, 11, 21)
    records = load([repo_examples]).records
    out = render_summary(records, as_of)
    fields: dict[str, int] = {}
    petitions = 0
    for path in repo_examples.rglob("buoi-doi-thoai.yaml"):
        for p in yaml.safe_load(path.read_text(encoding="utf-8"))["kien_nghi"]:
            fields[p["linh_vuc"]] = fields.get(p["linh_vuc"], 0) + 1
            petitions += 1
    assert f"KIẾN NGHỊ THEO LĨNH VỰC ({petitions})" in out
    for name, n in fields.items():
        assert f"  {n:>4}  {name}\n" in out + "\n"


def test_render_writes_docx_and_pdf_of_every_document(unit, hoso):
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (unit / "ra").iterdir())
    # the test unit has no annual plan, so no 01; its record says it issued no 04 and no 06
    stems = ["02-giay-moi", "03-noi-quy", "05-bao-cao-du-luan", "07-thong-bao-ket-luan", "08-bien-ban"]
    assert written == sorted(f"{s}.{ext}" for s in stems for ext in ("docx", "pdf"))
    assert "Đã soạn 5 văn bản vào ra." in result.stderr
    assert "(đã ban hành)" in result.stdout and "(dự thảo)" not in result.stdout


def test_render_marks_drafts_and_refuses_unknown_facts(unit, hoso):
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    text = record.read_text(encoding="utf-8").replace("    ban_hanh: bản điện tử\n", "")
    record.write_text(text.replace('gio_bat_dau: "08:00"', "gio_bat_dau: không rõ"), encoding="utf-8")
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 0, result.output
    assert "không soạn 02-giay-moi: hồ sơ ghi không rõ giờ bắt đầu (gio_bat_dau)" in result.stderr
    assert "không soạn 08-bien-ban" in result.stderr and not (unit / "ra" / "08-bien-ban.pdf").exists()
    assert "NỘI QUY (dự thảo)" in result.stdout
    import pypdfium2

    pdf = pypdfium2.PdfDocument(unit / "ra" / "03-noi-quy.pdf")
    assert "DỰ THẢO" in pdf[0].get_textpage().get_text_range()
    pdf.close()
    signing = hoso("render", "phien-01", "--out", "ky", "--ban-ky")
    pdf = pypdfium2.PdfDocument(unit / "ky" / "03-noi-quy.pdf")
    assert signing.exit_code == 0 and "DỰ THẢO" not in pdf[0].get_textpage().get_text_range()
    pdf.close()


def test_render_refuses_an_invalid_record(unit, hoso):
    path = unit / "phien-01" / "buoi-doi-thoai.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ngay: 2025-09-25", "ngay: 25/9/2025"), encoding="utf-8")
    result = hoso("render", str(path))
    assert result.exit_code == 1
    assert "hãy viết lại là 2025-09-25" in result.stdout
    assert not (unit / "van-ban").exists()


def test_render_needs_a_session_record(unit, hoso):
    result = hoso("render", "don-vi.yaml")
    assert result.exit_code == 2
    assert "không phải tệp buổi tiếp xúc, đối thoại" in result.stderr
