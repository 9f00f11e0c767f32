"""The README's generated blocks (key tables, examples, --help) match the code and data."""

import subprocess
import sys

from conftest import REPO


def test_readme_generated_blocks_are_current():
    run = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=REPO, capture_output=True, text=True
    )
    assert run.returncode == 0, "README.md is stale: run .venv/bin/cog -r README.md\n" + run.stdout + run.stderr


def test_readme_names_the_two_commands_and_ci_calls_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "./scripts/demo" in readme and "./scripts/test" in readme
    assert "scripts/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
