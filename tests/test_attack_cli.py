"""The command at its edges: special files, output paths that cannot be written, numbers out of range,
characters no document can hold, a full or read-only disk. Each gives a clear Vietnamese message and exit 1
or 2: never exit 3 (a bug), never a hang (issue 11 §8, and their neighbours)."""

import errno
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_archive import DEMO_SPEECH

from pipeline.archive import store


def run_hoso(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """hoso as a separate process, killed after ``timeout`` seconds: a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# --- special files ---------------------------------------------------------------------------------------


def test_validate_on_a_fifo_does_not_hang(unit):
    fifo = unit / "ong.yaml"
    os.mkfifo(fifo)
    done = run_hoso("validate", str(fifo), cwd=unit, timeout=30)
    assert done.returncode == 1 and "đường ống (FIFO)" in done.stdout and "Lỗi nội bộ" not in done.stderr
    done = run_hoso("validate", str(unit), cwd=unit, timeout=30)  # the FIFO inside the unit's folder
    assert done.returncode == 1 and "ong.yaml:1:1: -: đây là một đường ống (FIFO)" in done.stdout


def test_special_files_in_a_folder_are_named(unit, hoso):
    os.mkfifo(unit / "ong.yaml")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(unit / "o-cam.yaml"))
    (unit / "thiet-bi.yaml").symlink_to("/dev/zero")
    (unit / "gay.yaml").symlink_to(unit / "khong-co.yaml")
    try:
        result = hoso("validate", ".")
    finally:
        listening.close()
    assert result.exit_code == 1
    assert "ong.yaml:1:1: -: đây là một đường ống (FIFO)" in result.stdout
    assert "o-cam.yaml:1:1: -: đây là một socket" in result.stdout
    assert "thiet-bi.yaml:1:1: -: đây là một thiết bị" in result.stdout
    assert "gay.yaml:1:1: -: không đọc được tệp (không tìm thấy tệp)" in result.stdout


@pytest.mark.parametrize("where", ["vong.yaml", "phien-01/vong.yaml"])
def test_a_symlink_loop_is_a_usage_error(unit, hoso, where):
    (unit / where).symlink_to(unit / where)
    for args in (("validate", "."), ("validate", where), ("validate", "phien-01/buoi-doi-thoai.yaml")):
        result = hoso(*args)
        assert result.exit_code == 2 and "trỏ vòng về chính nó" in result.stderr and "vong.yaml" in result.stderr


def test_validate_a_device(hoso, tmp_path):
    result = hoso("validate", "/dev/zero")
    assert result.exit_code == 1 and "đây là một thiết bị, không phải tệp hồ sơ" in result.stdout


# --- characters no document can hold ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "escape, code",
    [("\\uFFFE", "U+FFFE"), ("\\uFFFF", "U+FFFF"), ("\\uFDD0", "U+FDD0"), ("\\U0001FFFE", "U+1FFFE")],
)
def test_a_noncharacter_is_a_positioned_problem_and_render_never_sees_it(unit, hoso, escape, code):
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    lines = record.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "Đề nghị sửa đường liên thôn." in line)
    lines[number - 1] = lines[number - 1].replace("Đề nghị sửa đường liên thôn.", f'"Đề nghị {escape} sửa đường"')
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = hoso("validate", ".")
    assert result.exit_code == 1
    assert f"buoi-doi-thoai.yaml:{number}:" in result.stdout and "kien_nghi[2].noi_dung" in result.stdout
    assert code in result.stdout and "ký tự thứ 9 " in result.stdout
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 1 and code in result.stdout and not Path("ra").exists()


def test_a_lone_surrogate_is_named_in_vietnamese(unit, hoso):
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("Đề nghị sửa đường liên thôn.", '"Đề nghị \\ud800 sửa"'), encoding="utf-8")
    result = hoso("validate", ".")
    assert result.exit_code == 1 and "mã thoát \\u" in result.stdout and "found invalid" not in result.stdout


# --- output paths ----------------------------------------------------------------------------------------


def test_status_outputs_that_cannot_be_written(unit, hoso):
    (unit / "mot-tep").write_text("x", encoding="utf-8")
    (unit / "thu-muc").mkdir()
    cases = [
        (("--csv", "khong-co/so.csv"), "không có thư mục 'khong-co'"),
        (("--csv", "thu-muc"), "'thu-muc' là thư mục"),
        (("--csv", "mot-tep/so.csv"), "'mot-tep' không phải thư mục"),
        (("--pdf", "thu-muc"), "'thu-muc' là thư mục"),
        (("--pdf", "mot-tep/so.pdf"), "'mot-tep' không phải thư mục"),
        (("--pdf", "khong-co/so.pdf"), "không có thư mục 'khong-co'"),
    ]
    for args, words in cases:
        result = hoso("status", *args)
        assert result.exit_code == 2 and words in result.stderr, args
    os.mkfifo(unit / "ong.csv")
    result = hoso("status", "--csv", "ong.csv")  # writing into a FIFO nobody reads would hang
    assert result.exit_code == 2 and "không phải tệp thường" in result.stderr


def test_render_and_report_onto_a_file(unit, hoso):
    (unit / "mot-tep").write_text("x", encoding="utf-8")
    for args in (
        ("render", "phien-01", "--out", "mot-tep"),
        ("render", "phien-01", "--out", "mot-tep/con"),
        ("report", "--year", "2025", "--out", "mot-tep"),
        ("report", "--year", "2025", "--out", "mot-tep/con"),
    ):
        result = hoso(*args)
        assert result.exit_code == 2 and "'mot-tep" in result.stderr and "không phải thư mục" in result.stderr, args
    assert (unit / "mot-tep").read_text(encoding="utf-8") == "x"


def test_render_where_a_document_name_is_a_folder(unit, hoso):
    (unit / "ra" / "02-giay-moi.docx").mkdir(parents=True)
    result = hoso("render", "phien-01", "--out", "ra")
    assert result.exit_code == 2 and "Không ghi được văn bản" in result.stderr and "thư mục" in result.stderr


@pytest.mark.parametrize("year", ["99999", "-1", "0", "1899", "3000", "99999999999999999999"])
def test_years_out_of_range(unit, hoso, year):
    for command in (("report", "--year", year), ("status", "--year", year), ("search", "x", "--year", year)):
        result = hoso(*command)
        assert result.exit_code == 2 and "năm phải từ 1900 đến 2999" in result.stderr, command


def test_index_onto_a_folder_of_other_files(unit, hoso, tmp_path):
    (tmp_path / "kho").mkdir()
    other = tmp_path / "cua-toi"
    other.mkdir()
    (other / "bao-cao.txt").write_text("của tôi", encoding="utf-8")
    for command in ("index", "search"):
        result = hoso(command, "--archive", str(tmp_path / "kho"), "--index", str(other))
        assert result.exit_code == 2 and "không phải thư mục chỉ mục" in result.stderr, command
    assert [p.name for p in other.iterdir()] == ["bao-cao.txt"]


def test_search_page_out_of_range(hoso, tmp_path):
    (tmp_path / "kho").mkdir()
    result = hoso("search", "x", "--archive", str(tmp_path / "kho"), "--page", "99999999999999999999")
    assert result.exit_code == 2 and "nằm ngoài khoảng cho phép" in result.stderr


# --- a read-only or full disk ----------------------------------------------------------------------------


@pytest.fixture
def archivable(unit):
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    return unit


def test_archive_into_a_read_only_root(archivable, hoso, tmp_path, monkeypatch):
    root = tmp_path / "kho"
    original = Path.mkdir

    def refused(self, *args, **kwargs):
        if self.is_relative_to(root):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refused)  # as root, chmod cannot make a folder read-only
    result = hoso("archive", "phien-01", "--archive", str(root), "--jobs", "1")
    assert result.exit_code == 1 and "không có quyền ghi" in result.stderr and str(root) in result.stderr


def test_archive_onto_a_full_disk(archivable, hoso, tmp_path, monkeypatch):
    root = tmp_path / "kho"

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.root))

    with monkeypatch.context() as m:
        m.setattr(store.Archive, "publish", full)
        result = hoso("archive", "phien-01", "--archive", str(root), "--jobs", "1")
    assert result.exit_code == 1 and "ổ đĩa đã đầy" in result.stderr and "vẫn nguyên vẹn" in result.stderr
    assert not list(root.glob("ubnd-xa-thu/*/*/v1"))
    result = hoso("archive", "phien-01", "--archive", str(root), "--jobs", "1")  # once there is room again
    assert result.exit_code == 0 and list(root.glob("ubnd-xa-thu/*/*/v1"))
    assert not list((root / ".hoso" / "tam").iterdir())  # what the failed run left was cleaned up


def test_status_csv_onto_a_full_disk(unit, hoso, monkeypatch):
    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_text", full)
    result = hoso("status", "--csv", "so.csv")
    assert result.exit_code == 1 and "ổ đĩa đã đầy" in result.stderr


# --- values the command takes ----------------------------------------------------------------------------


def test_status_with_an_unknown_field_suggests_the_nearest(unit, hoso):
    result = hoso("status", "--field", "dat dau")
    assert result.exit_code == 2 and "không có lĩnh vực 'dat dau'; có phải 'đất đai'?" in result.stderr
    result = hoso("status", "--field", "xyzxyz")
    assert result.exit_code == 2 and "các lĩnh vực: đất đai" in result.stderr
    result = hoso("status", "--field", "Dat Dai", "--csv", "-")
    assert result.exit_code == 0 and "THU-2025-01-01" in result.stdout and "THU-2025-01-02" not in result.stdout


def test_new_before_the_last_session_is_refused(unit, hoso):
    result = hoso("new", ".", "--date", "2025-01-01")
    assert result.exit_code == 2 and "trước buổi gần nhất của đơn vị (THU-2025-01, ngày 25/09/2025)" in result.stderr
    assert not list(unit.glob("2025-01-01-*"))
    assert hoso("new", ".", "--date", "2025-12-01").exit_code == 0


@pytest.mark.parametrize("topic", ["a\x01b", "a\ufffeb", "x" * 5000, "dòng một\ndòng hai"])
def test_new_with_a_topic_the_record_cannot_hold(unit, hoso, topic):
    result = hoso("new", ".", "--date", "2025-12-01", "--topic", topic)
    assert result.exit_code == 2 and "--topic" in result.stderr
    assert not list(unit.glob("2025-12-01-*"))


def test_archive_wait_must_be_a_number(unit, hoso):
    result = hoso("archive", "phien-01", "--wait", "nan")
    assert result.exit_code == 2 and "phải là một số giây" in result.stderr


def test_click_usage_errors_are_in_vietnamese(unit, hoso):
    for args, words in (
        (("status", "--year", "abc"), "'abc' không phải số nguyên"),
        (("archive", "--jobs", "0", "."), "nằm ngoài khoảng cho phép"),
        (("status", "--khong-co"), "không có tùy chọn --khong-co"),
        (("search", "--sort", "ngau-nhien"), "không phải một trong"),
        (("report",), "thiếu tùy chọn --year"),
    ):
        result = hoso(*args)
        assert result.exit_code == 2 and words in result.stderr, (args, result.stderr)
        assert "Invalid value" not in result.stderr and "No such" not in result.stderr


@pytest.mark.parametrize("kind", ["loop", "fifo"])
def test_an_attachment_that_is_a_symlink_loop_or_a_fifo_is_a_problem_not_a_crash(unit, hoso, kind):

    target = unit / "phien-01" / "bai-phat-bieu.pdf"
    target.unlink()
    if kind == "loop":
        os.symlink(target.name, target)  # points at itself
    else:
        os.mkfifo(target)
    result = hoso("validate", ".")
    assert result.exit_code == 1
    assert ("liên kết vòng" if kind == "loop" else "không phải tệp thường") in result.stdout
