"""Reading one record file safely: size, encoding, YAML syntax, duplicate keys, aliases.

Clerks write these files by hand, in Notepad or Word, so everything that can go wrong before the
content is even looked at is caught here and named in Vietnamese with its line and column. The result
is plain Python data plus the position of every value and every key, so later checks can point at the
exact place of a mistake.

Deliberate differences from ``yaml.safe_load``:

- Scalars follow the YAML 1.2 core rules, not 1.1: ``8:00`` stays the text "8:00" (YAML 1.1 reads
  it as the number 480), ``yes``/``no`` stay text, and dates stay text so the schema can check
  them and name a wrong format instead of silently turning them into something else.
- A key written twice is an error (PyYAML keeps the last one without a word).
- Nesting depth, node count after alias expansion and file size are bounded; libyaml's C composer
  crashes the interpreter on a few million nested brackets, so depth is checked on the event stream
  first.
- All text is normalised to NFC, so "ế" typed as e + two combining marks equals "ế".
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from .problems import Path, Problem, RecordError, format_path

MAX_BYTES = 5 * 1024 * 1024  # a session with 300 petitions of 5,000 characters is about 1.6 MB
MAX_DEPTH = 40  # real records nest 4-5 levels
MAX_NODES = 200_000  # after alias expansion; the largest realistic record has ~10,000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters no document may hold: C0 and C1 controls but tab and line feed (above), lone surrogates (from a
# "\ud800" escape), and Unicode's noncharacters (U+FDD0–U+FDEF and the last two code points of every plane,
# U+FFFE, U+FFFF …). XML (DOCX, PDF metadata) cannot carry them, so they are refused at reading, with
# their position, instead of failing the render.
_NONCHARACTER = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")


@dataclass
class Source:
    """One record file read into plain data, with the position of everything in it."""

    path: FsPath
    display: str  # the path as shown in messages
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col), 1-based
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)  # path -> position of its key
    problems: list[Problem] = field(default_factory=list)  # found while reading, not fatal
    valid: bool = True  # set False once any reading or schema problem is found

    def position(self, path: Path, at_key: bool = False) -> tuple[int, int]:
        """Where ``path`` is written; for a missing path, where its nearest parent is."""
        if at_key and path in self.keys:
            return self.keys[path]
        for n in range(len(path), -1, -1):
            if path[:n] in self.values:
                return self.values[path[:n]]
        return (1, 1)

    def problem(self, path: Path, message: str, at_key: bool = False, shown: Path | None = None) -> Problem:
        line, col = self.position(path, at_key)
        return Problem(self.display, line, col, format_path(path if shown is None else shown), message)


def read(path: FsPath, display: str | None = None, text: str | None = None) -> Source:
    """Read and parse one record file (or ``text``, as if the file held it). Raises RecordError if it
    cannot be read at all."""
    display = display or str(path)
    text = _read_text(path, display) if text is None else unicodedata.normalize("NFC", text)
    node = _compose(text, display)
    builder = _Builder(display)
    try:
        data = builder.build(node, (), ()) if node is not None else None
    except _TooBig as e:
        raise RecordError(Problem(display, e.line, e.col, "-", e.message)) from None
    return Source(path, display, data, builder.values, builder.keys, builder.problems)


def _fatal(display: str, message: str, line: int = 1, col: int = 1) -> RecordError:
    return RecordError(Problem(display, line, col, "-", message))


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


_REASONS = {
    errno.ENOENT: "không tìm thấy tệp",
    errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không có quyền đọc",
    errno.ELOOP: "liên kết vòng: symlink trỏ vòng về chính nó",
    errno.EIO: "lỗi đọc đĩa",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
}


def _special(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "đây là thư mục, không phải tệp"
    kinds = {
        stat.S_ISFIFO: "một đường ống (FIFO)",
        stat.S_ISSOCK: "một socket",
        stat.S_ISCHR: "một thiết bị",
        stat.S_ISBLK: "một thiết bị",
    }
    kind = next((name for test, name in kinds.items() if test(mode)), "một tệp đặc biệt")
    return f"đây là {kind}, không phải tệp hồ sơ; hoso chỉ đọc tệp thường"


def _read_text(path: FsPath, display: str) -> str:
    # Opened without blocking and checked before reading: a FIFO (or a device) named like a record would
    # otherwise make hoso wait for ever, or read without end.
    try:
        special = _special(os.stat(path).st_mode)
        if special:
            raise _fatal(display, special)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as f:
            info = os.fstat(f.fileno())
            special = _special(info.st_mode)  # replaced between the check and the opening
            if special:
                raise _fatal(display, special)
            if info.st_size > MAX_BYTES:
                raise _fatal(
                    display,
                    f"tệp quá lớn ({info.st_size / 1024 / 1024:.1f} MB); một hồ sơ không được vượt quá "
                    f"{MAX_BYTES // 1024 // 1024} MB. Tài liệu đính kèm (ảnh, bản quét) để thành tệp riêng "
                    "và khai báo ở tep_dinh_kem.",
                )
            raw = f.read(MAX_BYTES + 1)
    except RecordError:
        raise
    except IsADirectoryError:
        raise _fatal(display, "đây là thư mục, không phải tệp") from None
    except OSError as e:
        raise _fatal(display, f"không đọc được tệp ({_REASONS.get(e.errno or 0, e.strerror)})") from None

    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _fatal(display, "tệp được lưu bằng mã UTF-32; hãy lưu lại bằng mã UTF-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        raise _fatal(
            display,
            'tệp được lưu bằng mã UTF-16 (Notepad gọi là "Unicode"); hãy mở lại và lưu với mã UTF-8',
        )
    if raw.startswith(b"\xef\xbb\xbf"):  # Notepad's UTF-8 signature: harmless
        raw = raw[3:]
    if b"\x00" in raw[:8192]:
        raise _fatal(display, "đây không phải tệp văn bản (có vẻ là tệp nhị phân: ảnh, PDF, Word…)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _byte_position(raw, e.start)
        try:
            legacy = raw.decode("cp1258")
        except UnicodeDecodeError:
            legacy = ""
        if _VIETNAMESE.search(legacy):
            message = "tệp được lưu bằng bảng mã cũ Windows-1258, không phải UTF-8; hãy mở lại và lưu với mã UTF-8"
        else:
            message = (
                f"tệp không phải UTF-8 (byte 0x{raw[e.start]:02X} không hợp lệ); có thể là bảng mã cũ "
                "như TCVN3 hay VNI: hãy chuyển sang Unicode (UTF-8) rồi lưu lại"
            )
        raise _fatal(display, message, line, col) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _fatal(display, "tệp rỗng: chưa có nội dung hồ sơ")
    return text


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a signature: ASCII-range text leaves every other byte zero."""
    head = raw[:400]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) > 0.4 * len(odd) and even.count(0) == 0) or (
        even.count(0) > 0.4 * len(even) and odd.count(0) == 0
    )


