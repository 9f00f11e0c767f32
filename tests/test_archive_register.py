"""The archive's register (sổ đăng ký): whole versions deleted, added, swapped or rewritten are caught.

The small test unit is sealed twice (v1, then v2 after its topic changed) once per module; each test
damages a copy of that archive and runs `hoso verify` on it.
"""

import hashlib
import os
import re
import shutil
import socket
import stat
import subprocess
from pathlib import Path

import bagit
import pytest
from conftest import REPO
from test_archive import DEMO_SPEECH

from pipeline import archive
from pipeline.archive import register
from pipeline.archive.store import Archive
from pipeline.record import load

REGISTER = "so-dang-ky.txt"
INTACT = "Nguyên vẹn"


def set_topic(unit: Path, topic: str) -> None:
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"(?m)^chu_de: .*$", f"chu_de: {topic}", text), encoding="utf-8")


def seal(unit: Path, root: Path) -> list[archive.Outcome]:
    records = load([unit]).records
    return archive.archive(records, records.sessions, root)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    """(the small unit, an archive holding its v1 and v2), made once; tests copy it."""
    base = tmp_path_factory.mktemp("so-dang-ky")
    unit = base / "don-vi"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    root = base / "kho"
    assert [o.status for o in seal(unit, root)] == [archive.NEW]
    set_topic(unit, "Đối thoại về đất đai và môi trường")
    assert [o.status for o in seal(unit, root)] == [archive.NEW_VERSION]
    return unit, root


@pytest.fixture
def kho(sealed, tmp_path) -> Path:
    """A copy of the sealed archive, free to damage."""
    root = tmp_path / "kho"
    shutil.copytree(sealed[1], root, symlinks=True)
    return root


def folder_of(root: Path) -> Path:
    (folder,) = root.glob("ubnd-xa-thu/2025/*")
    return folder


def verify(hoso, root: Path, *path: Path):
    return hoso("verify", *(str(p) for p in path), "--archive", str(root))


def damaged(result, *expected: str) -> None:
    """`hoso verify` found problems, and each expected message is in one of its lines."""
    assert result.exit_code == 1, result.output
    assert INTACT not in result.stderr
    lines = result.stdout.splitlines()
    for text in expected:
        assert any(text in line for line in lines), (text, lines)


# --- the register itself -----------------------------------------------------------------------


def test_an_untouched_archive_is_intact_and_registered(kho, hoso):
    lines = (kho / REGISTER).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    folder = folder_of(kho).relative_to(kho).as_posix()
    previous = "0" * 64
    for number, line in enumerate(lines, 1):
        seq, time, path, session, digest, chained = line.split(" ")
        assert (seq, path, session, chained) == (str(number), f"{folder}/v{number}", "THU-2025-01", previous)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", time)
        tagmanifest = (kho / path / "tagmanifest-sha256.txt").read_bytes()
        assert digest == hashlib.sha256(tagmanifest).hexdigest()
        previous = hashlib.sha256((line + "\n").encode()).hexdigest()
    result = verify(hoso, kho)
    assert result.exit_code == 0 and result.stdout == "" and INTACT in result.stderr
    assert previous in result.stderr  # the last line's digest, to note down elsewhere
    # a subfolder, a hồ sơ folder and one version are checked against their own lines
    for path in (kho / "ubnd-xa-thu", folder_of(kho), folder_of(kho) / "v1"):
        assert verify(hoso, kho, path).exit_code == 0


def test_deleting_the_latest_version(kho, hoso):
    shutil.rmtree(folder_of(kho) / "v2")
    damaged(verify(hoso, kho), f"{folder_of(kho)}/v2: lần đóng đã ghi trong sổ đăng ký bị xóa (sổ đăng ký, dòng 2)")
    damaged(verify(hoso, kho, folder_of(kho)), "v2: lần đóng đã ghi trong sổ đăng ký bị xóa")


