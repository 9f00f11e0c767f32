"""The small plain types passed between the main archiving process and the builders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ArchiveProblem(Exception):
    """A hồ sơ that cannot be built; the message names the file and what to do."""


@dataclass(frozen=True)
class BuildPlan:
    """What the main process decided for one session, under the lock."""

    session_id: str
    version: int
    previous: str | None  # "v1" when this is v2
    fingerprint: str
    work: Path  # a fresh folder in the building area; the bag is built in work/v<version>
    helper: bool = False  # render half the documents in a forked helper (when a core would sit idle)


@dataclass(frozen=True)
class Built:
    session_id: str
    work: Path
    version: int
    documents: int
    sheets: int
    pages: int
    notes: tuple[str, ...]
    timings: tuple[tuple[str, float], ...] = ()  # seconds per step, for bench/archive.py