class _Trail:
    """Follows the event stream to know which field the parser is in when it meets a syntax error."""

    def __init__(self) -> None:
        self.frames: list[list] = []  # ["map", key, wants_key] or ["seq", index]
        self.line = 0  # line of the last event the parser emitted

    def node(self, event: yaml.Event) -> None:
        self.line = _start(event)[0] - 1
        top = self.frames[-1] if self.frames else None
        if top and top[0] == "map" and top[2] and isinstance(event, yaml.ScalarEvent):
            top[1], top[2] = unicodedata.normalize("NFC", event.value), False
            return
        if top and top[0] == "seq":
            top[1] += 1
        if isinstance(event, yaml.MappingStartEvent):
            self.frames.append(["map", None, True])
        elif isinstance(event, yaml.SequenceStartEvent):
            self.frames.append(["seq", -1])
        elif top and top[0] == "map":
            top[2] = True  # a scalar value ends the entry

    def end(self) -> None:
        self.frames.pop()
        if self.frames and self.frames[-1][0] == "map":
            self.frames[-1][2] = True

    def path(self, error_line: int) -> Path:
        """Where the parser was. libyaml's scanner reads ahead of the events, so when the error is on
        a later line than the last key, that key is done and the error may sit in a sibling entry:
        only the enclosing block is certain, and that is what is named."""
        out: list[str | int] = []
        for frame in self.frames:
            if frame[0] == "seq" and frame[1] >= 0 or frame[0] == "map" and frame[1] is not None and not frame[2]:
                out.append(frame[1])
            else:
                break
        top = self.frames[-1] if self.frames else None
        if out and error_line > self.line and top and top[0] == "map" and not top[2]:
            out.pop()
            if out and isinstance(out[-1], int):
                out.pop()
        return tuple(out)


