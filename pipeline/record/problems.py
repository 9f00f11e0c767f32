"""A problem found in a record: what clerks read, one line each.

Format: ``file:line:col: field.path: message`` (the compiler convention, so editors can jump to it).
"""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``('kien_nghi', 2, 'noi_dung')`` -> ``kien_nghi[3].noi_dung``.

    List positions are counted from 1, as a clerk counts ("kiến nghị thứ 3").
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "-"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.field}: {self.message}"


class RecordError(Exception):
    """Raised when a file cannot be read as a record at all; carries the one problem found."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
