"""The small plain types passed between the main archiving process and the builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ArchiveProblem(Exception):
    """A hồ sơ that cannot be built; the message names the file and what to do."""


@dataclass(frozen=True)
class SealingKey:
    """The office's own certificate for signing each dossier PDF (chữ ký số của cơ quan): a PKCS#12 file and
    its password, given for one run (the password from an environment variable, never written anywhere)."""

    pkcs12: Path
    password: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class BuildPlan:
    """What the main process decided for one session, under the lock."""

    session_id: str
    version: int
    previous: str | None  # "v1" when this is v2
    fingerprint: str
    work: Path  # a fresh folder in the building area; the bag is built in work/v<version>
    helper: bool = False  # render half the documents in a forked helper (when a core would sit idle)
    ocr_cache: Path | None = None  # scans already read, by digest (Archive.ocr_cache)
    trust_roots: Path | None = None  # the office's folder of root certificates for checking digital signatures
    sealing_key: SealingKey | None = None  # sign the dossier PDFs with the office's certificate


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
