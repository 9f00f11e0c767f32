"""What an inspection reads on paper (issue 14, defects 1, 5, 8, 9 and 10), read back from the PDF with
positions (pdfplumber) and from the DOCX (python-docx). The rules and their sources are listed in the
README ("Thể thức văn bản: quy tắc được kiểm tra").
"""

import datetime as dt
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as Docx

from pipeline.documents import compose_session, docx, pdf
from pipeline.documents.compose import balanced_lines
from pipeline.documents.metrics import text_width_mm
from pipeline.followup import register, report
from pipeline.profile import load_profile
from pipeline.record import load

EXAMPLES = Path(__file__).parents[1] / "examples"
PT_PER_MM = 72 / 25.4
SESSIONS = {"ND30": "UBND-AK-2026-01", "HD36": "DU-AK-2026-02"}
AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def records():
    return load([EXAMPLES]).records


@pytest.fixture(scope="module")
def rendered(records, tmp_path_factory):
    """Each profile's session documents, its unit's annual report and its register, as PDF and DOCX."""
    out = {}
    for profile_id, session_id in SESSIONS.items():
        folder = tmp_path_factory.mktemp(profile_id)
        session = next(s for s in records.sessions if s.id == session_id)
        unit = records.units[session.unit]
        documents = compose_session(records, session)
        documents.append(report.document(report.figures(records, 2026, [unit], AS_OF), unit, None, None))
        rows = register.rows(records, AS_OF, register.Filters(units=(unit.code,)))
        documents.append(register.to_document(rows, records, unit, AS_OF))
        for d in documents:
            pdf.to_pdf(d, folder / f"{d.stem}.pdf")
            docx.to_docx(d, folder / f"{d.stem}.docx", docx.template_for(profile_id, None))
            out[profile_id, d.stem] = (d, folder / f"{d.stem}.pdf", folder / f"{d.stem}.docx")
    return out


def pdf_lines(path: Path, left_of_mm: float | None = None) -> list[tuple[int, dict]]:
    """(page number, line) for every text line, lines as pdfplumber finds them (with their chars); with
    ``left_of_mm``, only what lies left of that (the closing block's left column)."""
    with pdfplumber.open(path) as document:
        pages = document.pages
        if left_of_mm is not None:
            pages = [page.crop((0, 0, left_of_mm * PT_PER_MM, page.height)) for page in pages]
        return [(n, line) for n, page in enumerate(pages, 1) for line in page.extract_text_lines()]


def left_column_mm(profile_id: str) -> float:
    """Where the closing block's left column ends: the middle of the text width."""
    m = load_profile(profile_id).margins_mm
    return m["trai"] + (210 - m["trai"] - m["phai"]) / 2


def text_of(path: Path) -> str:
    return "\n".join(line["text"] for _, line in pdf_lines(path))


