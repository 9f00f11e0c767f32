"""Benchmark: render the whole document set (8 documents, DOCX + PDF) of one demo session.

    .venv/bin/python bench/render.py [--runs N] [--session ID]

Runs in one process, pinned to one core where the OS allows it. The first render pays WeasyPrint's
import and font loading; it is reported apart. The figure quoted in the README is the median of the
warm runs, with the split between composing, DOCX and PDF.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.documents import compose_session, docx, pdf  # noqa: E402
from pipeline.record import load, unit_root  # noqa: E402


def render_once(records, session, out: Path) -> dict[str, float]:
    """One full render, timed per step (the same steps as pipeline.documents.render_session)."""
    t0 = time.perf_counter()
    documents = compose_session(records, session)
    t1 = time.perf_counter()
    template = docx.template_for(documents[0].profile.id, unit_root(session.path))
    for d in documents:
        docx.to_docx(d, out / f"{d.stem}.docx", template)
    t2 = time.perf_counter()
    for d in documents:
        pdf.to_pdf(d, out / f"{d.stem}.pdf")
    t3 = time.perf_counter()
    return {"compose": t1 - t0, "docx": t2 - t1, "pdf": t3 - t2, "total": t3 - t0, "documents": len(documents)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--session", default="UBND-AK-2026-01", help="session id in examples/")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    t = time.perf_counter()
    records = load([REPO / "examples"]).records
    load_s = time.perf_counter() - t
    session = next(s for s in records.sessions if s.id == args.session)

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        import weasyprint  # noqa: F401  (what the first render of a process pays once)

        import_s = time.perf_counter() - t
        cold = render_once(records, session, Path(tmp))
        warm = [render_once(records, session, Path(tmp)) for _ in range(args.runs)]
        pages = 0
        from pypdf import PdfReader

        for f in Path(tmp).glob("*.pdf"):
            pages += len(PdfReader(f).pages)

    def med(key: str) -> float:
        return statistics.median(r[key] for r in warm)

    print(f"session {session.id}: {cold['documents']} documents, {pages} PDF pages, DOCX + PDF, one core")
    print(f"  reading and checking the demo records   {load_s:6.3f} s")
    print(f"  import weasyprint (once per process)     {import_s:6.3f} s")
    print(f"  first render in the process              {cold['total']:6.3f} s")
    print(
        f"  warm render, median of {args.runs}               {med('total'):6.3f} s"
        f"   (min {min(r['total'] for r in warm):.3f}, max {max(r['total'] for r in warm):.3f})"
    )
    print(f"    compose {med('compose'):.3f} s | DOCX {med('docx'):.3f} s | PDF {med('pdf'):.3f} s")


if __name__ == "__main__":
    main()
