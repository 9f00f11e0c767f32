"""Every folder in tests/broken/ is one mistake a clerk really makes, laid over the valid unit in
tests/data/unit/. Its expected.txt holds the exact lines `hoso validate` must print; {hom_nay} stands
for today's date (dd/mm/yyyy), which some messages quote."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def test_there_are_at_least_30_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_broken_record(case, unit, hoso):
    shutil.copytree(BROKEN / case, unit, dirs_exist_ok=True)
    (unit / "expected.txt").unlink()
    today = dt.date.today().strftime("%d/%m/%Y")
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").replace("{hom_nay}", today).splitlines()
    assert expected, "a broken case must expect at least one problem"

    result = hoso("validate", ".")

    assert result.stdout.splitlines() == expected
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Có {len(expected)} lỗi")
