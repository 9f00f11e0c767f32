"""The README's key reference, written from the schemas so the two can never disagree.

Used by cog blocks in README.md (``cog -r README.md``); a test runs ``cog --check``.
"""

from __future__ import annotations

from .schema import KINDS, _resolve, load_schema


def key_table(stem: str) -> str:
    """A Markdown table of every key of one record kind: key, bắt buộc, kiểu / giá trị, ý nghĩa."""
    doc = load_schema(stem)
    rows = ["| Khóa | Bắt buộc | Kiểu / giá trị | Ý nghĩa |", "|---|---|---|---|"]
    _walk(doc, doc, "", rows)
    return "\n".join(rows)


def _walk(doc: dict, schema: dict, prefix: str, rows: list[str]) -> None:
    required = set(schema.get("required", ()))
    for key, prop in schema.get("properties", {}).items():
        title = prop.get("title")
        pdoc, target = _deref(doc, prop)
        title = title or target.get("title", "")
        name = f"{prefix}{key}"
        kind = _kind(pdoc, _known(target)) + (" hoặc `không rõ`" if _may_be_unknown(target) else "")
        rows.append(f"| `{name}` | {'có' if key in required else ''} | {kind} | {_cell(title)} |")
        _children(pdoc, _known(target), name, rows)
    if "x-doc" in schema.get("then", {}):
        rows.append(f"| | | | *{_cell(schema['then']['x-doc'])}* |")


def _children(doc: dict, target: dict, name: str, rows: list[str]) -> None:
    if target.get("type") == "object" and "properties" in target:
        _walk(doc, target, f"{name}.", rows)
    elif target.get("type") == "object" and isinstance(target.get("additionalProperties"), dict):
        inner_doc, inner = _deref(doc, target["additionalProperties"])
        _walk(inner_doc, inner, f"{name}.<mã>.", rows)
    elif target.get("type") == "array":
        inner_doc, inner = _deref(doc, target.get("items", {}))
        if inner.get("type") == "object":
            _walk(inner_doc, inner, f"{name}[].", rows)


def _may_be_unknown(schema: dict) -> bool:
    """A fact a record may give as "không rõ" (a past session's paper is silent on it)."""
    return "không rõ" in schema.get("pattern", "") or schema.get("then", {}).get("const") == "không rõ"


def _known(schema: dict) -> dict:
    """The form of a value that is either "không rõ" or a group of keys (the group, in ``else``)."""
    if isinstance(schema.get("type"), list) and "else" in schema:
        return {"type": "object", **schema["else"]}
    return schema


def _deref(doc: dict, schema: dict) -> tuple[dict, dict]:
    while "$ref" in schema:
        extra = {k: v for k, v in schema.items() if k != "$ref"}
        doc, target = _resolve(doc, schema["$ref"])
        schema = {**target, **extra}
    return doc, schema


def _kind(doc: dict, schema: dict) -> str:
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "x-controlled-list" in schema:
        return "một lĩnh vực trong danh mục (xem dưới)"
    kind = schema.get("type")
    if kind == "array":
        _, inner = _deref(doc, schema.get("items", {}))
        return "danh sách nhóm khóa" if inner.get("type") == "object" else "danh sách dòng chữ"
    if kind == "object":
        return "nhóm khóa"
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        return "số nguyên" + (f" {low}–{high}" if low is not None and high is not None else "")
    if schema.get("format") == "date":
        return "ngày `YYYY-MM-DD`"
    if "pattern" in schema and "HH:MM" in schema.get("x-message", "") and "không rõ" not in schema.get("pattern", ""):
        return 'giờ `"HH:MM"`'
    if "pattern" in schema and "HH:MM" in schema.get("x-message", ""):
        return 'giờ `"HH:MM"`'
    if schema.get("maxLength", 0) > 500:
        return "đoạn văn (có thể nhiều dòng)"
    return "dòng chữ"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_list() -> str:
    """The default lĩnh vực list, one bullet each."""
    fields = load_schema("common")["$defs"]["linh_vuc"]["x-controlled-list"]
    return "\n".join(f"- {f}" for f in fields)


def kinds_table() -> str:
    rows = ["| `loai_tep:` | Tệp | Lược đồ |", "|---|---|---|"]
    for value, stem in KINDS.items():
        rows.append(f"| `{value}` | {load_schema(stem)['title']} | `schemas/{stem}.schema.json` |")
    return "\n".join(rows)
