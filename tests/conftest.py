import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

TESTS = Path(__file__).parent
REPO = TESTS.parent
BASE_UNIT = TESTS / "data" / "unit"


@pytest.fixture(scope="session", autouse=True)
def shared_ocr_cache(tmp_path_factory):
    """One OCR cache for the whole run: the demo's scans are read once, however many archives the tests build
    (the cache itself is tested in test_ocr.py, with caches of its own)."""
    import os

    from pipeline.archive.store import OCR_CACHE_ENV

    os.environ[OCR_CACHE_ENV] = str(tmp_path_factory.mktemp("ocr-cache"))
    yield
    os.environ.pop(OCR_CACHE_ENV, None)


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


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory):
    """The demo data archived once for the whole run (both cores), as `hoso archive --all examples` does:
    (archive root, {session id: its sealed v1})."""
    from pipeline import archive
    from pipeline.record import load

    root = tmp_path_factory.mktemp("kho")
    records = load([REPO / "examples"]).records
    outcomes = archive.archive(records, records.sessions, root, jobs=2)
    assert [o.status for o in outcomes] == [archive.NEW] * len(records.sessions), [o.message for o in outcomes]
    return root, {o.session_id: o.path for o in outcomes}
