"""A problem found in a record: what clerks read, one line each.

Format: ``file:line:col: field.path: message`` (the compiler convention, so editors can jump to it).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

Path = tuple[str | int, ...]

_PLAIN_KEY = re.compile(r"^[\w.-]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def display_path(path: os.PathLike | str) -> str:
    """A path as shown to the clerk: relative to the current folder when it lies under it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def one_line(text: str) -> str:
    """Control characters (a Tab or line break inside a quoted value) shown as escapes."""
    return _CONTROL.sub(lambda m: json.dumps(m.group())[1:-1], text)


def format_path(path: Path) -> str:
    """``('kien_nghi', 2, 'noi_dung')`` -> ``kien_nghi[3].noi_dung``.

    List positions are counted from 1, as a clerk counts ("kiến nghị thứ 3").
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            # A key with a space or a Tab in it is a real mistake; quote it so the line stays readable.
            shown = part if _PLAIN_KEY.match(part) else json.dumps(part, ensure_ascii=False)
            out += ("." if out else "") + shown
    return out or "-"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.field}: {one_line(self.message)}"


class RecordError(Exception):
    """Raised when a file cannot be read as a record at all; carries the one problem found."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
