"""Checking one record against its JSON Schema (draft 2020-12) in ``schemas/``, in Vietnamese.

The schemas are the single description of the record formats: the validator, the README's key
reference and later stages all read them. jsonschema's English messages are rewritten here into
sentences a clerk can act on, with a hint where one helps (the nearest allowed value, the date
rewritten in the expected format, the key they probably meant).
"""

from __future__ import annotations

import calendar
import json
import re
from functools import cache
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from .. import doctypes, profile
from ..text import fold, nearest
from . import status
from .problems import Problem
from .source import Source

if TYPE_CHECKING:  # jsonschema loads only when a record is validated: searching needs none of it
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_DIR = FsPath(__file__).resolve().parents[2] / "schemas"

# loai_tep value -> schema file stem
KINDS = {
    "đơn vị": "don-vi",
    "kế hoạch năm": "ke-hoach-nam",
    "buổi tiếp xúc, đối thoại": "buoi-doi-thoai",
    "kết quả giải quyết": "ket-qua-giai-quyet",
}

_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_DMY = re.compile(r"^\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})\s*$")
_YMD = re.compile(r"^\s*([0-9]{4})\s*[/.]\s*([0-9]{1,2})\s*[/.]\s*([0-9]{1,2})\s*$")
_TIME = re.compile(r"^\s*([0-9]{1,2})\s*(?:[:hH]|giờ)\s*([0-9]{0,2})\s*(?:phút)?\s*$")
_REQUIRED = re.compile(r"^'(.*)' is a required property$")

_TYPE_NAMES = {
    "string": "một đoạn chữ",
    "integer": "một số nguyên",
    "number": "một số",
    "object": "một nhóm khóa con (các dòng 'khoa: giá trị' thụt vào)",
    "array": "một danh sách (mỗi mục một dòng bắt đầu bằng '- ')",
    "boolean": "true hoặc false",
    "null": "để trống",
}


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# Lists a schema takes from the one place that declares them ("x-enum-from": name), so that a new
# document type, format profile or status is declared once.
ENUMS = {
    "loai-van-ban": doctypes.recorded,
    "loai-van-ban-kem-tep": doctypes.attached_only,
    "the-thuc": profile.available,
    "trang-thai": lambda: list(status.RECORDABLE),
}


@cache
def load_schema(stem: str) -> dict:
    with open(SCHEMA_DIR / f"{stem}.schema.json", encoding="utf-8") as f:
        return _fill_enums(json.load(f))


