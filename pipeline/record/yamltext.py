"""Writing record text into a clerk's own file (`hoso followup` appends to it as text, keeping the layout).

Values are written so that any text survives: a double-quoted scalar (JSON's string syntax is one in
YAML 1.2) or, for long or multi-line text, a literal block that stays readable in a text editor.
"""

from __future__ import annotations

import json


def scalar(value: str) -> str:
    """A YAML 1.2 double-quoted scalar, whatever ``value`` holds."""
    return json.dumps(value, ensure_ascii=False)


def text(value: str, indent: str) -> str:
    """What follows ``key:`` for free text: ``"..."`` when short, else a ``|-`` block indented under ``indent``."""
    lines = value.strip("\n").split("\n")
    if (len(value) < 80 and len(lines) == 1) or lines[0][:1].isspace() or any(ch in value for ch in "\t\r\ufeff"):
        return " " + scalar(value)
    return " |-\n" + "\n".join(f"{indent}  {line}".rstrip() for line in lines)