def test_deleting_v1(kho, hoso):
    shutil.rmtree(folder_of(kho) / "v1")
    result = verify(hoso, kho)
    damaged(result, f"{folder_of(kho)}/v1: lần đóng đã ghi trong sổ đăng ký bị xóa (sổ đăng ký, dòng 1)")
    assert len(result.stdout.splitlines()) == 1


def test_deleting_every_version_is_a_finding_not_a_usage_error(kho, hoso):
    shutil.rmtree(kho / "ubnd-xa-thu" / "2025")
    result = verify(hoso, kho)
    damaged(result, "v1: lần đóng đã ghi trong sổ đăng ký bị xóa", "v2: lần đóng đã ghi trong sổ đăng ký bị xóa")


def test_swapping_v1_and_v2(kho, hoso):
    folder = folder_of(kho)
    os.rename(folder / "v1", folder / "tam")
    os.rename(folder / "v2", folder / "v1")
    os.rename(folder / "tam", folder / "v2")
    rel = folder.relative_to(kho).as_posix()
    result = verify(hoso, kho)
    damaged(
        result,
        f"{folder}/v1: bị đổi chỗ với một lần đóng khác (nội dung là của {rel}/v2, sổ đăng ký dòng 2)",
        f"{folder}/v2: bị đổi chỗ với một lần đóng khác (nội dung là của {rel}/v1, sổ đăng ký dòng 1)",
    )
    damaged(verify(hoso, kho, folder / "v1"), "v1: bị đổi chỗ với một lần đóng khác")


def test_a_version_added_beside_the_registered_ones(kho, hoso):
    folder = folder_of(kho)
    shutil.copytree(folder / "v2", folder / "v3")
    result = verify(hoso, kho)
    damaged(result, f"{folder}/v3: lần đóng không có trong sổ đăng ký (được thêm vào)")
    assert len(result.stdout.splitlines()) == 1


def test_a_payload_file_replaced_by_a_symlink_to_an_identical_copy(kho, hoso, tmp_path):
    target = folder_of(kho) / "v1" / "data" / "ho-so.json"
    copy = tmp_path / "ban-sao.json"
    shutil.copyfile(target, copy)
    target.unlink()
    target.symlink_to(copy)
    damaged(verify(hoso, kho), f"{target}: là liên kết (symlink), không phải tệp thật")


def test_an_empty_folder_added_under_data(kho, hoso):
    empty = folder_of(kho) / "v2" / "data" / "van-ban" / "rong"
    empty.mkdir()
    damaged(verify(hoso, kho), f"{empty}: thư mục rỗng được thêm vào")


def test_a_fifo_added_under_data(kho, hoso):
    fifo = folder_of(kho) / "v1" / "data" / "ong"
    os.mkfifo(fifo)
    damaged(verify(hoso, kho), f"{fifo}: là ống dẫn (FIFO), không phải tệp")


def test_a_socket_added_under_data(kho, hoso, monkeypatch):
    data = folder_of(kho) / "v1" / "data"
    monkeypatch.chdir(data)  # a Unix socket's path must be short: bind it by its relative name
    with socket.socket(socket.AF_UNIX) as s:
        s.bind("o-cam")
    damaged(verify(hoso, kho), f"{data / 'o-cam'}: là socket, không phải tệp")


def test_a_device_file_added_under_data(kho, hoso):
    device = folder_of(kho) / "v2" / "data" / "thiet-bi"
    try:
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers
    except PermissionError:
        pytest.skip("making a device file needs root")
    damaged(verify(hoso, kho), f"{device}: là tệp thiết bị, không phải tệp")


