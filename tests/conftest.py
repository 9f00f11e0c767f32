import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

TESTS = Path(__file__).parent
REPO = TESTS.parent
BASE_UNIT = TESTS / "data" / "unit"


@pytest.fixture
def unit(tmp_path, monkeypatch) -> Path:
    """A copy of the small valid unit in tests/data/unit, as the working directory."""
    target = tmp_path / "unit"
    shutil.copytree(BASE_UNIT, target)
    monkeypatch.chdir(target)
    return target


@pytest.fixture
def hoso():
    """Run the hoso command in-process; returns click's Result (stdout and stderr apart)."""
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(cli, list(args), prog_name="hoso", catch_exceptions=False)
        assert "Traceback" not in result.output
        assert "Lỗi nội bộ" not in result.output
        return result

    return run


@pytest.fixture
def repo_examples() -> Path:
    return REPO / "examples"
