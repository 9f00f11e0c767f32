"""Stage 2 — Documents: the official document set of one session, as editable DOCX and as PDF.

    compose.py        records -> Document (one per document type, in the order of the work)
    profile.py        the format rules of ND30 / HD36, read from templates/profiles/
    pdf.py            Document -> HTML -> PDF (WeasyPrint, no URL ever fetched)
    docx.py           Document -> DOCX (docxtpl, the profile's Word template or the unit's own)
    docx_template.py  builds the default Word templates from a profile
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..record import unit_root
from ..record.model import RecordSet, Session
from . import docx, pdf
from .compose import compose_session
from .docx import TemplateProblem
from .model import Document

__all__ = ["Rendered", "TemplateProblem", "compose_session", "render_session"]


@dataclass(frozen=True)
class Rendered:
    document: Document
    docx: Path
    pdf: Path


def render_session(records: RecordSet, session: Session, out: Path) -> list[Rendered]:
    """Write every composed document of ``session`` into ``out`` as DOCX and PDF."""
    out.mkdir(parents=True, exist_ok=True)
    unit_folder = unit_root(session.path)
    results = []
    for document in compose_session(records, session):
        docx_path, pdf_path = out / f"{document.stem}.docx", out / f"{document.stem}.pdf"
        docx.to_docx(document, docx_path, docx.template_for(document.profile.id, unit_folder))
        pdf.to_pdf(document, pdf_path)
        results.append(Rendered(document, docx_path, pdf_path))
    return results