def rewrite(bag: Path) -> None:
    """Change a payload file and recompute everything that covers it, so that the bag alone verifies."""
    source = bag / "data" / "nguon" / "buoi-doi-thoai.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("đất đai", "đất rừng"), encoding="utf-8")
    files = sorted(p for p in (bag / "data").rglob("*") if p.is_file())
    names = [p.relative_to(bag).as_posix() for p in files]
    sums = [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
    sizes = [p.stat().st_size for p in files]
    (bag / "manifest-sha256.txt").write_text("".join(f"{s}  {n}\n" for s, n in zip(sums, names, strict=True)))
    (bag / "payload-sizes.txt").write_text("".join(f"{s}  {n}\n" for s, n in zip(sizes, names, strict=True)))
    info = bag / "bag-info.txt"
    info.write_text(
        re.sub(r"(?m)^Payload-Oxum: .*$", f"Payload-Oxum: {sum(sizes)}.{len(files)}", info.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    tags = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "payload-sizes.txt")
    (bag / "tagmanifest-sha256.txt").write_text(
        "".join(f"{hashlib.sha256((bag / t).read_bytes()).hexdigest()}  {t}\n" for t in tags)
    )


def test_a_bag_rewritten_consistently(kho, hoso):
    bag = folder_of(kho) / "v1"
    rewrite(bag)
    bagit.Bag(str(bag)).validate()  # the bag alone is self-consistent
    assert verify(hoso, kho, bag).stdout.count("\n") == 1
    damaged(
        verify(hoso, kho),
        f"{bag}: bị viết lại (mã của tagmanifest-sha256.txt khác sổ đăng ký) (sổ đăng ký, dòng 1)",
    )


def test_a_register_line_edited(kho, hoso):
    path = kho / REGISTER
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[0].split(" ")
    fields[1] = "2020-01-01T00:00:00+07:00"  # only the time: the bags still match their lines
    lines[0] = " ".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    result = verify(hoso, kho)
    damaged(result, f"{path}: có dòng bị sửa (mã ghi ở dòng 2 không khớp với dòng 1)")
    assert len(result.stdout.splitlines()) == 1


def test_a_register_line_removed(kho, hoso):
    path = kho / REGISTER
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[1], encoding="utf-8")
    damaged(
        verify(hoso, kho),
        f"{path}: có dòng bị xóa (dòng đầu là dòng số 2)",
        f"{folder_of(kho)}/v1: lần đóng không có trong sổ đăng ký (được thêm vào)",
    )


def test_the_last_register_line_removed(kho, hoso):
    path = kho / REGISTER
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0], encoding="utf-8")
    damaged(verify(hoso, kho), f"{folder_of(kho)}/v2: lần đóng không có trong sổ đăng ký (được thêm vào)")


def test_a_line_appended_to_the_register_that_no_bag_matches(kho, hoso):
    path = kho / REGISTER
    last = path.read_text(encoding="utf-8").splitlines()[-1]
    rel = folder_of(kho).relative_to(kho).as_posix()
    chained = hashlib.sha256((last + "\n").encode()).hexdigest()
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"3 2026-01-01T00:00:00+07:00 {rel}/v3 THU-2025-01 {'a' * 64} {chained}\n")
    damaged(verify(hoso, kho), f"{folder_of(kho)}/v3: lần đóng đã ghi trong sổ đăng ký bị xóa (sổ đăng ký, dòng 3)")


def test_a_malformed_register_line(kho, hoso):
    path = kho / REGISTER
    path.write_text(path.read_text(encoding="utf-8") + "không phải một dòng\n", encoding="utf-8")
    damaged(verify(hoso, kho), f"{path}: dòng không đúng dạng (dòng 3)")


# --- archives without a register, crashes between publishing and registering --------------------


