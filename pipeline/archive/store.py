"""The archive root on disk: where each hồ sơ lives, the lock, and publishing a finished one.

    archive/
      ubnd-xa-an-khanh/                  phông: one folder per unit (its code)
        2025/                            năm hình thành hồ sơ
          07.VP_UBND-AK-2025-01/         hồ sơ: its số và ký hiệu, then the session's id
            v1/                          a sealed BagIt bag; a changed record makes v2 beside it
      so-dang-ky.txt                     the register: one hash-chained line per version (register.py)
      .hoso/                             hoso's own: the lock file, the building area, the register's journal

A hồ sơ is built inside ``.hoso/tam/`` (same filesystem) and moved into place by one rename, so a
reader, or a run killed at any moment, sees either the previous state or the complete new version.
Runs take an exclusive lock on ``.hoso/khoa`` for their whole duration; the kernel releases it if the
process dies, so a killed run never leaves the archive locked. Publishing a version and writing its
register line go together: see ``publish`` and ``register``.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import shutil
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import bag as bagit
from .register import NAME as REGISTER
from .register import Register

ENV = "HOSO_ARCHIVE"
OCR_CACHE_ENV = "HOSO_OCR_CACHE"
DEFAULT_ROOT = Path("archive")
WORK = ".hoso"
_VERSION = re.compile(r"^v([1-9][0-9]*)$")


class ArchiveBusy(Exception):
    """Another run holds the archive's lock; the message says which."""


@dataclass(frozen=True)
class Existing:
    """A session already in the archive: its folder and its latest sealed version."""

    folder: Path
    version: int
    fingerprint: str | None

    @property
    def latest(self) -> Path:
        return self.folder / f"v{self.version}"


@dataclass(frozen=True)
class Latest:
    """The latest sealed version of one hồ sơ in the archive."""

    unit: str
    folder: Path
    version: int

    @property
    def bag(self) -> Path:
        return self.folder / f"v{self.version}"


