"""The README's generated blocks (key tables, examples, --help) match the code and data."""

import subprocess
import sys

from conftest import REPO


def test_readme_generated_blocks_are_current():
    for readme in ("README.md", "archive/README.md"):
        run = subprocess.run(
            [sys.executable, "-m", "cogapp", "--check", readme], cwd=REPO, capture_output=True, text=True
        )
        assert run.returncode == 0, f"{readme} is stale: run .venv/bin/cog -r {readme}\n" + run.stdout + run.stderr


def test_readme_names_the_two_commands_and_ci_calls_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "./scripts/demo" in readme and "./scripts/test" in readme
    assert "scripts/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
