"""The workspace's accounts (tài khoản): who may sign in, with which role, for which units.

This module owns the accounts file (``tai-khoan.json`` by default): it alone reads and writes it.

- *văn thư* (``van-thu``): edits the records of the units given to the account;
- *lãnh đạo* (``lanh-dao``): reads everything, restricted hồ sơ and personal data included;
- *tra cứu* (``tra-cuu``): public hồ sơ only, no personal data, changes nothing.

Passwords are kept only as Argon2id hashes (argon2-cffi, the algorithm OWASP recommends for
passwords); a hash made with older parameters is replaced at the next sign-in. The file is written
atomically (a reader sees the old file or the new one), readable by its owner only, and changes
are made under a lock file so that two ``hoso user`` commands at once lose neither change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

FORMAT = "hoso-accounts"
VERSION = 1
DEFAULT_FILE = "tai-khoan.json"

ROLES = {
    "van-thu": "văn thư",
    "lanh-dao": "lãnh đạo",
    "tra-cuu": "tra cứu",
}
# A sign-in name: what a clerk types, and what the history records as "who".
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MIN_PASSWORD = 10

_HASHER = PasswordHasher()  # argon2-cffi's defaults (RFC 9106, low-memory profile)
# Verified when the name is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY = _HASHER.hash("hoso: no such account")


class AccountError(ValueError):
    """A request the accounts cannot carry out; the message is for the user (Vietnamese)."""


class AccountsDamaged(AccountError):
    """The accounts file cannot be read as hoso wrote it; it is never overwritten then."""


@dataclass
class Account:
    """One person who signs in (tài khoản)."""

    name: str
    role: str  # a key of ROLES
    units: list[str] = field(default_factory=list)  # the units a văn thư edits
    password: str = ""  # Argon2id hash
    created: str = ""
    changed: str = ""

    @property
    def reads_restricted(self) -> bool:
        return self.role == "lanh-dao"

    @property
    def reads_personal(self) -> bool:
        return self.role == "lanh-dao"

    def edits(self, unit: str) -> bool:
        """Whether this account may change the records of ``unit``."""
        return self.role == "van-thu" and unit in self.units


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise AccountError(
            f"Tên đăng nhập '{name}' không hợp lệ: 2–32 ký tự, chữ thường không dấu, chữ số, dấu chấm, "
            "gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số."
        )
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if password != password.strip():
        raise AccountError("Mật khẩu không được bắt đầu hay kết thúc bằng khoảng trắng.")
    return password


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# --- the file ------------------------------------------------------------------------------------


def load(path: Path) -> dict[str, Account]:
    """The accounts in ``path`` by name; none if the file does not exist."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise AccountsDamaged(f"Không đọc được tệp tài khoản {path} ({exc}).") from exc
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError("không phải tệp tài khoản của hoso (hoặc của phiên bản khác)")
        accounts = {name: Account(name=name, **fields) for name, fields in data["accounts"].items()}
        for a in accounts.values():
            check_name(a.name)
            if a.role not in ROLES or not isinstance(a.units, list):
                raise ValueError(f"tài khoản {a.name} có vai trò hoặc đơn vị không hợp lệ")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise AccountsDamaged(f"Tệp tài khoản {path} bị hỏng ({exc}); hoso không ghi đè lên nó.") from exc
    return accounts


def _write(path: Path, accounts: dict[str, Account]) -> None:
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "accounts": {name: {k: v for k, v in asdict(a).items() if k != "name"} for name, a in sorted(accounts.items())},
    }
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _changing(path: Path) -> Iterator[dict[str, Account]]:
    """The accounts, to change in the block; written back when it ends without error, under a lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        accounts = load(path)
        yield accounts
        _write(path, accounts)


# --- what `hoso user` does -----------------------------------------------------------------------


def add(path: Path, name: str, role: str, password: str, units: list[str] | None = None) -> Account:
    """A new account; a văn thư needs at least one unit."""
    check_name(name)
    check_password(password)
    if role not in ROLES:
        raise AccountError(f"Vai trò '{role}' không có; chỉ có: {', '.join(ROLES)}.")
    units = sorted(set(units or []))
    if role == "van-thu" and not units:
        raise AccountError("Tài khoản văn thư cần ít nhất một đơn vị (--unit MÃ_ĐƠN_VỊ).")
    if role != "van-thu" and units:
        raise AccountError(f"Chỉ tài khoản văn thư được giao đơn vị; vai trò {ROLES[role]} không nhận --unit.")
    with _changing(path) as accounts:
        if name in accounts:
            raise AccountError(f"Đã có tài khoản '{name}'.")
        now = _now()
        account = Account(name, role, units, _HASHER.hash(password), now, now)
        accounts[name] = account
    return account


def remove(path: Path, name: str) -> None:
    with _changing(path) as accounts:
        if name not in accounts:
            raise AccountError(f"Không có tài khoản '{name}'.")
        del accounts[name]


def set_password(path: Path, name: str, password: str) -> None:
    check_password(password)
    with _changing(path) as accounts:
        if name not in accounts:
            raise AccountError(f"Không có tài khoản '{name}'.")
        accounts[name].password = _HASHER.hash(password)
        accounts[name].changed = _now()


def authenticate(path: Path, name: str, password: str) -> Account | None:
    """The account if ``password`` is its password, else None (an unknown name takes as long)."""
    account = load(path).get(name)
    try:
        _HASHER.verify(account.password if account else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if account is None:
        return None
    if _HASHER.check_needs_rehash(account.password):
        with contextlib.suppress(AccountError, OSError), _changing(path) as accounts:
            if name in accounts:
                accounts[name].password = _HASHER.hash(password)
    return account
