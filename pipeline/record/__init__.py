"""Stage 1 — Record: the YAML files clerks write, read safely, validated, and turned into dataclasses.

A unit's records live in one folder tree whose top holds ``don-vi.yaml``::

    xa-an-khanh/ubnd/
        don-vi.yaml                     the unit (đơn vị)
        ke-hoach-2025.yaml              annual plan (kế hoạch năm)
        2025-09-25-hoi-nghi/            one folder per session, with its attached files
            buoi-doi-thoai.yaml
            bai-phat-bieu-khai-mac.pdf
        ket-qua/2025-10.yaml            follow-ups (kết quả giải quyết)

Validating one file also reads the rest of its unit's tree, silently, for context: the unit's
signers and field list, the petitions a follow-up names, ids that must stay unique.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, model, schema
from .problems import Problem, RecordError, display_path, format_path
from .source import Source, read

__all__ = ["Problem", "Result", "UsageError", "load", "format_path", "UNIT_FILE"]

UNIT_FILE = "don-vi.yaml"
SUFFIXES = (".yaml", ".yml")
MAX_FILES = 20_000


class UsageError(Exception):
    """The command was given something that is not a record folder or file (exit code 2)."""


@dataclass
class Result:
    records: model.RecordSet
    problems: list[Problem]
    files: list[Path] = field(default_factory=list)  # the files that were asked for
    sources: dict[Path, Source] = field(default_factory=dict)  # the valid files read, by resolved path

    def source_of(self, path: Path) -> Source:
        """The read record at ``path`` (where its keys and values are, for messages that point at them)."""
        return self.sources[path.resolve()]

    @property
    def ok(self) -> bool:
        return not self.problems


_LOOP = "'{path}' là liên kết (symlink) trỏ vòng về chính nó; hãy xóa hoặc sửa liên kết này rồi chạy lại"


def _looping(path: Path) -> bool:
    """True for a symbolic link that leads back to itself (Python's resolve() raises on it)."""
    try:
        path.resolve()
        os.stat(path)
    except RuntimeError:  # pathlib: "Symlink loop from …"
        return True
    except OSError as e:
        return e.errno == errno.ELOOP
    return False


def _key(path: Path) -> Path:
    """The real path of ``path`` (a looping link, which find_files refuses, as it is written)."""
    try:
        return path.resolve()
    except RuntimeError:
        return path.absolute()


def find_files(paths: list[Path]) -> list[Path]:
    """The record files named by ``paths`` (files as given, folders searched for .yaml/.yml).

    In a folder, anything named like a record that is not a folder is listed, a FIFO, a socket, a device
    or a broken or looping link included: reading it then names what it is (without opening a FIFO)."""
    files: list[Path] = []
    for path in paths:
        if _looping(path):
            raise UsageError(_LOOP.format(path=path))
        if not path.exists():
            raise UsageError(f"không tìm thấy '{path}'")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and not p.is_dir()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise UsageError(f"thư mục '{path}' không có tệp hồ sơ nào (.yaml hoặc .yml)")
            files.extend(found)
        else:
            files.append(path)
        if len(files) > MAX_FILES:
            raise UsageError(f"quá nhiều tệp (hơn {MAX_FILES:,}); hãy kiểm tra từng thư mục đơn vị")
    loop = next((f for f in files if f.is_symlink() and _looping(f)), None)
    if loop is not None:
        raise UsageError(_LOOP.format(path=loop))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = _key(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def unit_root(file: Path) -> Path | None:
    """The nearest folder at or above ``file`` that holds a don-vi.yaml."""
    for folder in _key(file).parents:
        if (folder / UNIT_FILE).is_file():
            return folder
    return None


@contextmanager
def unit_lock(unit_folder: Path) -> Iterator[None]:
    """Two writers of a unit's records (clerks recording follow-ups, importing petitions) take turns:
    the lock is on don-vi.yaml, which is never changed."""
    fd = os.open(unit_folder / UNIT_FILE, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def replace_text(path: Path, text: str) -> None:
    """Write a record's new text atomically (a reader sees the old file or the new one), keeping the
    mode of the file it replaces."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    if path.exists():
        os.chmod(temporary, os.stat(path).st_mode & 0o7777)
    os.replace(temporary, path)


def load(paths: list[Path], overrides: dict[Path, str] | None = None) -> Result:
    """Read, validate and cross-check the records at ``paths``; build the dataclasses of the valid ones.

    ``overrides`` gives the text some files would have (new files included): a record can be checked
    in the context of its unit before it is written."""
    overrides = {_key(p): text for p, text in (overrides or {}).items()}
    given = [p for p in find_files([p for p in paths if _key(p) not in overrides])] if paths else []
    given += [p for p in overrides if p not in {_key(g) for g in given}]
    given_keys = {_key(f) for f in given}
    context: list[Path] = []
    for root in sorted({r for f in given if (r := unit_root(f)) is not None}):
        for p in find_files([root]):
            if _key(p) not in given_keys:
                given_keys.add(_key(p))  # no file is read twice
                context.append(p)

    problems: list[Problem] = []
    sources: list[Source] = []
    unreadable: list[str] = []  # unasked files of the units that could not be read
    hold_missing = False
    asked = {_key(f) for f in given}
    for path in given + context:
        is_asked = _key(path) in asked
        try:
            source = read(path, display_path(path), overrides.get(_key(path)))
        except RecordError as e:
            if is_asked:
                problems.append(e.problem)
                hold_missing = True
            else:
                unreadable.append(e.problem.file)
            continue
        found = source.problems + schema.validate(source)
        source.valid = not found
        if is_asked:
            problems.extend(found)
        if isinstance(source.data, dict) and source.data.get("loai_tep") in schema.KINDS:
            sources.append(source)
        elif is_asked:  # a record of unknown kind: what it holds cannot serve as context
            hold_missing = True
        else:
            unreadable.append(source.display)

    problems.extend(p for p in checks.check(sources, unreadable, hold_missing) if _key(Path(p.file)) in asked)
    valid = [s for s in sources if s.valid]
    return Result(_build(valid), sorted(set(problems)), given, {s.path.resolve(): s for s in valid})


def _build(sources: list[Source]) -> model.RecordSet:
    records = model.RecordSet()
    for s in sources:
        kind, d, path = s.data["loai_tep"], s.data, s.path
        if kind == "đơn vị":
            records.units.setdefault(d["ma_don_vi"], model.build_unit(d, path))
        elif kind == "kế hoạch năm":
            records.plans.append(model.build_plan(d, path))
        elif kind == "buổi tiếp xúc, đối thoại":
            records.sessions.append(model.build_session(d, path))
        else:
            records.followups.extend(model.build_followups(d, path))
    records.plans.sort(key=lambda p: (p.unit, p.year))
    records.sessions.sort(key=lambda s: (s.date, s.id))
    records.followups.sort(key=lambda f: (f.date, f.petition_id))
    return records
