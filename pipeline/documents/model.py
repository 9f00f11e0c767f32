"""One official document, composed once and rendered twice (DOCX and PDF) from the same data.

Because both renditions read the same ``ComposedDocument``, they cannot disagree on a word; the tests check it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..profile import Profile


class TemplateProblem(Exception):
    """A template or text file that cannot be used; the message names the file and the place in it."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body. ``style`` names a paragraph style both renditions define:

    body     justified, first-line indent (nội dung)
    heading  bold section heading (I. MỤC ĐÍCH, YÊU CẦU)
    item     a run-in list item, no first-line indent
    centre   centred line (e.g. the minutes' closing line)

    ``keep`` keeps it on the page of what follows (a sub-heading such as "1. Theo lĩnh vực"); a heading
    always is.
    """

    text: str
    style: str = "body"
    keep: bool = False

    @property
    def keeps_with_next(self) -> bool:
        """On the page of what follows: a heading, a sub-heading, a line that announces it ("…, cụ thể:")."""
        return self.keep or self.style == "heading" or self.text.rstrip().endswith(":")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative widths, one per column


@dataclass(frozen=True)
class Figure:
    """A chart: SVG for the PDF (stays sharp in print), PNG for the DOCX, and the caption under it."""

    svg: str
    png: bytes
    caption: str
    width_mm: float = 150

    @property
    def svg_data_url(self) -> str:
        import base64

        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


@dataclass(frozen=True)
class Addressees:
    """The "Kính gửi:" of a công văn (ND30 Phụ lục I, Mục II, khoản 9, điểm d; Phụ lục III, Mẫu 1.5): one
    recipient on the line of "Kính gửi:"; several on the lines below, each "- name;", the dashes aligned
    under the colon and the last line ending with a full stop. The block is centred on the page:
    ``width_mm`` is its width, ``indent_mm`` where the dashes stand (the width of "Kính gửi")."""

    names: tuple[str, ...]
    width_mm: float
    indent_mm: float
    label: str = "Kính gửi:"

    @property
    def single(self) -> bool:
        return len(self.names) == 1

    @property
    def lines(self) -> tuple[str, ...]:
        if self.single:
            return (f"{self.label} {self.names[0]}.",)
        return tuple(f"- {n}{'.' if i == len(self.names) - 1 else ';'}" for i, n in enumerate(self.names))


Block = Paragraph | Table | Figure | Addressees


@dataclass(frozen=True)
class Signature:
    """Khối chữ ký: authority line (TM. ỦY BAN NHÂN DÂN), title (CHỦ TỊCH), space to sign, name."""

    title: str
    name: str
    authority: str | None = None


@dataclass(frozen=True)
class Gap:
    """A placeholder in a composed document: the record key that would fill it, and what is missing."""

    key: str  # e.g. "bao_cao_du_luan"
    missing: str  # "chưa có nội dung báo cáo dư luận xã hội"


@dataclass(frozen=True)
class ComposedDocument:
    """A document hoso drafts (dự thảo), with everything its header, body and signature blocks print."""

    stem: str  # file name without extension: 02-giay-moi
    doc_type: str  # the record's document type: "giấy mời"
    profile: Profile
    parent_body: str | None  # cơ quan chủ quản / cấp trên trực tiếp
    issuer: str  # cơ quan ban hành
    number_line: str | None  # "Số: 05/GM-UBND"; None for an unnumbered document
    place_date: str  # "An Khánh, ngày 15 tháng 9 năm 2025"
    type_name: str | None  # "GIẤY MỜI"; None for a công văn
    subject: str  # trích yếu
    body: tuple[Block, ...]
    signatures: tuple[Signature, ...]  # one: on the right; two: left and right (biên bản)
    recipients: tuple[str, ...] = ()  # nơi nhận, without the final "Lưu" line
    archive_line: str | None = None  # the office's own "Lưu: VT, KT." from the record; None: the profile's
    # metadata the archive stage records
    number: int | None = None
    notation: str | None = None
    date: dt.date | None = None
    restricted: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)  # what the composer had to assume, for the clerk
    gaps: tuple[Gap, ...] = ()  # where it printed a placeholder because the record lacks something
    unknown: tuple[str, ...] = ()  # facts it needs that the record says are "không rõ": it must not be issued
    draft: bool = True  # dự thảo: every rendition carries a "DỰ THẢO" mark
    # "(Kèm theo Giấy mời số 85/GM-UBND ngày …)": a document issued with another one (ND30 Phụ lục III, the
    # model of a document issued with a decision): no số, no date line, no signature and no Nơi nhận of its own
    attached_to: str | None = None
    subject_lines: str | None = None  # the trích yếu as printed, with the line breaks that balance its lines

    def kept_with_next(self, index: int) -> bool:
        """Whether body block ``index`` stays on the page of the next one: a heading or a line announcing
        what follows, when what follows is text. Not before a table: LibreOffice does not keep a paragraph
        with a table, and the DOCX must break pages where the PDF does."""
        block = self.body[index]
        following = self.body[index + 1] if index + 1 < len(self.body) else None
        return isinstance(block, Paragraph) and block.keeps_with_next and isinstance(following, (Paragraph, Addressees))

    @property
    def printed_subject(self) -> str:
        return self.subject_lines or self.subject

    @property
    def is_letter(self) -> bool:
        """Công văn: no type name; the trích yếu "V/v …" sits under the number."""
        return self.type_name is None
