"""Two `hoso archive` runs at once, and a search during them: the second run waits, the index is updated
by one run at a time, and search works after each round (it used to break for good: issue 11 §5)."""

import shutil
import subprocess
import sys
import time

from conftest import REPO
from test_archive import DEMO_SPEECH

ROUNDS = 20
BAD = ("Traceback", "panicked", "Lỗi nội bộ", "RUST_BACKTRACE")


def hoso(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_archive_runs_50_ms_apart_twenty_times(tmp_path):
    unit, root = tmp_path / "don-vi", tmp_path / "kho"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    record = unit / "phien-01" / "buoi-doi-thoai.yaml"
    original = record.read_text(encoding="utf-8")
    assert (
        hoso("archive", "--all", str(unit), "--archive", str(root)).wait(timeout=300) == 0
    )  # searches need an archive
    for round_ in range(ROUNDS):
        if round_ % 4 == 0:  # a changed record: both runs have a hồ sơ to seal (the second finds it sealed)
            record.write_text(original.replace("Đối thoại về đất đai", f"Đối thoại lần {round_} về đất đai"), "utf-8")
        first = hoso("archive", "--all", str(unit), "--archive", str(root))
        time.sleep(0.05)
        second = hoso("archive", "--all", str(unit), "--archive", str(root))
        searching = hoso("search", "giấy chứng nhận", "--archive", str(root), "--json")
        for proc in (first, second, searching):
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, f"round {round_}: {proc.args[3:5]} exit {proc.returncode}\n{err}"
            assert not any(bad in out + err for bad in BAD), f"round {round_}:\n{err}"
        after = hoso("search", "đất đai", "--archive", str(root), "--json")
        out, err = after.communicate(timeout=120)
        assert after.returncode == 0 and '"total"' in out, err
    verify = hoso("verify", "--archive", str(root))
    out, err = verify.communicate(timeout=120)
    assert verify.returncode == 0, out + err
