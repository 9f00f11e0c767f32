"""BagIt 1.0 (RFC 8493): writing a bag and verifying one, naming every file that is not as sealed.

A bag is a folder::

    bagit.txt                 "BagIt-Version: 1.0" and the tag files' encoding
    bag-info.txt              who made the bag, when, and Payload-Oxum (bytes.files of the payload)
    manifest-sha256.txt       the SHA-256 of every payload file (under data/)
    payload-sizes.txt         hoso's extra tag file: the size of every payload file, so that
                              verification can tell a truncated file from an altered one
    tagmanifest-sha256.txt    the SHA-256 of every tag file above
    data/                     the payload

Verifying also names whatever hoso never puts in a bag: a symlink (even to an identical copy), a FIFO, a
device, a socket, an empty folder. A bag alone cannot show that it was deleted, added, swapped with
another version or rewritten consistently (payload, manifests and bag-info together): the archive's
register (register.py) holds each version's tag-manifest digest for that.

bagit-python writes BagIt 0.97 and its validator stops at the first size mismatch without naming
the file, so hoso writes and checks bags itself; the tests validate hoso's bags with bagit-python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

VERSION = "1.0"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
SIZES = "payload-sizes.txt"
TAG_FILES = ("bagit.txt", "bag-info.txt", MANIFEST, SIZES)

# What happened to a file, as verify reports it.
CHANGED = "bị sửa"
TRUNCATED = "bị cắt cụt"
REMOVED = "bị xóa"
ADDED = "được thêm vào"
DAMAGED = "hỏng cấu trúc"
# What is in the bag that hoso never puts in one (it seals plain files in plain folders only).
SYMLINK = "là liên kết (symlink), không phải tệp thật"
FIFO = "là ống dẫn (FIFO), không phải tệp"
DEVICE = "là tệp thiết bị, không phải tệp"
SOCKET = "là socket, không phải tệp"
EMPTY_FOLDER = "thư mục rỗng được thêm vào"


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a bag: the file (relative to the bag) and what happened to it."""

    bag: Path
    file: str
    what: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.bag / self.file}: {self.what}" + (f" ({self.detail})" if self.detail else "")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _encode(path: str) -> str:
    """File names in manifests: CR, LF and % are percent-encoded (RFC 8493 §2.1.3)."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _decode(path: str) -> str:
    return path.replace("%0D", "\r").replace("%0d", "\r").replace("%0A", "\n").replace("%0a", "\n").replace("%25", "%")


def _write(path: Path, text: str, sync: bool) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        if sync:
            f.flush()
            os.fsync(f.fileno())


def payload_files(bag: Path) -> list[str]:
    """Payload file names relative to the bag ("data/..."), sorted, with "/" separators."""
    data = bag / "data"
    return sorted(p.relative_to(bag).as_posix() for p in data.rglob("*") if p.is_file() or p.is_symlink())


def write(bag: Path, info: dict[str, str], sync: bool = True) -> None:
    """Make ``bag`` (a folder whose ``data/`` holds the payload) a BagIt 1.0 bag."""
    names = payload_files(bag)
    sizes = {n: (bag / n).stat().st_size for n in names}
    sums = {n: sha256_of(bag / n) for n in names}
    _write(bag / "bagit.txt", f"BagIt-Version: {VERSION}\nTag-File-Character-Encoding: UTF-8\n", sync)
    _write(bag / MANIFEST, "".join(f"{sums[n]}  {_encode(n)}\n" for n in names), sync)
    _write(bag / SIZES, "".join(f"{sizes[n]}  {_encode(n)}\n" for n in names), sync)
    tags = {
        "Bagging-Date": dt.date.today().isoformat(),
        "Payload-Oxum": f"{sum(sizes.values())}.{len(names)}",
        **info,
    }
    # A value is one line: bag-info.txt folds long values, hoso keeps them short and flat instead.
    _write(bag / "bag-info.txt", "".join(f"{k}: {' '.join(str(v).split())}\n" for k, v in tags.items()), sync)
    _write(bag / TAGMANIFEST, "".join(f"{sha256_of(bag / t)}  {t}\n" for t in TAG_FILES), sync)


def read_info(bag: Path) -> dict[str, str]:
    """bag-info.txt as a dict (the first value of a repeated label)."""
    out: dict[str, str] = {}
    try:
        text = (bag / "bag-info.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return out
    for line in text.splitlines():
        if ":" in line and not line[:1].isspace():
            key, value = line.split(":", 1)
            out.setdefault(key.strip(), value.strip())
    return out


def _manifest(bag: Path, name: str, findings: list[Finding]) -> dict[str, str] | None:
    """Entries of a manifest-like file (value, path); None, with a finding, if it cannot be read."""
    try:
        text = (bag / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        findings.append(Finding(bag, name, REMOVED))
        return None
    except (OSError, UnicodeDecodeError) as e:
        findings.append(Finding(bag, name, DAMAGED, e.__class__.__name__))
        return None
    entries = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split(maxsplit=1)
        if len(parts) != 2:
            findings.append(Finding(bag, name, DAMAGED, f"dòng {number} không đúng dạng"))
            continue
        entries[_decode(parts[1].strip())] = parts[0]
    return entries


_NOT_PLAIN = (
    (stat.S_ISLNK, SYMLINK),
    (stat.S_ISFIFO, FIFO),
    (stat.S_ISCHR, DEVICE),
    (stat.S_ISBLK, DEVICE),
    (stat.S_ISSOCK, SOCKET),
)


def _not_plain(bag: Path, findings: list[Finding]) -> None:
    """Symlinks (even to an identical copy), FIFOs, devices, sockets and empty folders in ``bag``.

    Nothing is followed or opened: a FIFO would block a reader, a symlink may lead out of the bag."""
    if os.path.islink(bag):
        findings.append(Finding(bag, "", SYMLINK))
    for dirpath, dirnames, filenames in os.walk(bag):  # symlinks to folders are listed, not entered
        here = Path(dirpath)
        if not dirnames and not filenames and here != bag:
            findings.append(Finding(bag, here.relative_to(bag).as_posix() + "/", EMPTY_FOLDER))
        for name in sorted(dirnames + filenames):
            try:
                mode = os.lstat(here / name).st_mode
            except OSError:
                continue
            what = next((w for test, w in _NOT_PLAIN if test(mode)), None)
            if what is not None:
                findings.append(Finding(bag, (here / name).relative_to(bag).as_posix(), what))


def verify(bag: Path) -> list[Finding]:
    """Every file of ``bag`` that is not exactly as sealed: changed, truncated, removed or added; and
    anything that is not a plain file or folder (symlink, FIFO, device, socket), or an empty folder."""
    findings: list[Finding] = []
    _not_plain(bag, findings)
    try:
        declared = (bag / "bagit.txt").read_text(encoding="utf-8")
        if f"BagIt-Version: {VERSION}" not in declared or "Tag-File-Character-Encoding: UTF-8" not in declared:
            findings.append(Finding(bag, "bagit.txt", CHANGED, "không khai báo BagIt 1.0, UTF-8"))
    except FileNotFoundError:
        findings.append(Finding(bag, "bagit.txt", REMOVED))
    except (OSError, UnicodeDecodeError) as e:
        findings.append(Finding(bag, "bagit.txt", DAMAGED, e.__class__.__name__))

    tags = _manifest(bag, TAGMANIFEST, findings)
    manifest = _manifest(bag, MANIFEST, findings) or {}
    recorded_sizes = {k: int(v) for k, v in (_manifest(bag, SIZES, []) or {}).items() if v.isdigit()}

    for name, expected in (tags or {}).items():
        _compare(bag, name, expected, None, findings)
    present_tags = {p.name for p in bag.iterdir() if p.is_file()} - {TAGMANIFEST}
    for name in sorted(present_tags - set(tags or {})):
        if tags is not None:
            findings.append(Finding(bag, name, ADDED))

    for name, expected in manifest.items():
        _compare(bag, name, expected, recorded_sizes.get(name), findings)
    if (bag / "data").is_dir():
        for name in payload_files(bag):
            if name not in manifest:
                findings.append(Finding(bag, name, ADDED))
    else:
        findings.append(Finding(bag, "data/", REMOVED))
    for extra in sorted(p.name for p in bag.iterdir() if p.is_dir() and p.name != "data"):
        findings.append(Finding(bag, extra + "/", ADDED))

    oxum = read_info(bag).get("Payload-Oxum", "")
    if manifest and oxum and not findings:
        actual = [bag / n for n in payload_files(bag)] if (bag / "data").is_dir() else []
        if oxum != f"{sum(p.lstat().st_size for p in actual)}.{len(actual)}":
            findings.append(Finding(bag, "bag-info.txt", CHANGED, "Payload-Oxum không khớp với các tệp"))
    return findings


def _compare(bag: Path, name: str, expected: str, size: int | None, findings: list[Finding]) -> None:
    path = bag / name
    if not path.is_file():
        findings.append(Finding(bag, name, REMOVED))
        return
    if sha256_of(path) == expected.lower():
        return
    actual = path.stat().st_size
    if size is not None and actual < size:
        findings.append(Finding(bag, name, TRUNCATED, f"còn {actual:,} trên {size:,} byte"))
    else:
        findings.append(Finding(bag, name, CHANGED, "mã SHA-256 không khớp"))
