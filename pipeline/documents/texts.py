"""The fixed texts of the documents (nội quy, default programme, standard sentences), read from data.

hoso's own texts are in ``templates/van-ban/``; a unit may replace any of them with a file of the same
name in its ``mau-van-ban/`` folder (its nội quy follows its own quy chế). Those files are read with the
records' safe reader, and a text can only name the placeholders listed in ``cau-van.yaml``: nothing in
them is ever run or looked up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..record.problems import RecordError
from ..record.source import read
from .model import TemplateProblem

TEXT_DIR = Path(__file__).resolve().parents[2] / "templates" / "van-ban"
OVERRIDE_DIR = "mau-van-ban"  # in a unit's folder: its own templates and texts
HOUSE_RULES, PROGRAMME, SENTENCES = "noi-quy.yaml", "chuong-trinh.yaml", "cau-van.yaml"
_PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")


@dataclass(frozen=True)
class ProgrammeRow:
    text: str
    by: str  # người thực hiện, may hold {nguoi_chu_tri}


@dataclass(frozen=True)
class Texts:
    """The texts one unit's documents use."""

    house_rules: tuple[str, ...]  # the articles of the nội quy
    programme: tuple[ProgrammeRow, ...]  # the default chương trình
    sentences: dict[str, str]
    origin: dict[str, str]  # the file each text came from (by sentence key or file name), for error messages

    def say(self, key: str, **values: str) -> str:
        """The sentence ``key`` with its placeholders filled; an unknown placeholder is a TemplateProblem."""
        return fill(self.sentences[key], values, f"{self.origin.get(key, SENTENCES)}: {key}")


def fill(text: str, values: dict[str, str], where: str) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` (no attribute, index or format spec)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            allowed = ", ".join("{" + v + "}" for v in values) or "không có chỗ nào"
            raise TemplateProblem(f"{where}: chỗ {{{name}}} không có; ở câu này hoso điền được: {allowed}")
        return values[name]

    return _PLACEHOLDER.sub(value, text)


def _load(path: Path) -> dict[str, Any]:
    try:
        source = read(path, str(path))
    except RecordError as e:
        raise TemplateProblem(str(e.problem)) from None
    if source.problems:
        raise TemplateProblem(str(source.problems[0]))
    if not isinstance(source.data, dict):
        raise TemplateProblem(f"{path}: tệp phải gồm các dòng dạng 'khoa: giá trị'")
    return source.data


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise TemplateProblem(f"{where}: phải là danh sách, mỗi mục một dòng chữ bắt đầu bằng '- '")
    return tuple(" ".join(v.split()) for v in value)


def _programme(value: Any, where: str) -> tuple[ProgrammeRow, ...]:
    if not isinstance(value, list) or not value:
        raise TemplateProblem(f"{where}: phải là danh sách các mục có noi_dung")
    rows = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("noi_dung"), str):
            raise TemplateProblem(f"{where}: mỗi mục phải có noi_dung (và có thể có nguoi_thuc_hien)")
        by = item.get("nguoi_thuc_hien") or ""
        if not isinstance(by, str):
            raise TemplateProblem(f"{where}: nguoi_thuc_hien phải là một dòng chữ")
        rows.append(ProgrammeRow(" ".join(item["noi_dung"].split()), by))
    return tuple(rows)


def _find(name: str, unit_folder: Path | None) -> Path:
    if unit_folder is not None:
        own = unit_folder / OVERRIDE_DIR / name
        if own.is_file():
            return own
    return TEXT_DIR / name


@cache
def _texts(files: tuple[tuple[Path, int], ...]) -> Texts:
    (rules_path, _), (programme_path, _), (default_path, _), *own = files
    sentences = {k: " ".join(str(v).split()) for k, v in _load(default_path).items()}
    origin = dict.fromkeys(sentences, str(default_path))
    origin.update({HOUSE_RULES: str(rules_path), PROGRAMME: str(programme_path)})
    for path, _ in own:
        for key, text in _load(path).items():
            if key not in sentences:
                raise TemplateProblem(f"{path}: không có câu '{key}' trong {SENTENCES} của hoso; xem tên các khóa ở đó")
            if not isinstance(text, str) or not text.strip():
                raise TemplateProblem(f"{path}: {key}: phải là một câu chữ")
            sentences[key], origin[key] = " ".join(text.split()), str(path)
    return Texts(
        house_rules=_strings(_load(rules_path).get("dieu"), f"{rules_path}: dieu"),
        programme=_programme(_load(programme_path).get("muc"), f"{programme_path}: muc"),
        sentences=sentences,
        origin=origin,
    )


def texts_for(unit_folder: Path | None) -> Texts:
    """The texts of a unit's documents: hoso's own, with those the unit supplies in mau-van-ban/."""
    files = [_find(HOUSE_RULES, unit_folder), _find(PROGRAMME, unit_folder), TEXT_DIR / SENTENCES]
    own = unit_folder / OVERRIDE_DIR / SENTENCES if unit_folder is not None else None
    if own is not None and own.is_file():
        files.append(own)
    # Keyed by modification time too, so that a long-running process sees an office's edit.
    return _texts(tuple((f, f.stat().st_mtime_ns) for f in files))
