"""Stage 2 — Documents: the official document set of one session, as editable DOCX and as PDF.

    compose.py        records -> ComposedDocument, one composer function per document type it drafts
    texts.py          the fixed texts (nội quy, default programme, standard sentences) from templates/van-ban/
    model.py          ComposedDocument and its blocks: what both renditions draw
    pdf.py            ComposedDocument -> HTML -> PDF (WeasyPrint, no URL ever fetched)
    docx.py           ComposedDocument -> DOCX (docxtpl, the profile's Word template or the unit's own)
    docx_template.py  builds the default Word templates from a profile
    metrics.py        printed text widths (Liberation Serif metrics)

The format rules themselves are the profiles (``pipeline.profile``); the document types are declared in
``pipeline.doctypes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..record import unit_root
from ..record.model import RecordSet, Session
from .compose import compose_session
from .model import ComposedDocument, TemplateProblem

__all__ = ["Rendered", "Rendering", "TemplateProblem", "compose_session", "render_session"]


@dataclass(frozen=True)
class Rendered:
    document: ComposedDocument
    docx: Path
    pdf: Path


@dataclass
class Rendering:
    """What ``render_session`` wrote (iterating gives it), and the documents it refused to compose because
    the record says a fact they need is "không rõ" (``document.unknown`` names it)."""

    rendered: list[Rendered] = field(default_factory=list)
    refused: list[ComposedDocument] = field(default_factory=list)

    def __iter__(self) -> Iterator[Rendered]:
        return iter(self.rendered)

    def __len__(self) -> int:
        return len(self.rendered)

    def __getitem__(self, index: int) -> Rendered:
        return self.rendered[index]


def render_session(records: RecordSet, session: Session, out: Path, signing: bool = False) -> Rendering:
    """Write every document hoso drafts for ``session`` into ``out`` as DOCX and PDF: drafts carry a DỰ THẢO
    mark unless ``signing`` (the version to print and sign) or the record says they were issued."""
    from . import docx, pdf  # the renderers load only when something is rendered

    out.mkdir(parents=True, exist_ok=True)
    unit_folder = unit_root(session.path)
    results = Rendering()
    for document in compose_session(records, session, signing=signing):
        if document.unknown:
            results.refused.append(document)
            continue
        docx_path, pdf_path = out / f"{document.stem}.docx", out / f"{document.stem}.pdf"
        docx.to_docx(document, docx_path, docx.template_for(document.profile.id, unit_folder))
        pdf.to_pdf(document, pdf_path)
        results.rendered.append(Rendered(document, docx_path, pdf_path))
    return results