def _start(event: yaml.Event) -> tuple[int, int]:
    """(line, column) from 1 where an event starts (libyaml always marks them)."""
    m = event.start_mark
    return (m.line + 1, m.column + 1) if m is not None else (1, 1)


def _compose(text: str, display: str) -> yaml.Node | None:
    trail = _Trail()
    try:
        documents = 0
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                trail.node(event)
                if len(trail.frames) > MAX_DEPTH:
                    raise _fatal(display, f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp)", *_start(event))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                trail.end()
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    message = "tệp chứa nhiều hơn một hồ sơ (dấu '---'); mỗi tệp chỉ ghi một hồ sơ"
                    raise _fatal(display, message, *_start(event))
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line if mark else text.count("\n", 0, getattr(e, "position", 0))
        raise RecordError(_syntax_problem(e, text, display, trail.path(line))) from None


# YAML's own messages, in the words a clerk can act on.
_TAB = "có ký tự Tab; YAML chỉ cho thụt lề bằng dấu cách: thay mỗi Tab bằng 2 dấu cách"
_SYNTAX = [
    ("found a tab character", _TAB),
    ("found character '\\t'", _TAB),
    ("found character that cannot start any token", None),  # refined below (Tab, @, `)
    (
        "found unexpected end of stream",
        "chuỗi mở dấu nháy ở dòng {cline} chưa được đóng: thêm dấu nháy đóng ở cuối giá trị",
    ),
    (
        "mapping values are not allowed",
        "dấu ':' không đúng chỗ: nếu giá trị có dấu hai chấm, hãy đặt cả giá trị trong dấu nháy kép; "
        "nếu là khóa con, kiểm tra lại thụt lề",
    ),
    ("could not find expected ':'", "thiếu dấu ':' sau tên khóa (dạng đúng là  khoa: giá trị)"),
    ("did not find expected key", "thụt lề không thẳng hàng với các khóa phía trên (các khóa cùng cấp phải thẳng cột)"),
    (
        "did not find expected '-' indicator",
        "thụt lề của danh sách không thẳng hàng: các dòng '- ' cùng cấp phải thẳng cột",
    ),
    ("did not find expected ',' or ']'", "danh sách mở bằng '[' ở dòng {cline} chưa được đóng bằng ']'"),
    ("did not find expected ',' or '}'", "nhóm mở bằng '{{' ở dòng {cline} chưa được đóng bằng '}}'"),
    ("found undefined alias", "bí danh (*tên) chưa được định nghĩa bằng &tên ở phía trên"),
    (
        "found unknown escape character",
        "ký tự thoát sau dấu '\\' không hợp lệ trong chuỗi nháy kép: dùng nháy đơn, hoặc viết '\\\\'",
    ),
    ("found duplicate anchor", "tên neo (&tên) bị đặt hai lần"),
    (
        "found invalid Unicode character escape code",
        "mã thoát \\u… trong chuỗi nháy kép không phải một ký tự hợp lệ; hãy xóa nó",
    ),
    ("expected <block end>", "thụt lề không thẳng hàng: dòng này lệch so với các dòng cùng cấp phía trên"),
    ("while scanning a simple key", "thiếu dấu ':' sau tên khóa (dạng đúng là  khoa: giá trị)"),
    ("found unexpected ':'", "dấu ':' không đúng chỗ: đặt cả giá trị trong dấu nháy kép"),
    ("while scanning an anchor", "giá trị bắt đầu bằng '&' phải đặt trong dấu nháy kép, ví dụ \"& Cộng sự\""),
    ("while scanning an alias", "giá trị bắt đầu bằng '*' phải đặt trong dấu nháy kép, ví dụ \"* Ghi chú\""),
    ("while scanning a tag", "giá trị bắt đầu bằng '!' phải đặt trong dấu nháy kép"),
    ("while scanning a block scalar", "sau '|' hoặc '>' phải xuống dòng rồi mới viết đoạn văn (thụt vào 2 dấu cách)"),
    # libyaml 0.2.6+ (PyYAML 6.0.3+) stops deep nesting itself, before hoso's own bound on the event stream.
    ("exceeded maximum nesting depth", f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp)"),
]


