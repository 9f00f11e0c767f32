"""Benchmark: sealing hồ sơ, from records to a verified BagIt bag.

    .venv/bin/python bench/archive.py [--runs N]

1. One hồ sơ (the demo session UBND-AK-2026-01: 12 documents, 20 sheets, one office PDF through
   Ghostscript), built in this process after a warm-up: median of N runs, with the time of each step.
   Building one hồ sơ, hoso renders half its documents in a forked helper, as `hoso archive RECORD` does.
2. The same as a fresh `hoso archive RECORD` command, start-up and imports included.
3. The whole demo archive with `hoso archive --all examples/` (6 hồ sơ, both cores): the first build,
   then a rebuild with nothing changed. CPU time over wall time shows how many cores were busy.

Targets (issue 4): one hồ sơ ≤ 1.5 s; an unchanged rebuild of the demo archive ≤ 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.archive import build as builder  # noqa: E402
from pipeline.archive.fingerprint import fingerprint  # noqa: E402
from pipeline.archive.plan import BuildPlan  # noqa: E402
from pipeline.record import load  # noqa: E402

SESSION = "UBND-AK-2026-01"
HOSO = [sys.executable, "-m", "pipeline"]


def timed_command(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the command and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, cwd=REPO, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    records = load([REPO / "examples"]).records
    session = next(s for s in records.sessions if s.id == SESSION)
    digest = fingerprint(records, session)

    def build_once() -> builder.Built:
        work = Path(tempfile.mkdtemp(prefix="hoso-bench-"))
        return builder.build(
            records, session, BuildPlan(session.id, 1, None, digest, work, helper=True), dt.datetime.now().astimezone()
        )

    build_once()  # warm-up: imports, fonts, stylesheets
    walls, builds = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        builds.append(build_once())
        walls.append(time.perf_counter() - start)
    median = statistics.median(walls)
    typical = builds[walls.index(sorted(walls)[len(walls) // 2])]
    size = f"{typical.documents} documents, {typical.sheets} sheets, {typical.pages} PDF pages"
    print(f"one hồ sơ ({SESSION}: {size}), in process, 2 cores:")
    print(f"  median of {args.runs}: {median:.2f} s   (min {min(walls):.2f}, max {max(walls):.2f})   target ≤ 1.5 s")
    for step, seconds in typical.timings:
        print(f"    {step:<52} {seconds:6.3f} s")

    with tempfile.TemporaryDirectory() as root:
        record = REPO / "examples/ubnd-xa-an-khanh/2026-03-12-doi-thoai-dot-xuat-trai-heo-thach-bich"
        wall, cpu = timed_command(HOSO + ["archive", str(record), "--archive", root])
        command = "one hồ sơ as a fresh `hoso archive RECORD` command (start-up, imports)"
        print(f"{command}: {wall:.2f} s wall, {cpu:.2f} s CPU")

    with tempfile.TemporaryDirectory() as root:
        wall, cpu = timed_command(HOSO + ["archive", "--all", "examples", "--archive", root])
        print(
            f"demo archive, first build (6 hồ sơ, `--all`): {wall:.2f} s wall, {cpu:.2f} s CPU "
            f"({cpu / wall:.2f} cores busy on average; {os.cpu_count()} cores)"
        )
        rebuilds = [
            timed_command(HOSO + ["archive", "--all", "examples", "--archive", root])[0] for _ in range(args.runs)
        ]
        print(
            f"demo archive, rebuild with nothing changed: median {statistics.median(rebuilds):.2f} s wall "
            f"(min {min(rebuilds):.2f}, max {max(rebuilds):.2f})   target ≤ 1 s"
        )
        wall, _ = timed_command(HOSO + ["verify", "--archive", root])
        print(f"hoso verify of the demo archive: {wall:.2f} s wall")


if __name__ == "__main__":
    main()
