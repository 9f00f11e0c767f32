"""The dossier PDF: every page of the hồ sơ in one PDF/A-2b file, with sheet numbers and bookmarks.

Every page that goes in is already PDF/A: hoso's own pages from WeasyPrint, the office's PDFs as they
are when they declare PDF/A or after Ghostscript otherwise (``convert.py``). Merging with pypdf keeps
the pages but not the catalog, so this module writes what PDF/A puts there itself: the sRGB output
intent and XMP metadata that agrees with the document information dictionary.

``check()`` tests what can be tested here without a PDF/A validator (none is packaged for this
machine): header, file identifier, no encryption, output intent, XMP identification, metadata that
agrees, every font embedded, no JavaScript or launch actions, every annotation printable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .. import __version__

VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


@dataclass(frozen=True)
class Part:
    """A run of pages: the cover, the Mục lục, one document, the chứng từ kết thúc."""

    pdf: bytes | Path | PdfReader
    bookmark: str
    label: str  # "cover" | "index" | "sheets" | "closing"


@dataclass(frozen=True)
class Info:
    title: str
    author: str
    subject: str
    keywords: str
    created: dt.datetime  # aware


@dataclass(frozen=True)
class Placement:
    """Where each part landed: its first page (0-based) and page count, in the order given."""

    starts: tuple[int, ...]
    counts: tuple[int, ...]


def _reader(pdf: bytes | Path | PdfReader) -> PdfReader:
    if isinstance(pdf, PdfReader):
        return pdf
    return PdfReader(BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def page_size(page) -> tuple[float, float]:
    """The visible size of a page in pt, after its /Rotate is applied."""
    box = page.cropbox
    w, h = float(box.width), float(box.height)
    return (h, w) if (page.rotation or 0) % 180 else (w, h)


def _pdf_date(t: dt.datetime) -> str:
    offset = t.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return t.strftime("D:%Y%m%d%H%M%S") + f"{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def _xmp(info: Info, producer: str, creator_tool: str) -> bytes:
    stamp = info.created.isoformat(timespec="seconds")
    x = escape
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{x(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{x(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{x(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>vi</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>{x(creator_tool)}</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{x(producer)}</pdf:Producer>
   <pdf:Keywords>{x(info.keywords)}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _icc() -> bytes:
    import weasyprint

    return (Path(weasyprint.__file__).parent / "pdf" / "sRGB2014.icc").read_bytes()


def _make_pdfa(writer: PdfWriter, info: Info) -> None:
    import pypdf

    producer = f"hoso {__version__}; pypdf {pypdf.__version__}"
    creator_tool = f"hoso {__version__}"
    created = _pdf_date(info.created)
    writer.add_metadata(
        {
            "/Title": info.title,
            "/Author": info.author,
            "/Subject": info.subject,
            "/Keywords": info.keywords,
            "/Creator": creator_tool,
            "/Producer": producer,
            "/CreationDate": created,
            "/ModDate": created,
        }
    )
    metadata = StreamObject()
    metadata.set_data(_xmp(info, producer, creator_tool))  # PDF/A: the XMP stream is not compressed
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    icc = StreamObject()
    icc.set_data(_icc())
    icc[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/DestOutputProfile"): writer._add_object(icc),
        }
    )
    root = writer.root_object
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    root[NameObject("/Lang")] = TextStringObject("vi")


def assemble(
    parts: list[Part], stamps: bytes | Path, info: Info, target: Path, labels: list[str] | None = None
) -> Placement:
    """Write the dossier PDF from ``parts`` in order; the pages of "sheets" parts get the sheet numbers of
    ``stamps`` (one stamp page per sheet, in order), and the page labels say the same numbers: ``labels``
    (one per sheet: "1", "2"…, "12a" for an inserted sheet), or 1, 2, 3… when not given."""
    writer = PdfWriter()
    starts, counts = [], []
    for part in parts:
        reader = _reader(part.pdf)
        starts.append(len(writer.pages))
        counts.append(len(reader.pages))
        writer.append(reader, import_outline=False)
        if reader.pages:
            writer.add_outline_item(title=part.bookmark, page_number=starts[-1])

    stamp_pages = _reader(stamps).pages
    sheet = 0
    for part, start, count in zip(parts, starts, counts, strict=True):
        if part.label != "sheets":
            continue
        for page in writer.pages[start : start + count]:
            if page.rotation:  # an office scan turned sideways: stamp the corner a reader sees
                page.transfer_rotation_to_content()
            box = page.cropbox
            page.merge_transformed_page(
                stamp_pages[sheet], Transformation().translate(float(box.left), float(box.bottom))
            )
            page.compress_content_streams()
            sheet += 1
    if sheet != len(stamp_pages):
        raise ValueError(f"{len(stamp_pages)} sheet numbers for {sheet} sheets")

    _label_pages(writer, parts, starts, counts, labels)
    _make_pdfa(writer, info)
    writer.generate_file_identifiers()  # PDF/A wants the trailer's /ID; pypdf writes none by default
    with open(target, "wb") as f:
        writer.write(f)
    return Placement(tuple(starts), tuple(counts))


def _label_pages(
    writer: PdfWriter, parts: list[Part], starts: list[int], counts: list[int], labels: list[str] | None
) -> None:
    """Page labels: "Bìa", "ML-1"…, the sheet numbers, "CTKT", so a viewer's page box shows what is stamped."""
    for part, start, count in zip(parts, starts, counts, strict=True):
        if count == 0:
            continue
        if part.label == "cover":
            writer.set_page_label(start, start + count - 1, prefix="Bìa")
        elif part.label == "index":
            writer.set_page_label(start, start + count - 1, style=PageLabelStyle.DECIMAL, prefix="ML-", start=1)
        elif part.label == "closing":
            writer.set_page_label(start, start + count - 1, prefix="CTKT")
    sheet_pages = [
        page for p, s, c in zip(parts, starts, counts, strict=True) if p.label == "sheets" for page in range(s, s + c)
    ]
    labels = labels or [str(n) for n in range(1, len(sheet_pages) + 1)]
    if len(labels) != len(sheet_pages):
        raise ValueError(f"{len(labels)} sheet labels for {len(sheet_pages)} sheets")
    for first, last, label in _label_runs(sheet_pages, labels):
        if label.isdigit():  # a run of consecutive sheets on consecutive pages: one entry
            writer.set_page_label(first, last, style=PageLabelStyle.DECIMAL, start=int(label))
        else:  # an inserted sheet ("12a"): the whole label as a prefix
            writer.set_page_label(first, last, prefix=label)