def docx_paragraphs(path: Path) -> list[str]:
    """Every paragraph of the body, table cells included, in order."""
    from docx.oxml.ns import qn

    body = Docx(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


# --- defect 1: Nơi nhận on every document sent (ND30 Điều 8 khoản 1 điểm i; Phụ lục I, Mục II, khoản 9) ----


SENT = ["04-chuong-trinh", "05-bao-cao-du-luan", "06-bao-cao-ket-qua-buoi-truoc", "bao-cao-nam-2026",
        "danh-sach-kien-nghi"]  # fmt: skip


@pytest.mark.parametrize("profile_id", SESSIONS)
@pytest.mark.parametrize("stem", SENT)
def test_reports_programme_and_register_carry_noi_nhan(rendered, profile_id, stem):
    document, pdf_path, docx_path = rendered[profile_id, stem]
    profile = load_profile(profile_id)
    assert document.recipients, "a document sent upward names who receives it"
    lines = pdf_lines(pdf_path, left_column_mm(profile_id))
    label = [(n, line) for n, line in lines if line["text"].strip() == profile.recipients_label]
    assert len(label) == 1, "one Nơi nhận"
    page, line = label[0]
    # flush with the left margin, level with the signer's block, on the last page
    assert line["x0"] == pytest.approx(profile.margins_mm["trai"] * PT_PER_MM, abs=1.5)
    assert page == max(n for n, _ in lines)
    after = [item["text"] for n, item in lines if n == page and item["top"] > line["top"]]
    assert any(text.startswith("- ") and document.recipients[0][:20] in text for text in after)
    archive = [text for text in after if text.startswith("- Lưu")]
    assert len(archive) == 1 and archive[0].endswith(".")
    paragraphs = docx_paragraphs(docx_path)
    assert paragraphs.count(profile.recipients_label) == 1
    assert f"- {document.recipients[0]};" in paragraphs


# --- defect 5: the công văn's Kính gửi and "Như trên" (Phụ lục I, Mục II, khoản 9, điểm b and d) -------


def test_cong_van_kinh_gui_one_recipient_per_line_dashes_under_the_colon(rendered):
    document, pdf_path, docx_path = rendered["ND30", "02-cong-van-trieu-tap"]
    lines = [line for n, line in pdf_lines(pdf_path) if n == 1]
    at = next(i for i, line in enumerate(lines) if line["text"].strip() == "Kính gửi:")
    colon = next(c for c in lines[at]["chars"] if c["text"] == ":")
    listed: list[dict] = []  # the first line of each recipient
    items: list[str] = []  # each recipient's whole text, wrapped lines joined
    for line in lines[at + 1 :]:
        if line["text"].startswith("- "):
            listed.append(line)
            items.append(line["text"])
        elif items and not items[-1].endswith("."):
            items[-1] += " " + line["text"]  # a long name wrapped onto the next line
        else:
            break
    assert len(listed) >= 2
    dashes = [line["chars"][0]["x0"] for line in listed]
    assert max(dashes) - min(dashes) < 0.5, "the dashes line up"
    assert colon["x0"] - 2 <= dashes[0] <= colon["x1"] + 2, "under the colon"
    assert all(item.endswith(";") for item in items[:-1]) and items[-1].endswith(".")
    assert [item[2:-1] for item in items] == list(document.body[0].names)
    # the block is centred: it does not start at the left margin
    assert lines[at]["x0"] > load_profile("ND30").margins_mm["trai"] * PT_PER_MM + 5 or len(listed) > 5
    # the Nơi nhận begins "- Như trên;"
    text = [line["text"] for _, line in pdf_lines(pdf_path, left_column_mm("ND30"))]
    assert text[text.index("Nơi nhận:") + 1].startswith("- Như trên;")
    paragraphs = docx_paragraphs(docx_path)
    assert "Kính gửi:" in paragraphs
    assert paragraphs[paragraphs.index("Nơi nhận:") + 1] == "- Như trên;"
    assert [p for p in paragraphs if p.startswith("- ") and p.endswith((";", "."))][: len(listed)]


def test_one_addressee_sits_on_the_line_of_kinh_gui(records):
    from pipeline.documents.compose import _addressees

    one = _addressees(load_profile("ND30"), ("Sở Nông nghiệp và Môi trường",))
    assert one.lines == ("Kính gửi: Sở Nông nghiệp và Môi trường.",)
    two = _addressees(load_profile("ND30"), ("A", "B"))
    assert two.lines == ("- A;", "- B.")
    assert two.indent_mm == pytest.approx(text_width_mm("Kính gửi", 14, False))


# --- defect 8: the nội quy issued with the convocation; the DANH SÁCH numbered ---------------------------


@pytest.mark.parametrize("profile_id", SESSIONS)
def test_noi_quy_is_issued_with_the_convocation(rendered, profile_id):
    document, pdf_path, docx_path = rendered[profile_id, "03-noi-quy"]
    convocations = [d for (p, _), (d, _, _) in rendered.items() if p == profile_id and d.stem.startswith("02-")]
    text = " ".join(text_of(pdf_path).split())
    profile = load_profile(profile_id)
    carriers = [
        d for d in convocations
        if f"(Kèm theo {d.doc_type.capitalize()} số {profile.reference(d.notation, d.number)} ngày" in text
    ]  # fmt: skip
    assert len(carriers) == 1 and carriers[0].number
    convocation = carriers[0]
    assert not any(line.startswith("Số") for line in text_of(pdf_path).splitlines()[:8])
    # no signature, no Nơi nhận of its own: the convocation's cover it
    assert "Nơi nhận" not in text and not document.signatures
    assert not any(s.name and s.name in text for s in convocation.signatures)
    assert document.attached_to in docx_paragraphs(docx_path)


@pytest.mark.parametrize("profile_id", SESSIONS)
def test_register_list_has_a_number_line(rendered, profile_id):
    document, pdf_path, _ = rendered[profile_id, "danh-sach-kien-nghi"]
    assert document.number_line and "DS" in document.number_line
    first_lines = [line["text"] for n, line in pdf_lines(pdf_path) if n == 1][:8]
    assert any(" ".join(document.number_line.split()) in line for line in first_lines)


# --- defect 9: the biên bản against Mẫu 1.9 (ND30 Phụ lục III) and HD36 -----------------------------------


def test_nd30_minutes_follow_mau_1_9(rendered):
    document, pdf_path, docx_path = rendered["ND30", "08-bien-ban"]
    lines = pdf_lines(pdf_path)
    first = [line["text"] for n, line in lines if n == 1]
    assert not any("ngày" in line and line.startswith("An Khánh,") for line in first), "no place-and-date line"
    last = max(n for n, _ in lines)
    on_last = [line for n, line in lines if n == last]
    signers = next(line for line in on_last if "THƯ KÝ" in line["text"])
    assert "CHỦ TỌA" in signers["text"] and "CHỦ TRÌ" not in signers["text"]
    on_last = [line for n, line in pdf_lines(pdf_path, left_column_mm("ND30")) if n == last]
    secretary = document.signatures[0].name
    name = next(line for line in on_last if secretary in line["text"])
    label = next(line for line in on_last if line["text"].strip() == "Nơi nhận:")
    assert label["top"] > name["top"] and label["x0"] < name["x0"], "Nơi nhận under the secretary's signature"
    assert any(line["text"] == "- Lưu: VT, Hồ sơ." for line in on_last)
    paragraphs = docx_paragraphs(docx_path)
    assert {"THƯ KÝ", "CHỦ TỌA", "Nơi nhận:", "- Lưu: VT, Hồ sơ."} <= set(paragraphs)
    assert paragraphs.index("Nơi nhận:") > paragraphs.index(secretary)


def test_hd36_minutes_keep_the_date_line_and_have_noi_nhan(rendered):
    document, pdf_path, _ = rendered["HD36", "08-bien-ban"]
    assert "An Khánh, ngày" in text_of(pdf_path)  # HD36 ô 4: every Party document is dated in its header
    left = [line["text"] for _, line in pdf_lines(pdf_path, left_column_mm("HD36"))]
    assert left.count("Nơi nhận:") == 1 and "- Lưu Văn phòng, hồ sơ." in left


# --- defect 10: no word alone on the last line of a trích yếu; the register's STT on one line -----------


@pytest.mark.parametrize("profile_id", SESSIONS)
def test_annual_report_trich_yeu_has_no_lone_last_word(rendered, profile_id):
    document, pdf_path, docx_path = rendered[profile_id, "bao-cao-nam-2026"]
    lines = [line["text"] for n, line in pdf_lines(pdf_path) if n == 1]
    start = lines.index("BÁO CÁO") + 1
    words = document.subject.split()
    printed, count = [], 0
    for line in lines[start:]:
        printed.append(line)
        count += len(line.split())
        if count >= len(words):
            break
    assert " ".join(printed).split() == words
    assert all(len(line.split()) > 1 for line in printed)
    assert document.printed_subject.replace("\n", " ") == document.subject


def test_balanced_lines_moves_one_word_down():
    text = "Kết quả công tác tiếp xúc, đối thoại trực tiếp với Nhân dân năm 2026"
    width = text_width_mm("Kết quả công tác tiếp xúc, đối thoại trực tiếp với Nhân dân năm", 14, True) + 1
    assert balanced_lines(text, width, 14, True) == text.replace(" năm 2026", "\nnăm 2026")
    assert balanced_lines(text, 500, 14, True) == text  # fits on one line
    assert balanced_lines("một hai ba", 5, 14, True) == "một hai ba"  # nothing sensible to balance


@pytest.mark.parametrize("profile_id", SESSIONS)
def test_register_header_stt_on_one_line(rendered, profile_id):
    _, pdf_path, _ = rendered[profile_id, "danh-sach-kien-nghi"]
    with pdfplumber.open(pdf_path) as document:
        words = [w["text"] for w in document.pages[0].extract_words()]
    assert "STT" in words and "ST" not in words
