"""The architecture the README describes is the one that exists: stages import only earlier stages,
the index loads no document renderer, each document type and format profile is declared once."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from pipeline import doctypes, profile
from pipeline.record import schema, status

PACKAGE = REPO / "pipeline"

# Lower layers never import higher ones. Layer 0 is the shared vocabulary every stage may use; the user
# interfaces (the command line, the web pages) sit on top of all stages.
LAYERS = {
    "pipeline": 0,
    "pipeline.text": 0,
    "pipeline.formatting": 0,
    "pipeline.profile": 0,
    "pipeline.doctypes": 0,
    "pipeline.record": 1,
    "pipeline.documents": 2,
    "pipeline.archive": 3,
    "pipeline.index": 4,
    "pipeline.followup": 5,
    "pipeline.web": 6,
    "pipeline.cli": 6,
    "pipeline.__main__": 6,
}


def layer(module: str) -> int:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LAYERS:
            return LAYERS[".".join(parts[:n])]
    raise AssertionError(f"{module}: not in LAYERS; place it in a stage")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module) of every pipeline import in ``source``, those inside functions included."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # "from .. import record" imports the module pipeline.record, not an attribute of pipeline
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                is_module = (REPO / Path(*candidate.split("."))).is_dir() or (
                    REPO / Path(*candidate.split("."))
                ).with_suffix(".py").is_file()
                found.append((node.lineno, candidate if is_module else target))
    return [(line, name) for line, name in found if name == "pipeline" or name.startswith("pipeline.")]


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    here = layer(module)
    return [
        f"{module}:{line} imports {target} (a later stage)"
        for line, target in imports(source, module, is_package)
        if layer(target) > here
    ]


def test_no_stage_imports_a_later_one():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += violations(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")
    assert found == []


def test_the_check_sees_an_import_against_the_flow():
    """The rule above can fail: a composer reaching into the follow-up stage, a lazy import, a shared module."""
    assert violations("from ..followup import report\n", "pipeline.documents.compose")
    assert violations("def f():\n    from ..index import catalog\n", "pipeline.archive.build")
    assert violations("from .record.status import ORDER\n", "pipeline.formatting")
    assert violations("from . import catalog\n", "pipeline.archive", is_package=True) == []  # its own package
    assert violations("from ..record.status import ORDER\n", "pipeline.index.filters") == []


def test_searching_loads_no_renderer_and_no_validator():
    heavy = ["docxtpl", "docx", "jsonschema", "weasyprint", "fontTools", "matplotlib", "pypdf"]
    code = (
        "import sys, pipeline.index, pipeline.index.catalog, pipeline.index.filters\n"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == []


def test_every_type_hoso_drafts_for_a_session_has_one_composer():
    from pipeline.documents.compose import COMPOSERS

    drafted = {t.name for t in doctypes.session_drafts()}
    assert set(COMPOSERS) == drafted
    for t in doctypes.TYPES:
        assert (t.stem is not None) <= t.drafted, t.name  # a file name only for what hoso drafts
        assert t.rank is not None or not t.in_record, t.name  # what a record lists has a place in the hồ sơ


def test_schemas_take_their_lists_from_the_one_place_that_declares_them():
    session = schema.load_schema("buoi-doi-thoai")
    kinds = session["$defs"]["van_ban"]["properties"]["loai"]["enum"]
    assert kinds == doctypes.recorded()
    unit = schema.load_schema("don-vi")
    assert unit["properties"]["the_thuc"]["enum"] == profile.available() == ["HD36", "ND30"]
    followups = schema.load_schema("ket-qua-giai-quyet")
    assert followups["properties"]["cap_nhat"]["items"]["properties"]["trang_thai"]["enum"] == list(status.RECORDABLE)


@pytest.mark.parametrize("profile_id", profile.available())
def test_a_profile_says_its_khoi_and_names_only_known_document_types(profile_id):
    p = profile.load_profile(profile_id)
    assert p.kind in ("Nhà nước", "Đảng")
    assert set(p.type_codes) <= {t.name for t in doctypes.TYPES}