def _label_runs(pages: list[int], labels: list[str]) -> list[tuple[int, int, str]]:
    """(first page, last page, first label) of each run of pages numbered 1 higher than the one before."""
    runs: list[tuple[int, int, str]] = []
    for page, label in zip(pages, labels, strict=True):
        if runs and label.isdigit() and runs[-1][2].isdigit():
            first, last, start = runs[-1]
            if page == last + 1 and int(label) == int(start) + (last - first) + 1:
                runs[-1] = (first, page, start)
                continue
        runs.append((page, page, label))
    return runs


# --- checking -------------------------------------------------------------------------------------


def _fonts_of(resources, seen: set[int], out: list) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            out.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            _fonts_of(xobject.get("/Resources"), seen, out)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by the file's own procedures
    if font.get("/Subtype") == "/Type0":
        return all(_embedded(d.get_object()) for d in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def check(path: Path) -> list[str]:
    """What keeps ``path`` from being PDF/A-2b, as far as can be told here (empty list: nothing found)."""
    problems = []
    head = path.read_bytes()[:64]
    if not head.startswith(b"%PDF-1.") or not re.match(rb"%PDF-1\.\d\r?\n%[\x80-\xff]{4}", head):
        problems.append("đầu tệp thiếu dòng chú thích nhị phân")
    reader = PdfReader(path)
    if reader.is_encrypted:
        return problems + ["tệp bị mã hóa"]
    if "/ID" not in reader.trailer:
        problems.append("thiếu mã định danh tệp (/ID)")
    return problems + _catalog_problems(reader) + _page_problems(reader)


def _catalog_problems(reader: PdfReader) -> list[str]:
    """The document-level requirements: output intent, XMP metadata, no automatic actions."""
    problems = []
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    intents = root.get("/OutputIntents") or []
    if not any(i.get_object().get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i.get_object() for i in intents):
        problems.append("thiếu OutputIntent GTS_PDFA1 có hồ sơ màu")
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""
    if "<pdfaid:part>2</pdfaid:part>" not in xmp or "<pdfaid:conformance>B</pdfaid:conformance>" not in xmp:
        problems.append("XMP không khai báo PDF/A-2b")
    if metadata is not None and "/Filter" in metadata.get_object():
        problems.append("luồng XMP bị nén")
    title = reader.metadata.get("/Title") if reader.metadata else None
    if title and escape(str(title)) not in xmp:
        problems.append("tiêu đề trong XMP khác tiêu đề tài liệu")
    names = root.get("/Names")
    if (names is not None and "/JavaScript" in names.get_object()) or "/AA" in root or "/OpenAction" in root:
        problems.append("tệp có mã lệnh hoặc hành động tự chạy")
    return problems


def _page_problems(reader: PdfReader) -> list[str]:
    """Per page: annotations that do not print or that act, and fonts that are not embedded."""
    problems = []
    seen: set[int] = set()
    fonts: list = []
    for number, page in enumerate(reader.pages, 1):
        _fonts_of(page.get("/Resources"), seen, fonts)
        for annotation in page.get("/Annots") or []:
            a = annotation.get_object()
            if a.get("/Subtype") in ("/Popup", "/Link"):
                continue
            flags = int(a.get("/F", 0))
            if not flags & 4 or flags & 2:
                problems.append(f"trang {number}: chú thích không được phép in")
            action = a.get("/A")
            if action is not None and action.get_object().get("/S") in ("/Launch", "/JavaScript"):
                problems.append(f"trang {number}: chú thích có hành động không được phép")
    for font in fonts:
        if not _embedded(font):
            problems.append(f"phông chữ {font.get('/BaseFont')} không được nhúng")
    return problems


def fonts_embedded(path: Path) -> bool:
    """Every font the pages of ``path`` use is embedded (what a declared-PDF/A attachment must keep)."""
    reader = PdfReader(path)
    seen: set[int] = set()
    fonts: list = []
    for page in reader.pages:
        _fonts_of(page.get("/Resources"), seen, fonts)
    return all(_embedded(f) for f in fonts)
