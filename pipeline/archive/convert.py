"""The office's own files as PDF/A pages for the dossier PDF. The files themselves are kept unchanged.

- A PDF that already declares PDF/A (part 1, 2 or 3) is used as it is.
- Any other PDF goes through Ghostscript once (``-dPDFA=2``): fonts embedded, colours in sRGB. This is
  done per file, not on the whole dossier: Ghostscript costs about 65 ms a page here, and hoso's own
  pages are already PDF/A-2b from WeasyPrint.
- DOCX and ODT files are converted by LibreOffice (PDF/A-2 export), after checking that they link to
  nothing outside themselves: a linked picture would make LibreOffice read another file or a URL.

Conversions run as background processes while hoso renders its own documents, and are killed if hoso
is (Linux's parent-death signal), so a killed run leaves no process writing into the archive.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject

from .pdfa import fonts_embedded

GS_TIMEOUT = 300
SOFFICE_TIMEOUT = 300
_PDFAID = re.compile(rb"pdfaid:part\s*(?:=\s*[\"']|>)\s*([123])")
_DOCX_LINK_OK = ("/hyperlink",)  # relationship types that may point outside: plain hyperlinks are never fetched
_ODT_HREF = re.compile(
    r'<(draw:image|draw:object|draw:object-ole|draw:plugin|draw:floating-frame|text:section-source)\b[^>]*?xlink:href="([^"]*)"'
)


class ConversionProblem(Exception):
    """An attached file that cannot be made into pages of the dossier; the message names it."""


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


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


def check_office_links(path: Path) -> None:
    """Refuse a DOCX/ODT that links to a file or a URL outside itself (only hyperlinks are allowed)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if path.suffix.lower() == ".docx":
                for name in (n for n in names if n.endswith(".rels")):
                    xml = z.read(name).decode("utf-8", "replace")
                    for rel in re.finditer(r"<Relationship\b[^>]*>", xml):
                        tag = rel.group(0)
                        if 'TargetMode="External"' in tag and not re.search(
                            r'Type="[^"]*({})"'.format("|".join(_DOCX_LINK_OK)), tag
                        ):
                            target = re.search(r'Target="([^"]*)"', tag)
                            where = target.group(1)[:80] if target else "?"
                            raise ConversionProblem(
                                f"{path.name}: tệp có liên kết tới tài nguyên bên ngoài ({where}); "
                                "hãy nhúng hình, tài liệu vào tệp rồi đính kèm lại"
                            )
            else:
                for name in ("content.xml", "styles.xml"):
                    if name not in names:
                        continue
                    for match in _ODT_HREF.finditer(z.read(name).decode("utf-8", "replace")):
                        href = match.group(2)
                        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|\.\./", href):
                            raise ConversionProblem(
                                f"{path.name}: tệp có liên kết tới tài nguyên bên ngoài ({href[:80]}); "
                                "hãy nhúng hình, tài liệu vào tệp rồi đính kèm lại"
                            )
    except (zipfile.BadZipFile, OSError) as e:
        raise ConversionProblem(
            f"{path.name}: không mở được tệp ({e.__class__.__name__}); tệp có thể bị hỏng"
        ) from None


@dataclass
class Pending:
    """A conversion running in the background; ``result()`` waits for it and names the PDF it wrote."""

    source: Path
    process: subprocess.Popen | None
    output: Path
    tool: str
    timeout: int

    def result(self) -> Path:
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
        return self.output

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
    """Begin turning ``source`` into PDF/A pages in ``work`` (a fresh folder); None if it is usable as it is."""
    work = work.resolve()  # the tools run inside ``work``: a relative archive root must not resolve twice
    if kind == "pdf":
        if declared_pdfa(source) and fonts_embedded(source):
            return None  # a PDF/A that keeps its word; one that claims it but lacks a font is converted
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
        process = subprocess.Popen(
            command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent
        )
        return Pending(source, process, output, "Ghostscript", GS_TIMEOUT)
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
            f"-env:UserInstallation=file://{work.resolve()}/profile",  # its own profile: runs never share state
            "--convert-to",
            'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}',
            "--outdir",
            str(work.resolve()),
            str(source.resolve()),
        ]
        process = subprocess.Popen(
            command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent
        )
        return Pending(source, process, work / (source.stem + ".pdf"), "LibreOffice", SOFFICE_TIMEOUT)
    return None
