"""Accounts of the workspace (issue 16, step 2): `hoso user add|remove|passwd|list`, Argon2 hashes only,
roles and their rights, a damaged file never overwritten, two changes at once both kept."""

import json
import os
import stat
import threading

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.web import accounts

PASSWORD = "mat-khau-du-dai"


def user(path, *args, password: str | None = None):
    runner = CliRunner()
    extra = ["--password-stdin"] if password is not None and args[0] in ("add", "passwd") else []
    result = runner.invoke(
        cli, ["user", *args, "--accounts", str(path), *extra], input=f"{password}\n" if password else None
    )
    assert "Traceback" not in result.output and "Lỗi nội bộ" not in result.output, result.output
    return result


def test_add_list_passwd_remove(tmp_path):
    path = tmp_path / "tai-khoan.json"
    r = user(path, "add", "vanthu.ak", "--role", "van-thu", "--unit", "ubnd-xa-an-khanh", password=PASSWORD)
    assert r.exit_code == 0 and "văn thư" in r.output and "ubnd-xa-an-khanh" in r.output
    assert user(path, "add", "chutich", "--role", "lanh-dao", password=PASSWORD).exit_code == 0
    listed = user(path, "list").output
    assert "vanthu.ak" in listed and "chutich" in listed and "lãnh đạo" in listed
    # only the hash is kept, never the password; the file is readable by its owner only
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "$argon2id$" in text and "$argon2id$" not in listed
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert accounts.authenticate(path, "vanthu.ak", PASSWORD).edits("ubnd-xa-an-khanh")
    assert user(path, "passwd", "vanthu.ak", password="mot-mat-khau-moi").exit_code == 0
    assert accounts.authenticate(path, "vanthu.ak", PASSWORD) is None
    assert accounts.authenticate(path, "vanthu.ak", "mot-mat-khau-moi") is not None
    assert user(path, "remove", "vanthu.ak").exit_code == 0
    assert set(accounts.load(path)) == {"chutich"}


def test_the_password_is_asked_twice_without_echo(tmp_path):
    path = tmp_path / "tai-khoan.json"
    result = CliRunner().invoke(
        cli, ["user", "add", "tracuu", "--role", "tra-cuu", "--accounts", str(path)], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output and "Nhập lại mật khẩu" in result.output
    mismatch = CliRunner().invoke(
        cli, ["user", "add", "khac", "--role", "tra-cuu", "--accounts", str(path)], input=f"{PASSWORD}\nkhac-han\n"
    )
    assert "khac" not in accounts.load(path)
    assert mismatch.exit_code != 0


@pytest.mark.parametrize(
    "args, password, message",
    [
        (("add", "Văn Thư", "--role", "tra-cuu"), PASSWORD, "không hợp lệ"),
        (("add", "vt", "--role", "van-thu"), PASSWORD, "ít nhất một đơn vị"),
        (("add", "ld", "--role", "lanh-dao", "--unit", "x"), PASSWORD, "không nhận --unit"),
        (("add", "ngan", "--role", "tra-cuu"), "ngan", "ít nhất 10 ký tự"),
        (("remove", "khong-co"), None, "Không có tài khoản"),
        (("passwd", "khong-co"), PASSWORD, "Không có tài khoản"),
    ],
)
def test_wrong_requests_say_what_is_wrong_and_change_nothing(tmp_path, args, password, message):
    path = tmp_path / "tai-khoan.json"
    user(path, "add", "co-san", "--role", "tra-cuu", password=PASSWORD)
    before = path.read_bytes()
    result = user(path, *args, password=password)
    assert result.exit_code == 1 and message in result.output
    assert path.read_bytes() == before


def test_an_existing_name_is_refused(tmp_path):
    path = tmp_path / "tai-khoan.json"
    user(path, "add", "vt", "--role", "tra-cuu", password=PASSWORD)
    again = user(path, "add", "vt", "--role", "lanh-dao", password=PASSWORD)
    assert again.exit_code == 1 and "Đã có tài khoản" in again.output
    assert accounts.load(path)["vt"].role == "tra-cuu"


def test_a_damaged_file_is_reported_and_never_overwritten(tmp_path):
    path = tmp_path / "tai-khoan.json"
    for damaged in ("{không phải json", json.dumps({"format": "khac"}), json.dumps([1, 2])):
        path.write_text(damaged, encoding="utf-8")
        result = user(path, "add", "moi", "--role", "tra-cuu", password=PASSWORD)
        assert result.exit_code == 1 and "bị hỏng" in result.output
        assert path.read_text(encoding="utf-8") == damaged


def test_wrong_name_or_password_signs_nobody_in(tmp_path):
    path = tmp_path / "tai-khoan.json"
    accounts.add(path, "ld", "lanh-dao", PASSWORD)
    assert accounts.authenticate(path, "ld", PASSWORD + "x") is None
    assert accounts.authenticate(path, "khong-co", PASSWORD) is None
    assert accounts.authenticate(tmp_path / "chua-co.json", "ld", PASSWORD) is None
    signed = accounts.authenticate(path, "ld", PASSWORD)
    assert signed.reads_restricted and signed.reads_personal and not signed.edits("ubnd-xa-an-khanh")


def test_rights_follow_the_role(tmp_path):
    path = tmp_path / "tai-khoan.json"
    vt = accounts.add(path, "vt", "van-thu", PASSWORD, ["ubnd-xa-an-khanh"])
    tc = accounts.add(path, "tc", "tra-cuu", PASSWORD)
    assert vt.edits("ubnd-xa-an-khanh") and not vt.edits("dang-uy-xa-an-khanh")
    assert not vt.reads_personal and not vt.reads_restricted
    assert not tc.edits("ubnd-xa-an-khanh") and not tc.reads_personal and not tc.reads_restricted


def test_two_changes_at_once_are_both_kept(tmp_path):
    path = tmp_path / "tai-khoan.json"
    names = [f"tk{i}" for i in range(6)]
    threads = [threading.Thread(target=accounts.add, args=(path, n, "tra-cuu", PASSWORD)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(accounts.load(path)) == set(names)