def test_an_archive_made_before_the_register(kho, hoso, sealed):
    unit, _ = sealed
    (kho / REGISTER).unlink()
    (kho / ".hoso" / "so-dang-ky-da-lap").unlink()
    before = verify(hoso, kho)
    assert before.exit_code == 0 and INTACT in before.stderr
    assert "chưa có sổ đăng ký" in before.stderr and "chưa kiểm được" in before.stderr

    first = hoso("archive", str(unit / "phien-01"), "--archive", str(kho))
    assert first.exit_code == 0 and first.stdout.startswith("không đổi")
    assert "đã lập sổ đăng ký" in first.stderr and "2 lần đóng" in first.stderr
    assert len((kho / REGISTER).read_text(encoding="utf-8").splitlines()) == 2
    again = hoso("archive", str(unit / "phien-01"), "--archive", str(kho))
    assert "sổ đăng ký" not in again.stderr  # said once
    after = verify(hoso, kho)
    assert after.exit_code == 0 and INTACT in after.stderr and "chưa có sổ đăng ký" not in after.stderr


def test_a_deleted_register_is_not_started_again(kho, hoso, sealed):
    unit, _ = sealed
    (kho / REGISTER).unlink()
    damaged(verify(hoso, kho), f"{kho / REGISTER}: sổ đăng ký bị xóa")
    set_topic(unit, "Đối thoại lần ba")
    try:
        result = hoso("archive", str(unit / "phien-01"), "--archive", str(kho))
    finally:
        set_topic(unit, "Đối thoại về đất đai và môi trường")
    assert result.exit_code == 1 and result.stdout.startswith("lỗi") and "sổ đăng ký" in result.stdout.lower()
    assert "bị mất" in result.stderr  # said before anything is built, too
    assert not (folder_of(kho) / "v3").exists() and not (kho / REGISTER).exists()


def test_a_bag_copied_out_of_the_archive_is_checked_file_by_file(kho, hoso, tmp_path):
    copy = tmp_path / "ban-sao" / "v1"
    shutil.copytree(folder_of(kho) / "v1", copy)
    result = hoso("verify", str(copy))
    assert result.exit_code == 0 and result.stdout == "" and INTACT in result.stderr
    assert "không tìm thấy sổ đăng ký" in result.stderr.lower()


def publish_v3_killed_before_registering(unit: Path, root: Path, monkeypatch) -> Path:
    """Seal v3, but die (as a SIGKILL would) after the rename, before the register line is appended."""

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    set_topic(unit, "Đối thoại lần ba")
    try:
        with monkeypatch.context() as m:
            m.setattr(register.Register, "commit", killed)
            with pytest.raises(KeyboardInterrupt):
                seal(unit, root)
    finally:
        set_topic(unit, "Đối thoại về đất đai và môi trường")
    return folder_of(root) / "v3"


def test_a_run_killed_after_publishing_is_completed_from_the_journal(kho, hoso, sealed, monkeypatch):
    unit, _ = sealed
    v3 = publish_v3_killed_before_registering(unit, kho, monkeypatch)
    assert v3.is_dir() and len((kho / REGISTER).read_text(encoding="utf-8").splitlines()) == 2
    pending = verify(hoso, kho)  # published, not yet registered: the journal says so
    assert pending.exit_code == 0 and "chờ ghi vào sổ đăng ký" in pending.stderr
    with Archive(kho).lock():
        Archive(kho).clean_leftovers()
    lines = (kho / REGISTER).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and lines[2].split(" ")[2].endswith("/v3")
    assert not (kho / ".hoso" / "so-dang-ky-cho.txt").exists()
    assert verify(hoso, kho).exit_code == 0


def test_a_journal_entry_whose_bag_changed_is_discarded(kho, hoso, sealed, monkeypatch):
    unit, _ = sealed
    v3 = publish_v3_killed_before_registering(unit, kho, monkeypatch)
    rewrite(v3)  # not the bag the journal announced
    assert verify(hoso, kho).exit_code == 1
    with Archive(kho).lock():
        Archive(kho).clean_leftovers()
    assert len((kho / REGISTER).read_text(encoding="utf-8").splitlines()) == 2
    damaged(verify(hoso, kho), f"{v3}: lần đóng không có trong sổ đăng ký (được thêm vào)")