def _fill_enums(node: Any) -> Any:
    if isinstance(node, dict):
        if "x-enum-from" in node:
            node["enum"] = ENUMS[node["x-enum-from"]]()
        for value in node.values():
            _fill_enums(value)
    elif isinstance(node, list):
        for value in node:
            _fill_enums(value)
    return node


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    # Every schema is registered up front; nothing is ever retrieved from a URL.
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = load_schema(path.name.removesuffix(".schema.json"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def _real_date(value: object) -> bool:
    # Only calendar reality; the shape is the pattern's job, so a wrong shape is reported once.
    m = _DATE.match(value) if isinstance(value, str) else None
    if not m:
        return True
    year, month, day = map(int, m.groups())
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


@cache
def _validator(stem: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker(formats=())
    formats.checks("date")(_real_date)
    return Draft202012Validator(load_schema(stem), registry=_registry(), format_checker=formats)


def controlled_fields() -> list[str]:
    """The default lĩnh vực list; units extend it with ``linh_vuc_bo_sung``."""
    return list(load_schema("common")["$defs"]["linh_vuc"]["x-controlled-list"])


def validate(source: Source) -> list[Problem]:
    """All schema problems of one record, in Vietnamese, each with its position."""
    data = source.data
    if not isinstance(data, dict):
        return [source.problem((), "tệp hồ sơ phải gồm các dòng dạng 'khoa: giá trị' (bắt đầu bằng loai_tep: …)")]
    kind = data.get("loai_tep")
    if kind not in KINDS:
        choices = ", ".join(f"'{k}'" for k in KINDS)
        if kind is None:
            return [
                source.problem(("loai_tep",), f"thiếu khóa 'loai_tep' cho biết đây là tệp gì; ghi một trong: {choices}")
            ]
        guess = nearest(str(kind), list(KINDS))
        hint = f"; có phải ý bạn là '{guess}'?" if guess else f"; ghi một trong: {choices}"
        return [source.problem(("loai_tep",), f"loại tệp '{kind}' không có{hint}")]
    problems: list[Problem] = []
    for error in _validator(KINDS[kind]).iter_errors(data):
        problems.extend(_translate(KINDS[kind], error, source))
    return problems


def _translate(stem: str, error: ValidationError, source: Source) -> list[Problem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    custom = schema.get("x-message")
    if error.validator == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        out = []
        for key in (k for k in value if k not in allowed):
            guess = nearest(key, allowed)
            hint = f"; có phải ý bạn là '{guess}'?" if guess else f"; các khóa dùng được ở đây: {', '.join(allowed)}"
            out.append(source.problem(path + (key,), f"khóa '{key}' không có trong mẫu hồ sơ{hint}", at_key=True))
        return out
    if error.validator == "required":
        found = _REQUIRED.match(error.message)
        key = found.group(1) if found else error.message
        title = _property_title(stem, error, key)
        if custom:
            message = custom.format(key=key, title=title)
        else:
            message = f"thiếu khóa bắt buộc '{key}'" + (f" ({title})" if title else "")
        return [source.problem(path, message, shown=path + (key,))]
    if error.validator == "propertyNames":
        return [source.problem(path + (value,), f"tên '{value}' không hợp lệ: {custom}", at_key=True)]
    return [source.problem(path, _value_message(error, path, custom))]


def _value_message(error: ValidationError, path: tuple, custom: str | None) -> str:
    """What is wrong with one value, in Vietnamese."""
    kind, value, limit = error.validator, error.instance, error.validator_value
    if kind == "type":
        return _type_message(limit, value)
    if kind in ("enum", "const"):
        return _enum_message(value, limit if kind == "enum" else [limit], path)
    if kind == "pattern":
        return _pattern_message(value, custom)
    if kind == "format":
        return _calendar_message(value)
    if kind == "minLength":
        return "chưa điền giá trị (không được để trống)"
    if kind == "maxLength":
        return f"dài {len(value):,} ký tự, vượt giới hạn {limit:,} ký tự"
    if kind == "minimum":
        return f"giá trị {value} quá nhỏ: phải từ {limit} trở lên"
    if kind == "maximum":
        return f"giá trị {value} quá lớn: tối đa {limit}"
    if kind in ("minItems", "minProperties"):
        return f"cần ít nhất {limit} mục"
    if custom:  # "not" and other rules a schema explains itself
        return custom
    return f"giá trị không hợp lệ ({error.message})"


def _property_title(stem: str, error: ValidationError, key: str) -> str:
    """The title of ``key`` in the object schema that requires it (also inside if/then)."""
    parts = list(error.absolute_schema_path)[:-1]  # drop the "required" keyword itself
    if parts and parts[-1] == "then":
        parts.pop()
    doc = node = load_schema(stem)
    try:
        for part in parts:
            # jsonschema leaves "$ref" steps out of the path: follow a reference when the key is not here.
            while isinstance(node, dict) and part not in node and "$ref" in node:
                doc, node = _resolve(doc, node["$ref"])
            node = node[part]
        while "properties" not in node and "$ref" in node:
            doc, node = _resolve(doc, node["$ref"])
        prop = node.get("properties", {}).get(key, {})
        if "title" not in prop and "$ref" in prop:
            prop = _resolve(doc, prop["$ref"])[1]
    except (KeyError, IndexError, TypeError):
        return ""  # a title is a courtesy; never let it stop validation
    return prop.get("title", "")


def _resolve(doc: dict, ref: str) -> tuple[dict, dict]:
    """Follow a ``$ref`` to (its document, its schema); only our own registered schemas."""
    uri, _, pointer = ref.partition("#")
    if uri:
        doc = load_schema(uri.removeprefix("urn:hoso:"))
    node = doc
    for part in filter(None, pointer.split("/")):
        node = node[part]
    return doc, node


def _type_message(expected: str | list[str], value: Any) -> str:
    expected = expected if isinstance(expected, str) else expected[0]
    want = _TYPE_NAMES.get(expected, expected)
    got = _type_of(value)
    if got == "null":
        return f"chưa điền giá trị (cần {want})"
    message = f"phải là {want}, không phải {_TYPE_NAMES[got]}"
    if expected == "string" and got in ("integer", "number", "boolean"):
        message += "; nếu đây là chữ hoặc mã, hãy đặt trong dấu nháy kép"
    elif expected == "array" and got in ("string", "object"):
        message += "; hãy viết mỗi mục trên một dòng bắt đầu bằng '- '"
    elif expected == "integer" and got == "string" and value.strip().isdigit():
        message += "; hãy viết số không có dấu nháy"
    elif expected == "integer" and got == "string" and (number := re.match(r"^\s*([0-9]+)\s*[/-]", value)):
        message += f"; chỉ ghi phần số ({int(number.group(1))}), ký hiệu do hoso tự ghép theo thể thức"
    return message


def _enum_message(value: Any, allowed: list, path: tuple) -> str:
    if path and path[-1] == "trang_thai" and isinstance(value, str) and fold(value).strip() == "qua han":
        return (
            "không ghi tay 'quá hạn': hoso tự tính quá hạn từ hạn giải quyết; "
            "hãy ghi trạng thái thực tế (ví dụ 'đang giải quyết')"
        )
    choices = ", ".join(f"'{a}'" for a in allowed)
    if len(allowed) == 1:
        return f"giá trị '{value}' không đúng; ở đây phải ghi '{allowed[0]}'"
    guess = nearest(str(value), [str(a) for a in allowed]) if value is not None else None
    hint = f"; có phải ý bạn là '{guess}'?" if guess else ""
    shown = "(để trống)" if value is None else f"'{value}'"
    return f"giá trị {shown} không có trong danh sách cho phép ({choices}){hint}"


def _pattern_message(value: str, custom: str | None) -> str:
    message = custom or "giá trị không đúng dạng quy định"
    m = _DMY.match(value)
    if m and "YYYY-MM-DD" in message:
        day, month, year = map(int, m.groups())
        if _real_date(f"{year:04d}-{month:02d}-{day:02d}"):
            return f"{message}; hãy viết lại là {year:04d}-{month:02d}-{day:02d}"
    m = _YMD.match(value)
    if m and "YYYY-MM-DD" in message:
        year, month, day = map(int, m.groups())
        return f"{message}; hãy viết lại là {year:04d}-{month:02d}-{day:02d}"
    m = _TIME.match(value)
    if m and "HH:MM" in message and int(m.group(1)) < 24 and int(m.group(2) or 0) < 60:
        return f'{message}; hãy viết lại là "{int(m.group(1)):02d}:{int(m.group(2) or 0):02d}"'
    return message


def _calendar_message(value: str) -> str:
    found = _DATE.match(value)
    if found is None:  # the pattern check reports a wrong shape
        return "ngày phải viết dạng YYYY-MM-DD"
    year, month, day = map(int, found.groups())
    if not 1 <= month <= 12:
        return f"ngày {value} không có thật: tháng {month} không tồn tại (ngày phải viết dạng YYYY-MM-DD)"
    days = calendar.monthrange(year, month)[1]
    return f"ngày {value} không có thật: tháng {month} năm {year} chỉ có {days} ngày"
