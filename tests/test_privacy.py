"""Petitioners' names and addresses never reach anyone not allowed: every byte the local page serves
(pages, entries, register, dossier PDFs) and every `hoso search --json` answer, without personal access,
is searched for each petitioner's name and full address of the demo data, also with diacritics removed."""

import html
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pypdfium2
import pytest
from conftest import REPO

from pipeline.formatting import public_place
from pipeline.index import Query, catalog, open_index
from pipeline.record import load
from pipeline.record.personal import Redactor, is_person
from pipeline.text import fold
from pipeline.web import Settings, serve_in_background

# A citizen named, with his house, only in a scanned letter of the demo (UBND-ST-2024-02's đơn kiến nghị):
# no record knows him, so no redaction can catch him; only keeping the scan's text private can.
ONLY_IN_SCANS = (["Huỳnh Văn Tài"], ["số 14, xóm Bàu Sen"])


@pytest.fixture(scope="module")
def people():
    """(name, full address) of every petitioner of the demo data who is a person, and the addresses that
    say more than the village a public text may name; with those a scanned original alone names."""
    records = load([REPO / "examples"]).records
    petitions = list(records.petitions())
    names = sorted({p.raised_by for p in petitions if is_person(p.raised_by)})
    addresses = sorted({p.address for p in petitions if p.address and p.address != public_place(p.address)})
    assert len(names) > 30 and len(addresses) > 10  # the demo data has something to leak
    recorded = "".join(s.path.read_text(encoding="utf-8") for s in records.sessions)
    assert not any(value in recorded for value in ONLY_IN_SCANS[0] + ONLY_IN_SCANS[1])
    return names + ONLY_IN_SCANS[0], addresses + ONLY_IN_SCANS[1]


def leaks(text: str, names: list[str], addresses: list[str]) -> list[str]:
    flat, folded = " ".join(text.split()), fold(" ".join(text.split()))
    found = []
    for value in names + addresses:
        bare = re.sub(r"^(Ông|Bà) ", "", value)
        if bare in flat or fold(bare) in folded:
            found.append(value)
    return found


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.read()
    except urllib.error.HTTPError as e:
        return e.read()


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def served(demo_archive, tmp_path_factory, people):
    """Everything the page serves to a user without personal access, as (what, text) pairs."""
    root, bags = demo_archive
    folder = tmp_path_factory.mktemp("chi-muc-rieng-tu")
    catalog.update(root, folder)
    names, addresses = people
    server, base = serve_in_background(Settings(root, folder, restricted=True))  # restricted, not personal
    out: list[tuple[str, str]] = []

    def page(url: str, typed: str) -> tuple[str, str]:
        """A page, without the words the user typed that it shows back (in the search box)."""
        text = fetch(url).decode("utf-8", "replace")
        return url, text.replace(html.escape(typed), "").replace(typed, "")

    try:
        words = names + addresses + [fold(n) for n in names] + ["đất đai", "kiến nghị", "biên bản", "ông", "bà"]
        for q in words:
            for level in ("", "kien-nghi", "van-ban", "buoi"):
                url = f"{base}/?" + urllib.parse.urlencode({"q": q, "loai": level} if level else {"q": q})
                out.append(page(url, q))
        out.append(("register", fetch(f"{base}/so-theo-doi").decode("utf-8", "replace")))
        with open_index(folder) as index:
            entries = index.search(Query(per_page=500, include_restricted=True)).hits
        for hit in entries:
            url = f"{base}/muc?" + urllib.parse.urlencode({"id": hit.entry.id, "q": names[0]})
            out.append(page(url, names[0]))
        for bag in bags.values():
            relative = bag.relative_to(root).as_posix()
            for name in ("ho-so.pdf", "ho-so-cong-khai.pdf"):
                data = fetch(f"{base}/ho-so/{relative}/{name}")
                assert data.startswith(b"%PDF"), relative  # served: the public rendition, whichever was asked
                out.append((f"{relative}/{name}", pdf_text(data)))
    finally:
        server.shutdown()
    return out


def test_no_page_entry_register_or_pdf_served_without_personal_access_names_a_petitioner(served, people):
    names, addresses = people
    assert len(served) > 400 and sum(what.endswith(".pdf") for what, _ in served) == 14
    found = {what: leaks(text, names, addresses) for what, text in served}
    assert {what: values for what, values in found.items() if values} == {}


def test_no_search_answer_without_personal_access_names_a_petitioner(demo_archive, tmp_path, people, hoso):
    root, _ = demo_archive
    names, addresses = people
    index = tmp_path / "chi-muc"
    catalog.update(root, index)
    for q in names[:12] + addresses[:6] + ["đất đai", "biên bản"]:
        result = hoso("search", q, "--archive", str(root), "--index", str(index), "--json", "--restricted",
                      "--per-page", "500")  # fmt: skip
        assert result.exit_code == 0
        assert leaks(result.stdout, names, addresses) == [], q
        assert json.loads(result.stdout)["total"] >= 0


def test_with_personal_access_the_names_are_there(demo_archive, tmp_path, people):
    """The check above can fail: the full dossier and personal search do hold them."""
    root, bags = demo_archive
    names, addresses = people
    bag = next(b for b in bags.values() if "UBND-AK-2025-01" in b.as_posix())  # its biên bản is hoso's text
    assert leaks(pdf_text((bag / "data" / "ho-so.pdf").read_bytes()), names, addresses)
    index = tmp_path / "chi-muc"
    catalog.update(root, index)
    with open_index(index) as ix:
        hits = ix.search(Query(names[0], include_personal=True, include_restricted=True)).hits
    assert hits and any(names[0] in (h.entry.personal or "") for h in hits)
    # what only a scan says is there too, read by OCR, for those allowed
    scan_bag = next(b for b in bags.values() if "UBND-ST-2024-02" in b.as_posix())
    assert leaks(pdf_text((scan_bag / "data" / "ho-so.pdf").read_bytes()), *ONLY_IN_SCANS)
    with open_index(index) as ix:
        hits = ix.search(Query('"Huỳnh Văn Tài"', include_personal=True, include_restricted=True)).hits
    assert [h.entry.doc_type for h in hits] == ["Tài liệu"]
    assert "Huỳnh Văn Tài" in (hits[0].entry.personal or "") and "Huỳnh Văn Tài" not in hits[0].entry.text


def test_a_public_text_keeps_the_village_and_drops_the_house():
    assert public_place("số 13, xóm Giữa, thôn Phước Lộc") == "thôn Phước Lộc"
    assert public_place("tổ 4, xóm Bàu, thôn An Điềm") == "thôn An Điềm"
    assert public_place("12 đường Lê Lợi") == ""
    from pipeline.record.model import Answer, Petition

    petition = Petition("a", "s", "u", "Ông Nguyễn Văn Tám", "số 13, xóm Giữa, thôn Phước Lộc", "đất đai", "x",
                        Answer("xin tiếp thu"), None, None, None)  # type: ignore[arg-type]  # fmt: skip
    scrubbed = Redactor([petition]).scrub("Hộ ông Nguyễn Văn\nTám (số 13, xóm Giữa, thôn Phước Lộc) đề nghị")
    assert scrubbed == "Hộ [người nêu ý kiến] (thôn Phước Lộc) đề nghị"