def test_a_journal_entry_whose_bag_never_arrived_is_discarded(kho, hoso, sealed, monkeypatch):
    unit, _ = sealed
    v3 = publish_v3_killed_before_registering(unit, kho, monkeypatch)
    shutil.rmtree(v3)  # as if the run had died before the rename
    with Archive(kho).lock():
        Archive(kho).clean_leftovers()
    assert len((kho / REGISTER).read_text(encoding="utf-8").splitlines()) == 2
    assert not (kho / ".hoso" / "so-dang-ky-cho.txt").exists()
    assert verify(hoso, kho).exit_code == 0


def test_a_run_killed_after_appending_only_drops_the_journal(kho, hoso, sealed, monkeypatch):
    unit, _ = sealed
    publish_v3_killed_before_registering(unit, kho, monkeypatch)
    line = (kho / ".hoso" / "so-dang-ky-cho.txt").read_text(encoding="utf-8")
    with open(kho / REGISTER, "a", encoding="utf-8") as f:
        f.write(line)  # the line appended, then the run killed before it dropped the journal
    assert (kho / ".hoso" / "so-dang-ky-cho.txt").exists()
    assert len((kho / REGISTER).read_text(encoding="utf-8").splitlines()) == 3
    with Archive(kho).lock():
        Archive(kho).clean_leftovers()
    assert len((kho / REGISTER).read_text(encoding="utf-8").splitlines()) == 3  # not twice
    assert not (kho / ".hoso" / "so-dang-ky-cho.txt").exists()
    assert verify(hoso, kho).exit_code == 0


def test_an_append_cut_short_is_completed(kho, hoso, sealed, monkeypatch):
    unit, _ = sealed
    publish_v3_killed_before_registering(unit, kho, monkeypatch)
    line = (kho / ".hoso" / "so-dang-ky-cho.txt").read_text(encoding="utf-8")
    with open(kho / REGISTER, "a", encoding="utf-8") as f:
        f.write(line[:100])  # power lost in the middle of the append
    assert verify(hoso, kho).exit_code == 0  # a run is (or was) appending: not a damaged register
    with Archive(kho).lock():
        Archive(kho).clean_leftovers()
    assert (kho / REGISTER).read_text(encoding="utf-8").splitlines()[2] + "\n" == line
    assert verify(hoso, kho).exit_code == 0


# --- the shell recipe of archive/README.md ------------------------------------------------------


def recipe() -> str:
    text = (REPO / "archive" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Sổ đăng ký", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def run_recipe(root: Path) -> subprocess.CompletedProcess:
    script = recipe().replace("cd archive", f"cd '{root}'", 1)
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)


def test_the_readme_recipe_checks_the_register_without_hoso(kho):
    assert "cd archive" in recipe()
    ok = run_recipe(kho)
    assert ok.returncode == 0 and "sai khác" not in ok.stdout, ok.stdout + ok.stderr

    edited = kho / REGISTER
    lines = edited.read_text(encoding="utf-8").splitlines(keepends=True)
    edited.write_text(lines[0].replace("T", "T0", 1)[:-1] + "\n" + lines[1], encoding="utf-8")
    chain = run_recipe(kho)
    assert chain.returncode != 0 and "dòng 2" in chain.stdout, chain.stdout + chain.stderr


def test_the_readme_recipe_catches_a_consistent_rewrite_and_a_swap(kho, tmp_path):
    rewritten = kho
    rewrite(folder_of(rewritten) / "v2")
    result = run_recipe(rewritten)
    assert result.returncode != 0 and "/v2" in result.stdout, result.stdout + result.stderr

    swapped = tmp_path / "kho-doi-cho"
    shutil.copytree(kho, swapped)
    shutil.rmtree(folder_of(swapped) / "v2")
    folder = folder_of(swapped)
    os.rename(folder / "v1", folder / "v2")
    result = run_recipe(swapped)
    assert result.returncode != 0 and "/v1" in result.stdout and "/v2" in result.stdout, result.stdout