def folder_name(notation: str, session_id: str) -> str:
    """ "07.VP" + "UBND-AK-2025-01" -> "07.VP_UBND-AK-2025-01" (safe on every filesystem)."""
    plain = "".join(
        c
        for c in unicodedata.normalize("NFD", notation.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(c)
    )
    safe = re.sub(r"[^A-Za-z0-9.-]+", "-", plain).strip("-.") if notation else ""
    return f"{safe}_{session_id}" if safe and safe != session_id else session_id


def version_number(name: str) -> int | None:
    """3 for a version folder named "v3"; None for any other name."""
    m = _VERSION.match(name)
    return int(m.group(1)) if m else None


def sorted_versions(names: list[str]) -> list[str]:
    """Version folder names in version order: v2 before v10 (as text, "v10" sorts first)."""
    return sorted((n for n in names if version_number(n) is not None), key=lambda n: version_number(n) or 0)


def versions(folder: Path) -> list[int]:
    """The version numbers sealed in a hồ sơ folder, in order."""
    if not folder.is_dir():
        return []
    found = (version_number(p.name) for p in folder.iterdir() if p.is_dir())
    return sorted(v for v in found if v is not None)


def find_root(path: Path) -> Path | None:
    """The archive holding ``path``: the nearest folder at or above it with a register or hoso's own folder."""
    here = path.resolve()
    for folder in (here, *here.parents):
        if (folder / REGISTER).is_file() or (folder / WORK).is_dir():
            return folder
    return None


def _tell(message: str) -> None:
    print(message, file=sys.stderr)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Archive:
    def __init__(self, root: Path):
        self.root = root

    @property
    def work(self) -> Path:
        return self.root / WORK

    @property
    def ocr_cache(self) -> Path:
        """Scans already read (OCR), by the file's digest: a rebuild never reads a scan twice. HOSO_OCR_CACHE
        names another folder, for archives that share one (and the tests, which build many archives)."""
        shared = os.environ.get(OCR_CACHE_ENV)
        return Path(shared) if shared else self.work / "ocr"

    @property
    def register(self) -> Register:
        return Register(self.root, self.work)

    # --- locking ---------------------------------------------------------------------------------

    @contextmanager
    def lock(self, wait: float = 60, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the archive for one run. If another run holds it, wait up to ``wait`` seconds (telling
        ``on_wait`` once who holds it), then give up with ArchiveBusy."""
        self.work.mkdir(parents=True, exist_ok=True)
        path = self.work / "khoa"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + wait
            told = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    holder = self._holder(path)
                    if time.monotonic() >= deadline:
                        raise ArchiveBusy(holder) from None
                    if not told and on_wait is not None:
                        on_wait(holder)
                        told = True
                    time.sleep(0.2)
            os.ftruncate(fd, 0)
            os.pwrite(
                fd,
                json.dumps({"pid": os.getpid(), "bat_dau": dt.datetime.now().isoformat(timespec="seconds")}).encode(),
                0,
            )
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    @staticmethod
    def _holder(path: Path) -> str:
        try:
            info = json.loads(path.read_text(encoding="utf-8") or "{}")
            return f"tiến trình {info.get('pid', '?')}, bắt đầu lúc {info.get('bat_dau', '?')}"
        except (OSError, ValueError):
            return "một lệnh hoso khác"

    # --- building area ---------------------------------------------------------------------------

    def clean_leftovers(self, say: Callable[[str], None] = _tell) -> int:
        """Finish or undo what killed runs left (call with the lock held): the register's journal is
        settled (and the register started in an archive made before it, which ``say`` tells once), then
        the building area is emptied; returns the number of builds removed."""
        self.register.settle(lambda: self.bags(self.root), say)
        area = self.work / "tam"
        if not area.is_dir():
            return 0
        count = 0
        for leftover in area.iterdir():
            shutil.rmtree(leftover, ignore_errors=True)
            count += 1
        return count

    def new_work_dir(self, session_id: str) -> Path:
        path = self.work / "tam" / f"{session_id}-{uuid.uuid4().hex[:8]}"
        path.mkdir(parents=True)
        return path

    # --- finding and publishing ------------------------------------------------------------------

    def find(self, unit: str, session_id: str) -> Existing | None:
        """The folder of ``session_id`` in the unit's fonds, whatever its year or số ký hiệu became."""
        fonds = self.root / unit
        if not fonds.is_dir():
            return None
        for year in sorted(p for p in fonds.iterdir() if p.is_dir()):
            for folder in year.iterdir():
                if folder.name != session_id and not folder.name.endswith("_" + session_id):
                    continue
                found = versions(folder)
                if not found:
                    continue
                info = bagit.read_info(folder / f"v{found[-1]}")
                if info.get("Hoso-Session-Id") == session_id:
                    return Existing(folder, found[-1], info.get("Hoso-Fingerprint"))
        return None

    def publish(
        self, work: Path, version: int, unit: str, year: int, name: str, existing: Existing | None, session_id: str
    ) -> Path:
        """Move the bag built at ``work/v<version>`` into the archive in one rename and register it;
        returns its path.

        A first version moves the whole hồ sơ folder (holding v1) into place, so the folder never
        appears without a complete version inside it. The register line is written to hoso's journal
        (flushed) before the rename and appended after it: a run killed in between leaves the journal,
        which the next run's ``clean_leftovers`` completes or discards (register.py)."""
        built = work / f"v{version}"
        folder = existing.folder if existing else self.root / unit / str(year) / name
        target = folder / built.name
        if existing is None:
            folder.parent.mkdir(parents=True, exist_ok=True)
        if (folder if existing is None else target).exists():
            raise FileExistsError(folder if existing is None else target)
        line = self.register.prepare(target.relative_to(self.root).as_posix(), session_id, built)
        try:
            if existing is None:
                os.rename(work, folder)
            else:
                os.rename(built, target)
        except BaseException:
            self.register.abandon()
            raise
        _fsync_dir(folder.parent if existing is None else folder)
        self.register.commit(line)
        if existing is not None:
            shutil.rmtree(work, ignore_errors=True)
        return target

    def latest(self) -> list[Latest]:
        """Every hồ sơ in the archive at its latest sealed version, by unit and folder."""
        out = []
        units = (
            sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))
            if self.root.is_dir()
            else []
        )
        for unit in units:
            for folder in sorted(p for p in unit.glob("*/*") if p.is_dir()):
                found = versions(folder)
                if found:
                    out.append(Latest(unit.name, folder, found[-1]))
        return out

    def bags(self, path: Path) -> list[Path]:
        """Every hồ sơ version (bag) at or under ``path``, outside hoso's own building area."""
        if (path / "bagit.txt").is_file() or _VERSION.match(path.name):
            return [path]
        out = []
        for dirpath, dirnames, _ in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if d != WORK)
            here = Path(dirpath)
            for d in list(dirnames):
                if _VERSION.match(d) or (here / d / "bagit.txt").is_file():
                    out.append(here / d)
                    dirnames.remove(d)
        return out
