"""The office's own files as PDF/A pages for the dossier PDF. The files themselves are kept unchanged.

- A PDF that already declares PDF/A (part 1, 2 or 3) and embeds its fonts is used as it is, less its actions.
- Any other PDF goes through Ghostscript once (``-dPDFA=2``): fonts embedded, colours in sRGB. This is
  done per file, not on the whole dossier: Ghostscript costs about 65 ms a page here, and hoso's own
  pages are already PDF/A-2b from WeasyPrint.
- DOCX and ODT files are converted by LibreOffice (PDF/A-2 export), after checking that they link to
  nothing outside themselves (``check_office_links``): a linked picture, template or field would make
  LibreOffice read another file or a URL while the hồ sơ is sealed.
- Every PDF that goes into the dossier, whichever way it came, loses what runs or loads something
  (``strip_actions``): open actions, JavaScript, launch and form-submit actions, embedded files, media;
  and the values of its digital signatures, which only the office's own file (kept in the bag, checked
  by ``signatures``) can carry. Links to web pages stay. Only the copy in the dossier is cleaned.

Conversions run as background processes while hoso renders its own documents, and are killed if hoso
is (Linux's parent-death signal), so a killed run leaves no process writing into the archive.

The converters run without a network: each starts in a new network namespace (and PID namespace) of
its own through ``unshare`` (as root, or through a user namespace), so even a link the check missed
cannot reach a server, and the whole process tree dies with hoso. Where the kernel refuses namespaces
(some containers, user namespaces switched off), hoso keeps going with the checks alone;
``network_isolated()`` says which, for the archive to report.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import cast
from urllib.parse import unquote
from xml.parsers import expat

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from .pdfa import fonts_embedded

GS_TIMEOUT = 300
SOFFICE_TIMEOUT = 300
_PDFAID = re.compile(rb"pdfaid:part\s*(?:=\s*[\"']|>)\s*([123])")


class ConversionProblem(Exception):
    """An attached file that cannot be made into pages of the dossier; the message names it."""


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


# --- running the converters without a network ---------------------------------------------------------------


@cache
def _isolation() -> tuple[str, ...]:
    """The command prefix that runs a converter in namespaces of its own, or () where the kernel refuses.

    ``--net``: a network namespace with only a loopback that is down, so no URL can be reached (nor a
    server on this machine). ``--pid --fork --kill-child``: unshare forks the converter as PID 1 of a new
    PID namespace and kills it when unshare dies; PID 1 dying takes every process below it (LibreOffice's
    soffice.bin) with it. unshare itself gets the parent-death signal from ``_die_with_parent``, which
    exec keeps, so killing hoso kills the whole tree. Not root: a user namespace maps us to root inside.
    """
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return ()
    user = () if os.geteuid() == 0 else ("--map-root-user",)
    for extra in (("--pid", "--fork", "--kill-child"), ()):
        prefix = (unshare, *user, "--net", *extra)
        try:
            done = subprocess.run(
                [*prefix, "true"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=20,
                preexec_fn=_die_with_parent,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return prefix
    return ()


def network_isolated() -> bool:
    """True when the converters run without a network; False when only the checks protect the archive."""
    return bool(_isolation())


def _run(command: list[str], work: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*_isolation(), *command],
        cwd=work,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent,
    )


def declared_pdfa(path: Path) -> bool:
    """True when the PDF says it is PDF/A (in its XMP metadata) and is not encrypted."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise ConversionProblem(f"{path.name}: tệp PDF có mật khẩu; hãy đính kèm bản không đặt mật khẩu")
        len(reader.pages)  # reads the page tree: a damaged file fails here
        metadata = cast(DictionaryObject, reader.trailer["/Root"].get_object()).get("/Metadata")
        return bool(metadata is not None and _PDFAID.search(metadata.get_object().get_data()))
    except (PdfReadError, KeyError, ValueError, TypeError) as e:
        raise ConversionProblem(
            f"{path.name}: không đọc được tệp PDF ({e.__class__.__name__}); hãy kiểm tra lại tệp"
        ) from None


# --- office files that point outside themselves --------------------------------------------------------------

