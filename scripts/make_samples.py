"""Regenerate docs/samples/: page 1 of every document type in both variants, as small PNGs.

    .venv/bin/python scripts/make_samples.py

Uses the demo data: a State session (ND30) and a Party session (HD36).
"""

import sys
import tempfile
from pathlib import Path

import pypdfium2

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.documents import render_session  # noqa: E402
from pipeline.record import load  # noqa: E402

SESSIONS = {"ND30": "UBND-AK-2026-01", "HD36": "DU-AK-2026-02"}
DPI = 70


def main() -> None:
    out = REPO / "docs" / "samples"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    records = load([REPO / "examples"]).records
    with tempfile.TemporaryDirectory() as tmp:
        for profile, session_id in SESSIONS.items():
            session = next(s for s in records.sessions if s.id == session_id)
            for r in render_session(records, session, Path(tmp) / profile):
                pdf = pypdfium2.PdfDocument(r.pdf)
                image = pdf[0].render(scale=DPI / 72).to_pil().convert("L")
                target = out / f"{profile}-{r.document.stem}.png"
                image.save(target, optimize=True)
                pdf.close()
                print(f"{target.relative_to(REPO)}  {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
