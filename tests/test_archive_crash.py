"""A run killed with SIGKILL at any moment leaves the previous state or the complete new one."""

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from test_archive import DEMO_SPEECH

from pipeline.archive import bag
from pipeline.archive.store import Archive, sorted_versions, versions

SEED = 20261122
KILLS = 20


def make_unit(tmp_path: Path) -> Path:
    """The small test unit with two sessions, so that `--all` builds in two worker processes."""
    unit = tmp_path / "don-vi"
    shutil.copytree(REPO / "tests" / "data" / "unit", unit)
    shutil.copyfile(DEMO_SPEECH, unit / "phien-01" / "bai-phat-bieu.pdf")
    second = unit / "phien-02"
    shutil.copytree(unit / "phien-01", second)
    record = second / "buoi-doi-thoai.yaml"
    text = record.read_text(encoding="utf-8").replace("THU-2025-01", "THU-2025-02").replace("2025-09-25", "2025-11-20")
    for old, new in (("2025-09-15", "2025-11-10"), ("2025-10-25", "2025-12-20"), ("2025-09-30", "2025-11-25")):
        text = text.replace(old, new)
    record.write_text(text, encoding="utf-8")
    return unit


def set_topic(unit: Path, topic: str) -> None:
    for record in unit.glob("phien-*/buoi-doi-thoai.yaml"):
        text = record.read_text(encoding="utf-8")
        record.write_text(re.sub(r"(?m)^chu_de: .*$", f"chu_de: {topic}", text), encoding="utf-8")


def run(unit: Path, root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "archive",
            "--all",
            str(unit),
            "--archive",
            str(root),
            "--jobs",
            "2",
            "--wait",
            "30",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def processes_touching(root: Path) -> list[str]:
    """Command lines of live processes that name ``root`` (the archiver, its workers, Ghostscript)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if str(root) in cmdline and state != "Z":
            found.append(cmdline)
    return found


def assert_consistent(root: Path) -> None:
    """Every hồ sơ folder holds versions 1..n, each a complete bag that verifies."""
    for folder in (f for f in root.glob("*/*/*") if f.relative_to(root).parts[0] != ".hoso"):
        found = versions(folder)
        assert found == list(range(1, len(found) + 1)) and found, (folder, os.listdir(folder))
        assert sorted_versions(os.listdir(folder)) == [f"v{n}" for n in found]  # nothing half-made beside them
        assert len(os.listdir(folder)) == len(found)
    for b in Archive(root).bags(root):
        assert bag.verify(b) == [], b


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to look for orphaned workers")
def test_sigkill_at_random_moments(tmp_path):
    unit, root = make_unit(tmp_path), tmp_path / "kho"
    started = time.monotonic()
    first = run(unit, root)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    full_run = time.monotonic() - started
    assert_consistent(root)

    rng = random.Random(SEED)
    moments = []
    for i in range(KILLS):
        set_topic(unit, f"Đối thoại lần {i + 2} về đất đai")
        proc = run(unit, root)
        moment = rng.uniform(0.05, full_run * 1.1)
        moments.append(round(moment, 2))
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while processes_touching(root) and time.monotonic() < deadline:
            time.sleep(0.1)  # workers and converters die with their parent (parent-death signal)
        assert processes_touching(root) == [], f"kill {i} at {moment:.2f}s left processes behind"
        assert_consistent(root)

    set_topic(unit, "Đối thoại lần cuối về đất đai")
    final = run(unit, root)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err.decode()
    assert_consistent(root)
    assert list((root / ".hoso" / "tam").iterdir()) == []  # what the killed runs left was cleaned
    for folder in root.glob("ubnd-xa-thu/2025/*"):
        latest = folder / f"v{versions(folder)[-1]}"
        assert "lần cuối" in (latest / "data" / "nguon" / "buoi-doi-thoai.yaml").read_text(encoding="utf-8")
    verify = subprocess.run(
        [sys.executable, "-m", "pipeline", "verify", "--archive", str(root)], cwd=REPO, capture_output=True, text=True
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    print(f"full run {full_run:.2f}s; killed at {moments}")