_OUTSIDE = (
    "{name}: tệp có liên kết tới tài nguyên bên ngoài ({target}); hãy nhúng hình, tài liệu vào tệp rồi đính kèm lại"
)
_MALFORMED = (
    "{name}: tệp có cấu trúc không hợp lệ (phần {part}: {reason}); "
    "hãy mở tệp bằng Word hoặc LibreOffice, lưu thành tệp mới rồi đính kèm lại"
)
# OOXML's relationship namespaces (transitional, strict): attributes in them name a relationship by its id.
_RELATIONSHIP_NS = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
)
_XLINK = "http://www.w3.org/1999/xlink"
_SVG = "http://www.w3.org/2000/svg"
_ODF_META_TEMPLATE = ("urn:oasis:names:tc:opendocument:xmlns:meta:1.0", "template")
# Namespaces of the prefixes OpenOffice used without declaring them (its DTD declared them): used only to
# read such a part again when expat finds an unbound prefix.
_USUAL_PREFIXES = {
    "xlink": _XLINK,
    "svg": _SVG,
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
# Elements whose target a reader follows by clicking: LibreOffice makes them links and fetches nothing.
_OOXML_LINKS = frozenset({"hyperlink", "hlinkClick", "hlinkHover", "hlinkMouseOver"})
_ODF_LINKS = frozenset(
    {
        ("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "a"),
        ("urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", "a"),
        (_SVG, "a"),
    }
)
# VML elements that draw a picture from their href/src (Word's older drawing format).
_VML_PICTURES = frozenset({"imagedata", "fill", "stroke", "image"})
# Word fields that read a file or a URL, or talk to another program, when the document is opened or updated.
_FETCHING_FIELDS = frozenset(
    {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT", "DATABASE"}
)
# _LOCAL_TEMPLATES: the template a document was made from (Word's attachedTemplate relationship, ODF's
# meta:template) may be a path on the author's computer: Word writes file:///C:/…/Mẫu công văn.dotx in
# every document based on an office template. LibreOffice does not open it when converting (traced: not
# even a stat), so such a path is allowed; a template on a server or at a URL is refused like any link.
_ODF_DDE = frozenset({"dde-connection-decl", "dde-source"})
_FIELD_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_PLACE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://|[A-Za-z]:[\\/]|\\\\|//|/[^/\s]+/|\.\.[\\/]|(?i:file|smb|nfs|s?ftp|https?|davs?|webdav|ldaps?):"
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_MAX_DEPTH = 2  # packages inside packages (a spreadsheet in a document) are checked this deep


class _Outside(Exception):
    """Raised during the scan: the package points at the target in the message, outside itself."""


class _Malformed(Exception):
    """Raised during the scan: a part that is not plain XML (a DTD, an entity, a syntax error)."""

    def __init__(self, part: str, reason: str):
        super().__init__(part, reason)
        self.part, self.reason = part, reason


def _names_a_place(token: str) -> bool:
    """A field argument that is a URL or a path: http://…, file:…, C:\\…, \\\\server…, /etc/…, ../…
    (a lone ``/`` is a division in a formula field)"""
    return bool(_PLACE.match(token.replace("\\\\", "\\").strip()))


def _check_instruction(text: str) -> None:
    """Refuse a Word field instruction that fetches something (``INCLUDEPICTURE "http://…" \\d``) or names a
    place; any case, any switches. HYPERLINK is a link a reader clicks, like a hyperlink relationship."""
    tokens = [quoted or bare for quoted, bare in _FIELD_TOKEN.findall(text)]
    if not tokens:
        return
    head = tokens[0].upper()
    if head == "HYPERLINK":
        return
    arguments = [t for t in tokens[1:] if not t.startswith("\\")]
    if head in _FETCHING_FIELDS:
        raise _Outside(arguments[0].replace("\\\\", "\\") if arguments else " ".join(text.split()))
    for token in tokens[1:]:
        if _names_a_place(token):
            raise _Outside(token.replace("\\\\", "\\"))


def _internal_href(href: str) -> bool:
    """An ODF/SVG/VML reference that stays in the package: relative, no scheme (data: aside), not ``/`` or ``..``.
    In ODF, ``../x.png`` is a file next to the document, outside the package."""
    value = unquote(href).strip().replace("\\", "/")
    if not value or value.startswith("#"):
        return True
    if _SCHEME.match(value):
        return value[:5].lower() == "data:"
    return not value.startswith("/") and ".." not in value.split("/")


def _remote(target: str) -> bool:
    """A URL or a network path (http://…, file://server/…, \\\\server\\…), not a path on the author's computer."""
    value = unquote(target).strip().replace("\\", "/")
    if value.startswith("//"):
        return True
    scheme = _SCHEME.match(value)
    if scheme is None or len(scheme.group()) == 2:  # no scheme, or a drive letter (C:)
        return False
    if scheme.group().lower() != "file:":
        return True
    rest = value[5:]
    return rest.startswith("//") and rest[2:].split("/", 1)[0].lower() not in ("", "localhost")


def _inside_package(source: str, target: str) -> bool:
    """An internal OPC relationship target resolves to a part of the package (not a URL, not above its root)."""
    value = unquote(target).strip().replace("\\", "/")
    if _SCHEME.match(value):
        return False
    folders = [] if value.startswith("/") else [p for p in source.split("/")[:-1] if p]
    for segment in value.split("/"):
        if segment == "..":
            if not folders:
                return False
            folders.pop()
        elif segment not in ("", "."):
            folders.append(segment)
    return True


def _source_of(rels: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``; ``_rels/.rels`` -> "" (the package)."""
    folder, _, base = rels.rpartition("/")
    parent = folder[: -len("_rels")].rstrip("/") if folder.endswith("_rels") else folder
    return f"{parent}/{base[:-5]}" if parent else base[:-5]


class _Scan:
    """One XML part read with expat, whatever its quoting, namespace prefixes or encoding: no DOCTYPE, no
    entities (an SVG picture may keep its DOCTYPE and internal entities, never an external one); every
    relationship, link and field instruction checked as it goes by."""

    def __init__(self, part: str, hyperlinks: dict[str, str], svg: bool, namespaces: bool = True):
        self.part = part
        self.namespaces = namespaces
        self.source = _source_of(part) if part.lower().endswith(".rels") else part
        self.hyperlinks = hyperlinks  # this part's external hyperlink relationships: id -> target
        self.svg = svg
        self.declared: dict[str, str] = {}  # the external hyperlinks a .rels part declares
        self.fields: list[list[str]] = []  # instruction text of each open complex field, innermost last
        self.checked: list[bool] = []  # whether that field's instruction is complete and checked
        self.instruction: list[str] | None = None  # the text of the instrText element being read
        parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser

    def read(self, stream) -> bool:
        """Read the part; False when it uses a prefix it does not declare (read it again without namespaces)."""
        try:
            self.parser.ParseFile(stream)
        except expat.ExpatError as e:
            if self.namespaces and e.code == expat.errors.codes[expat.errors.XML_ERROR_UNBOUND_PREFIX]:
                return False
            raise _Malformed(self.part, f"lỗi cú pháp XML ở dòng {e.lineno}") from None
        for code, checked in zip(self.fields, self.checked, strict=True):  # fields never closed
            if not checked:
                _check_instruction("".join(code))
        return True

    def split(self, name: str) -> tuple[str, str]:
        """(namespace, local name) of an element or attribute name as expat gives it."""
        if self.namespaces:
            ns, _, local = name.rpartition(" ")
            return ns, local
        prefix, _, local = name.rpartition(":")
        return _USUAL_PREFIXES.get(prefix, prefix), local

    def _doctype(self, name, system_id, public_id, has_internal_subset) -> None:
        # OpenOffice wrote a bare DOCTYPE naming a DTD beside the part ("Manifest.dtd", "office.dtd"): allowed,
        # as nothing can be declared in it; a DTD elsewhere is a link outside, an internal subset is refused
        if self.svg:
            return
        if has_internal_subset:
            raise _Malformed(self.part, "có khai báo DOCTYPE kèm định nghĩa riêng, điều Word và LibreOffice không ghi")
        if system_id and not _internal_href(system_id):
            raise _Outside(system_id)

    def _entity(self, name, is_parameter, value, base, system_id, public_id, notation) -> None:
        if not self.svg or system_id or public_id or notation:
            raise _Malformed(self.part, f"có khai báo thực thể XML ({name})")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        ns, local = self.split(name)
        if local == "Relationship":
            self._relationship(attrs)
        elif local == "fldChar":
            self._field_char(attrs)
        elif local in ("instrText", "delInstrText"):
            self.instruction = []
        elif local == "fldSimple":
            for key, value in attrs.items():
                if self.split(key)[1] == "instr":
                    _check_instruction(value)
        elif local in _ODF_DDE:
            raise _Outside(" ".join(attrs.values())[:80] or "DDE")
        for key, value in attrs.items():
            key_ns, key_local = self.split(key)
            picture = local in _VML_PICTURES and key_local in ("href", "src")
            href = key_local == "href" and (key_ns == _XLINK or (ns == _SVG and not key_ns))
            if href and (ns, local) == _ODF_META_TEMPLATE:
                if _remote(value):  # the template the document was made from: see _LOCAL_TEMPLATES
                    raise _Outside(value)
            elif (picture or (href and (ns, local) not in _ODF_LINKS)) and not _internal_href(value):
                raise _Outside(value)
            # a relationship typed as a hyperlink but used for a picture or an object: LibreOffice resolves
            # r:link and r:id without looking at the type, so it would fetch the target
            used = (key_ns in _RELATIONSHIP_NS or key_local == "relid") and value in self.hyperlinks
            if used and local not in _OOXML_LINKS:
                raise _Outside(self.hyperlinks[value])

    def _end(self, name: str) -> None:
        if self.instruction is not None and self.split(name)[1] in ("instrText", "delInstrText"):
            text = "".join(self.instruction)
            self.instruction = None
            if self.fields and not self.checked[-1]:
                self.fields[-1].append(text)  # a field's instruction is often split over several runs
            else:
                _check_instruction(text)

    def _text(self, data: str) -> None:
        if self.instruction is not None:
            self.instruction.append(data)

    def _field_char(self, attrs: dict[str, str]) -> None:
        kind = next((v.strip().lower() for k, v in attrs.items() if self.split(k)[1] == "fldCharType"), "")
        if kind == "begin":
            self.fields.append([])
            self.checked.append(False)
        elif kind in ("separate", "end") and self.fields:
            if not self.checked[-1]:
                _check_instruction("".join(self.fields[-1]))
                self.checked[-1] = True
            if kind == "end":
                self.fields.pop()
                self.checked.pop()

    def _relationship(self, attrs: dict[str, str]) -> None:
        values: dict[str, list[str]] = {}
        for key, value in attrs.items():
            values.setdefault(self.split(key)[1], []).append(value)
        targets = values.get("Target") or [""]
        if any(mode.strip().lower() != "internal" for mode in values.get("TargetMode", [])):
            # External. Only a plain hyperlink may point outside: LibreOffice makes it a link in the PDF and
            # never fetches it (and a hyperlink used as a picture is refused in _start).
            types = [t.strip().lower() for t in values.get("Type") or [""]]
            if all(t.endswith("/hyperlink") for t in types):
                for rel_id in values.get("Id", []):
                    self.declared[rel_id] = targets[0]
                return
            if all(t.endswith("/attachedtemplate") for t in types) and not any(_remote(t) for t in targets):
                return  # see _LOCAL_TEMPLATES
            raise _Outside(targets[0])
        for target in targets:
            if not _inside_package(self.source, target):
                raise _Outside(target)


def _looks_like_xml(head: bytes) -> bool:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom) :].decode(encoding, "ignore").encode()
            break
    return head.lstrip().startswith(b"<?xml")


def _scan(z: zipfile.ZipFile, info: zipfile.ZipInfo, hyperlinks: dict[str, str]) -> _Scan:
    svg = info.filename.lower().endswith(".svg")
    scan = _Scan(info.filename, hyperlinks, svg)
    with z.open(info) as f:
        if scan.read(f):
            return scan
    scan = _Scan(info.filename, hyperlinks, svg, namespaces=False)  # OpenOffice's DTD declared the prefixes
    with z.open(info) as f:
        scan.read(f)
    return scan


def _check_package(z: zipfile.ZipFile, depth: int) -> None:
    """Every XML part of a zip package (whatever its name: LibreOffice follows [Content_Types].xml and the
    manifest, not file names), relationship parts first; packages inside it, a few levels deep."""
    rels: list[zipfile.ZipInfo] = []
    parts: list[zipfile.ZipInfo] = []
    packages: list[zipfile.ZipInfo] = []
    for info in z.infolist():
        if info.is_dir() or info.file_size == 0:  # LibreOffice writes empty parts (Configurations2/…)
            continue
        with z.open(info) as f:
            head = f.read(32)
        name = info.filename.lower()
        if head.startswith(b"PK\x03\x04"):
            packages.append(info)
        elif name.endswith(".rels"):
            rels.append(info)
        elif name.endswith((".xml", ".svg")) or _looks_like_xml(head):
            parts.append(info)
    hyperlinks: dict[str, dict[str, str]] = {}
    for info in rels:
        scan = _scan(z, info, {})
        hyperlinks[scan.source.lower()] = scan.declared
    for info in parts:
        _scan(z, info, hyperlinks.get(info.filename.lower(), {}))
    for info in packages:
        try:
            inner = zipfile.ZipFile(io.BytesIO(z.read(info)))
        except zipfile.BadZipFile:
            continue  # not a package LibreOffice could open either
        with inner:
            if depth >= _MAX_DEPTH:
                raise _Malformed(info.filename, "tệp lồng trong tệp quá nhiều lớp")
            _check_package(inner, depth + 1)


def check_office_links(path: Path) -> None:
    """Refuse a DOCX/ODT that would make LibreOffice read a file or a URL outside itself: external
    relationships (pictures, templates, sub-documents, alt chunks, OLE links), Word fields that include or
    link (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE…), ODF ``xlink:href`` outside the package, VML pictures,
    DDE connections. Hyperlinks are allowed: they are only followed by a reader who clicks them."""
    try:
        with zipfile.ZipFile(path) as z:
            _check_package(z, 0)
    except _Outside as e:
        target = " ".join(str(e).split())
        raise ConversionProblem(_OUTSIDE.format(name=path.name, target=target[:80])) from None
    except _Malformed as e:
        raise ConversionProblem(_MALFORMED.format(name=path.name, part=e.part, reason=e.reason)) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ) as e:
        raise ConversionProblem(
            f"{path.name}: không mở được tệp ({e.__class__.__name__}); tệp có thể bị hỏng"
        ) from None


# --- PDF actions ---------------------------------------------------------------------------------------------

# What may stay: going to a page of the same file, a link to a web page or an e-mail address (PDF/A-2
# allows them; a reader follows them only by clicking), and the four page-turning named actions PDF/A
# allows. Everything else runs or loads something: JavaScript, Launch, SubmitForm, ImportData, ResetForm,
# GoToR, GoToE, Sound, Movie, Rendition, Hide, SetOCGState, a /URI to file: or javascript:…
_SAFE_URI = ("http://", "https://", "mailto:")
_SAFE_NAMED = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
_MEDIA_ANNOTATIONS = frozenset({"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"})
_CLEANED = "sach/sach.pdf"  # in a folder of its own: LibreOffice names its output after the office's file
_CATALOG_KEYS = ("/OpenAction", "/AA", "/AF", "/Collection", "/NeedsRendering")
_NAME_TREES = ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations", "/Renditions")


def _safe_action(action) -> bool:
    action = action.get_object() if action is not None else None
    if not isinstance(action, DictionaryObject):
        return False
    kind = action.get("/S")
    if kind == "/URI":
        return str(action.get("/URI", "")).strip().lower().startswith(_SAFE_URI)
    if kind == "/Named":
        return action.get("/N") in _SAFE_NAMED
    return kind == "/GoTo"


class _Sweep:
    """Finds (``fix=False``) or removes (``fix=True``) everything in a PDF that runs or loads something."""

    def __init__(self, fix: bool):
        self.fix = fix
        self.found = False
        self.seen: set[int] = set()

    def drop(self, holder, *keys: str) -> None:
        holder = holder.get_object() if holder is not None else None
        if not isinstance(holder, DictionaryObject):
            return
        for key in keys:
            if key in holder:
                self.found = True
                if self.fix:
                    del holder[key]

    def first_visit(self, obj) -> bool:
        if id(obj) in self.seen:
            return False
        self.seen.add(id(obj))
        return True

    def actions(self, holder) -> None:
        """An object's own action (/A): kept if harmless (without any /Next chain), removed otherwise."""
        holder = holder.get_object()
        if "/A" in holder:
            if _safe_action(holder["/A"]):
                self.drop(holder["/A"], "/Next")
            else:
                self.drop(holder, "/A")
        self.drop(holder, "/AA", "/AF")
        if holder.get("/FT") == "/Sig":
            # A signature belongs to the office's file, which the bag keeps: in a copy its bytes no longer
            # match, and a reader would call the copy's signature broken. The widget (what it shows) stays.
            self.drop(holder, "/V")

    def document(self, root: DictionaryObject) -> None:
        self.drop(root, *_CATALOG_KEYS, "/Perms")
        names = root.get("/Names")
        if names is not None:
            self.drop(names, *_NAME_TREES)
        form = root.get("/AcroForm")
        form = form.get_object() if form is not None else None
        if isinstance(form, DictionaryObject):
            self.drop(form, "/XFA", "/CO", "/SigFlags")  # /CO: the fields whose calculate actions run
            self.fields(form.get("/Fields"))
        outlines = root.get("/Outlines")
        if outlines is not None and isinstance(outlines.get_object(), DictionaryObject):
            self.outline(outlines.get_object().get("/First"))

    def fields(self, kids) -> None:
        kids = kids.get_object() if kids is not None else None
        stack = list(kids) if isinstance(kids, ArrayObject) else []
        while stack:
            item = stack.pop().get_object()
            if isinstance(item, DictionaryObject) and self.first_visit(item):
                self.actions(item)
                kids = item.get("/Kids")
                if kids is not None and isinstance(kids.get_object(), ArrayObject):
                    stack.extend(kids.get_object())

    def outline(self, item) -> None:
        while item is not None:
            node = item.get_object()
            if not isinstance(node, DictionaryObject) or not self.first_visit(node):
                return
            self.actions(node)
            self.outline(node.get("/First"))
            item = node.get("/Next")

    def page(self, page: DictionaryObject) -> None:
        self.drop(page, "/AA", "/AF")
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else None
        if not isinstance(annotations, ArrayObject):
            return
        keep = ArrayObject()
        for reference in annotations:
            annotation = reference.get_object()
            if not isinstance(annotation, DictionaryObject):
                continue
            subtype = annotation.get("/Subtype")
            if subtype in _MEDIA_ANNOTATIONS or (
                subtype == "/Link" and "/A" in annotation and not _safe_action(annotation["/A"])
            ):
                self.found = True  # a link that only launched or loaded something goes as a whole
                continue
            self.actions(annotation)
            parent = annotation.get("/Parent")  # a form field's widget: its field's actions too
            while parent is not None and isinstance(parent.get_object(), DictionaryObject):
                if not self.first_visit(parent.get_object()):
                    break
                self.actions(parent)
                parent = parent.get_object().get("/Parent")
            keep.append(reference)
        if self.fix and len(keep) != len(annotations):
            page[NameObject("/Annots")] = keep


def _sweep(root: DictionaryObject, pages: Sequence, fix: bool) -> bool:
    sweep = _Sweep(fix)
    sweep.document(root)
    for page in pages:
        sweep.page(page)
    return sweep.found


def strip_actions(source: Path, target: Path, name: str) -> Path:
    """``source`` without anything that runs or loads something, written to ``target``; ``source`` itself
    when it has nothing to remove. Metadata, output intent and pages are kept, so a PDF/A stays one."""
    try:
        reader = PdfReader(source)
        if not _sweep(cast(DictionaryObject, reader.trailer["/Root"].get_object()), reader.pages, fix=False):
            return source
        writer = PdfWriter(clone_from=reader)
        _sweep(writer.root_object, writer.pages, fix=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as f:
            writer.write(f)
        return target
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise ConversionProblem(
            f"{name}: không đọc được tệp PDF ({e.__class__.__name__}); hãy kiểm tra lại tệp"
        ) from None


# --- background conversions ----------------------------------------------------------------------------------


@dataclass
class Pending:
    """A conversion running in the background; ``result()`` waits for it and names the PDF it wrote,
    cleaned of its actions (``cleaned``: where a cleaned copy goes, when there is anything to remove)."""

    source: Path
    process: subprocess.Popen | None
    output: Path
    tool: str
    timeout: int
    cleaned: Path | None = None
    _done: Path | None = field(default=None, repr=False)

    def result(self) -> Path:
        if self._done is not None:
            return self._done
        if self.process is not None:
            try:
                _, err = self.process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()
                raise ConversionProblem(
                    f"{self.source.name}: {self.tool} không chuyển xong sau {self.timeout} giây"
                ) from None
            if self.process.returncode != 0 or not self.output.is_file():
                detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
                raise ConversionProblem(
                    f"{self.source.name}: {self.tool} không chuyển được tệp sang PDF ({detail[0][:120]})"
                )
            self.process = None
        done = self.output
        if self.cleaned is not None:
            done = strip_actions(self.output, self.cleaned, self.source.name)
        self._done = done
        return done

    def cancel(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def _icc_profile() -> Path:
    import weasyprint

    return Path(weasyprint.__file__).parent / "pdf" / "sRGB2014.icc"


_PDFA_DEF = """% Output intent for Ghostscript's PDF/A-2 output (after Ghostscript's lib/PDFA_def.ps)
/ICCProfile ({icc}) def
[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark
[{icc_PDFA} << /N 3 >> /PUT pdfmark
[{icc_PDFA} ICCProfile (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark
[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA}
  /OutputConditionIdentifier (sRGB IEC61966-2.1) >> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark
"""


def start(source: Path, kind: str, work: Path) -> Pending | None:
    """Begin turning ``source`` into PDF/A pages in ``work`` (a fresh folder); None for a kind it does not
    convert. Every PDF it hands back, the office's own PDF/A included, has lost its actions."""
    work = work.resolve()  # the tools run inside ``work``: a relative archive root must not resolve twice
    if kind == "pdf":
        if declared_pdfa(source) and fonts_embedded(source):
            # a PDF/A that keeps its word is used as it is, less its actions (one that claims PDF/A but
            # lacks a font is converted); pypdf does that when the result is asked for
            work.mkdir(parents=True, exist_ok=True)
            return Pending(source, None, source, "pypdf", 0, cleaned=work / _CLEANED)
        gs = shutil.which("gs")
        if gs is None:
            raise ConversionProblem(
                f"{source.name}: cần Ghostscript (gói ghostscript) để đưa tệp PDF này vào hồ sơ lưu trữ"
            )
        work.mkdir(parents=True, exist_ok=True)
        icc = (work / "srgb.icc").resolve()
        shutil.copyfile(_icc_profile(), icc)
        ps_string = str(icc).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        (work / "pdfa_def.ps").write_text(_PDFA_DEF.replace("{icc}", ps_string), encoding="utf-8")
        output = work / "pdfa.pdf"
        command = [
            gs,
            "-q",
            "-dBATCH",
            "-dNOPAUSE",
            "-dSAFER",
            f"--permit-file-read={icc}",
            "-sDEVICE=pdfwrite",
            "-dPDFA=2",
            "-dPDFACompatibilityPolicy=1",
            "-sColorConversionStrategy=RGB",
            "-dAutoRotatePages=/None",
            f"-sOutputFile={output}",
            "pdfa_def.ps",
            str(source.resolve()),
        ]
        return Pending(source, _run(command, work), output, "Ghostscript", GS_TIMEOUT, cleaned=work / _CLEANED)
    if kind == "office":
        check_office_links(source)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise ConversionProblem(
                f"{source.name}: cần LibreOffice (gói libreoffice-writer-nogui) để đưa tệp {source.suffix} "
                "vào hồ sơ lưu trữ"
            )
        work.mkdir(parents=True, exist_ok=True)
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            f"-env:UserInstallation=file://{work}/profile",  # its own profile: runs never share state
            "--convert-to",
            'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}',
            "--outdir",
            str(work),
            str(source.resolve()),
        ]
        output = work / (source.stem + ".pdf")
        return Pending(source, _run(command, work), output, "LibreOffice", SOFFICE_TIMEOUT, cleaned=work / _CLEANED)
    return None