def _syntax_problem(e: yaml.YAMLError, text: str, display: str, path: Path) -> Problem:
    field = format_path(path)
    if isinstance(e, yaml.reader.ReaderError):
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        return Problem(
            display, line, col, field, f"có ký tự điều khiển không in được (U+{e.character:04X}); hãy xóa nó"
        )
    problem = getattr(e, "problem", "") or ""
    context = getattr(e, "context", "") or ""
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    cmark = getattr(e, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    cline = cmark.line + 1 if cmark else line
    both = f"{context} {problem}"
    for needle, message in _SYNTAX:
        if needle in both and message:
            if needle == "found unexpected end of stream" and "quoted scalar" in context and cmark is not None:
                line, col = cline, cmark.column + 1
            return Problem(display, line, col, field, message.format(cline=cline))
    if "cannot start any token" in problem and mark is not None:
        bad = text.splitlines()[mark.line][mark.column : mark.column + 1] if text.splitlines() else ""
        if bad == "\t":
            return Problem(display, line, col, field, _TAB)
        return Problem(
            display,
            line,
            col,
            field,
            f"giá trị không được bắt đầu bằng ký tự '{bad}': hãy đặt cả giá trị trong dấu nháy kép",
        )
    return Problem(display, line, col, field, f"lỗi cú pháp YAML ({problem or context})")


class _TooBig(Exception):
    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions and reading-level problems."""

    def __init__(self, display: str):
        self.display = display
        self.nodes = 0
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def _add(self, path: Path, node: yaml.Node, message: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.display, m.line + 1, m.column + 1, format_path(path), message))

    def build(self, node: yaml.Node, path: Path, stack: tuple[int, ...]) -> Any:
        m = node.start_mark
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(
                f"tệp có quá nhiều mục (hơn {MAX_NODES:,} sau khi mở rộng bí danh YAML); "
                "có thể là bí danh (&/*) lồng nhau",
                m.line + 1,
                m.column + 1,
            )
        if id(node) in stack:
            raise _TooBig("bí danh YAML tự tham chiếu đến chính nó", m.line + 1, m.column + 1)
        if len(stack) > MAX_DEPTH:
            raise _TooBig(f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp)", m.line + 1, m.column + 1)
        self.values.setdefault(path, (m.line + 1, m.column + 1))
        if node.tag not in _STD_TAGS:
            self._add(path, node, f"thẻ YAML '{node.tag}' không được phép trong hồ sơ; hãy xóa nó")
            return None
        inner = stack + (id(node),)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), inner) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._add(path, key_node, "tên khóa phải là một từ, không phải danh sách hay nhóm")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._add(path, key_node, "khóa gộp '<<' không được dùng trong hồ sơ; hãy viết đủ các khóa")
                continue
            key = unicodedata.normalize("NFC", str(key_node.value)).strip()
            if key in seen:
                self._add(
                    path + (key,),
                    key_node,
                    f"khóa '{key}' bị ghi hai lần (lần đầu ở dòng {seen[key]}); hãy giữ một và xóa dòng kia",
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            self.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,), inner)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        value = node.value
        if not node.style:  # plain, unquoted (None or "" depending on the loader): YAML 1.2 core
            if _NULL.match(value):
                return None
            if value in _BOOL:
                return _BOOL[value]
            if _INT.match(value):
                return int(value)
            if _FLOAT.match(value):
                return float(value)
        text = unicodedata.normalize("NFC", value)
        if node.style in ("|", ">"):
            text = text.rstrip("\n")
        bad = _CONTROL.search(text)
        if bad:
            self._add(path, node, f"có ký tự điều khiển không in được (U+{ord(bad.group()):04X}); hãy xóa nó")
        odd = _NONCHARACTER.search(text)
        if odd:
            self._add(
                path,
                node,
                f"có ký tự không hợp lệ (U+{ord(odd.group()):04X}, không phải chữ) ở ký tự thứ {odd.start() + 1} "
                "của giá trị; hãy xóa nó (thường do sao chép từ tệp khác)",
            )
        return text
