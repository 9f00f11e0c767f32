"""Signed originals (issue 13): digitally signed PDFs kept byte for byte and checked, the office's own signature
on the dossier, and scans read by OCR so that they can be searched, without leaking what only a scan says."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
import yaml
from conftest import REPO
from signing_fixtures import make_ca, make_signer, sign, write_pkcs12

from pipeline.archive import signatures
from pipeline.cli import PKCS12_PASSWORD
from pipeline.documents import render_session
from pipeline.record import load

PASSWORD = b"mat-khau-thu"
SESSION = "2025-09-25-doi-thoai-dinh-ky"
SIGNED = {  # record type -> (file in ky-so/, who signs it)
    "giấy mời": ("giay-moi.pdf", "trusted"),
    "thông báo kết luận": ("thong-bao-ket-luan.pdf", "stranger"),
    "biên bản": ("bien-ban.pdf", "trusted, then changed"),
}


def page_texts(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    finally:
        document.close()


def append_content(signed: Path, target: Path) -> None:
    """A change after signing: an incremental update that adds text to the first page."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(signed, "rb") as f:
        writer = IncrementalPdfFileWriter(f)
        text = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 50 50 Td (Da sua) Tj ET"))
        writer.add_stream_to_page(0, text)
        with open(target, "wb") as out:
            writer.write(out)


@pytest.fixture(scope="module")
def signed_unit(tmp_path_factory):
    """A copy of the An Khánh unit whose 2025 giấy mời, biên bản and thông báo kết luận were issued as digitally
    signed PDFs (one by a signer of the trusted CA, one by a stranger's CA, one changed after signing), sealed
    with the office's own certificate; (unit, archive root, the sealed bag, the office's files, trust folder)."""
    base = tmp_path_factory.mktemp("ky-so")
    unit = base / "ubnd-xa-an-khanh"
    shutil.copytree(REPO / "examples" / "ubnd-xa-an-khanh", unit)
    for other in unit.iterdir():  # only the 2025 session: the others are not needed here
        if other.is_dir() and other.name[:4].isdigit() and other.name != SESSION:
            shutil.rmtree(other)
    trust = base / "chung-thu-goc"
    ca = make_ca(trust, "CA Chinh phu thu nghiem")
    stranger_ca = make_ca(base / "la", "CA la")
    p12 = {
        "trusted": write_pkcs12(make_signer(ca, "Lê Văn Hùng", "UBND xã An Khánh"), ca, base / "hung.p12", PASSWORD),
        "stranger": write_pkcs12(make_signer(stranger_ca, "Trần Thị Lạ", None), stranger_ca, base / "la.p12", PASSWORD),
        "office": write_pkcs12(make_signer(ca, "UBND xã An Khánh", "UBND xã An Khánh"), ca, base / "vp.p12", PASSWORD),
    }
    records = load([unit]).records
    session = next(s for s in records.sessions if s.folder.name == SESSION)
    folder = session.folder / "ky-so"
    folder.mkdir()
    offices: dict[str, Path] = {}
    at = dt.datetime(2025, 9, 29, 15, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    for rendered in render_session(records, session, base / "ban-in", signing=True):
        kind = rendered.document.doc_type
        if kind not in SIGNED:
            continue
        name, how = SIGNED[kind]
        key = p12["stranger" if how == "stranger" else "trusted"]
        if how.endswith("changed"):
            sign(rendered.pdf, base / name, key, PASSWORD, at=at)
            append_content(base / name, folder / name)
        else:
            sign(rendered.pdf, folder / name, key, PASSWORD, at=at)
        offices[kind] = folder / name
    record = session.path
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    for entry in data["van_ban"]:
        if entry["loai"] in SIGNED:
            entry.pop("ban_hanh", None)
            entry["tep"] = f"ky-so/{SIGNED[entry['loai']][0]}"
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    root = base / "kho"
    command = ["archive", str(session.folder), "--archive", str(root), "--trust", str(trust)]
    command += ["--sign-with", str(p12["office"])]
    environment = {**_env(), PKCS12_PASSWORD: PASSWORD.decode()}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", *command], capture_output=True, text=True, env=environment, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    bag = next(root.glob("ubnd-xa-an-khanh/2025/*/v1"))
    return unit, root, bag, offices, trust, done.stderr


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != PKCS12_PASSWORD}


def test_each_signed_original_is_kept_byte_for_byte_and_its_signature_recorded(signed_unit):
    _, _, bag, offices, _, stderr = signed_unit
    meta = json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
    documents = {d["RecordType"]: d for d in meta["Documents"]}
    for kind, office_file in offices.items():
        kept = bag / documents[kind]["Files"]["goc"]
        assert kept.read_bytes() == office_file.read_bytes(), kind
    [invitation] = documents["giấy mời"]["DigitalSignatures"]
    assert invitation["FullName"] == "Lê Văn Hùng" and invitation["Organization"] == "UBND xã An Khánh"
    assert invitation["Intact"] and invitation["WholeFile"] and invitation["ChainTrusted"] is True
    assert invitation["Verdict"] == "hợp lệ, chuỗi chứng thư tin cậy"
    assert dt.datetime.fromisoformat(invitation["SigningTime"]) == dt.datetime(2025, 9, 29, 8, 30, tzinfo=dt.UTC)
    assert invitation["Revocation"] == "không kiểm tra được khi không có mạng"
    [conclusion] = documents["thông báo kết luận"]["DigitalSignatures"]
    assert conclusion["FullName"] == "Trần Thị Lạ" and conclusion["ChainTrusted"] is False
    assert conclusion["Intact"] and conclusion["WholeFile"]
    assert conclusion["Verdict"].startswith("hợp lệ, chưa xác minh được chuỗi chứng thư")
    [minutes] = documents["biên bản"]["DigitalSignatures"]
    assert not minutes["WholeFile"] and minutes["Verdict"] == "không hợp lệ: tệp đã bị sửa sau khi ký"
    assert "chữ ký số của Lê Văn Hùng: không hợp lệ: tệp đã bị sửa sau khi ký" in stderr
    # the Mục lục's Ghi chú says it too, and each page of a signed original in the dossier says what it is
    pages = page_texts(bag / "data" / "ho-so.pdf")
    index = " ".join(pages[1 : 1 + meta["File"]["IndexSheets"]])
    assert documents["giấy mời"]["Description"] == "Bản ký số (Lê Văn Hùng, 29/9/2025): chữ ký hợp lệ"
    assert documents["thông báo kết luận"]["Description"] == (
        "Bản ký số (Trần Thị Lạ, 29/9/2025): chữ ký hợp lệ, chưa xác minh được chứng thư"
    )
    assert documents["biên bản"]["Description"] == (
        "Bản ký số (Lê Văn Hùng, 29/9/2025): không hợp lệ: tệp đã bị sửa sau khi ký"
    )
    for d in ("giấy mời", "thông báo kết luận", "biên bản"):
        assert documents[d]["Description"] in index, d
    start = documents["giấy mời"]["DossierPage"]
    for k in range(documents["giấy mời"]["PageAmount"]):
        assert f"Bản ký số: tệp {documents['giấy mời']['Files']['goc'].removeprefix('data/')}" in pages[start - 1 + k]


def test_the_office_signs_the_dossier_and_verify_rechecks_every_signature(signed_unit, hoso, tmp_path):
    _, root, bag, _, trust, _ = signed_unit
    meta = json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
    roots = signatures.load_trust_roots(trust)
    for name in ("data/ho-so.pdf", "data/ho-so-cong-khai.pdf"):
        recorded = meta["File"]["DossierSignatures"][name]
        assert recorded["FullName"] == "UBND xã An Khánh" and recorded["Intact"] and recorded["WholeFile"]
        [again] = signatures.check(bag / name, roots)  # an independent check of the sealed file
        assert again.valid and again.trusted is True
        if shutil.which("qpdf"):
            assert subprocess.run(["qpdf", "--check", str(bag / name)], capture_output=True).returncode in (0, 3)
    result = hoso("verify", str(root))
    assert result.exit_code == 0, result.output  # a signature already broken at sealing is not a change

    copy = tmp_path / "kho"
    shutil.copytree(root, copy)
    copied = copy / bag.relative_to(root)
    invitation = next(d for d in meta["Documents"] if d["RecordType"] == "giấy mời")["Files"]["goc"]
    original = copied / invitation
    data = bytearray(original.read_bytes())
    at = data.index(b"stream", data.index(b"/Contents")) + 40  # inside a content stream, in the signed range
    data[at] ^= 0x01
    original.write_bytes(bytes(data))
    result = hoso("verify", str(copy))
    assert result.exit_code == 1
    broken = [line for line in result.stdout.splitlines() if "chữ ký số không còn hợp lệ" in line]
    assert len(broken) == 1 and invitation in broken[0] and "Lê Văn Hùng" in broken[0], result.stdout


def test_without_a_certificate_the_dossier_is_not_signed(demo_archive):
    _, bags = demo_archive
    for bag in bags.values():
        meta = json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
        assert "DossierSignatures" not in meta["File"]
        assert not signatures.is_signed(bag / "data" / "ho-so.pdf")


def test_a_wrong_password_is_a_clear_error(hoso, tmp_path, monkeypatch, repo_examples):
    ca = make_ca(tmp_path / "ca", "CA")
    p12 = write_pkcs12(make_signer(ca, "Văn phòng", None), ca, tmp_path / "vp.p12", PASSWORD)
    monkeypatch.setenv(PKCS12_PASSWORD, "sai")
    before = sorted(tmp_path.iterdir())
    result = hoso(
        "archive", str(repo_examples / "ubnd-xa-an-khanh" / SESSION), "--archive", str(tmp_path / "kho"),
        "--sign-with", str(p12),
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"không mở được tệp chứng thư số {p12}: sai mật khẩu hoặc tệp hỏng" in result.stderr
    assert sorted(tmp_path.iterdir()) == before  # nothing written


@pytest.mark.parametrize(
    "phrase", ['"đồng gửi Ủy ban nhân dân huyện Sơn Tịnh"', '"dong gui uy ban nhan dan huyen son tinh"']
)
def test_a_phrase_only_in_a_scanned_page_is_found_on_its_sheet(demo_archive, tmp_path_factory, hoso, phrase):
    """UBND-ST-2024-02 was sealed from its scans: the words on page 2 of its thông báo kết luận exist only as
    pixels in the office's file, and as the text OCR read from them."""
    root, bags = demo_archive
    bag = bags["UBND-ST-2024-02"]
    meta = json.loads((bag / "data" / "ho-so.json").read_text(encoding="utf-8"))
    notice = next(d for d in meta["Documents"] if d["RecordType"] == "thông báo kết luận")
    assert notice["TextSource"]["Method"] == "OCR" and notice["TextSource"]["Language"] == "vie"
    assert notice["TextSource"]["Engine"].startswith("Tesseract")
    original = bag / notice["Files"]["goc"]
    assert (
        original.read_bytes()
        == (REPO / "examples" / "ubnd-huyen-son-tinh")
        .joinpath("2024-10-24-doi-thoai-dinh-ky", "ban-ky", "thong-bao-ket-luan.pdf")
        .read_bytes()
    )
    assert "đồng gửi" not in pypdfium2.PdfDocument(original)[1].get_textpage().get_text_range()  # only pixels
    assert "đồng gửi" not in json.dumps(meta, ensure_ascii=False)  # nor in the record
    index = tmp_path_factory.mktemp("chi-muc-ban-quet")
    result = hoso("search", phrase, "--archive", str(root), "--index", str(index), "--json", "--flat")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)["hits"]
    assert [h["id"] for h in hits] == ["UBND-ST-2024-02/02"]
    assert hits[0]["sheet"] == str(notice["FirstSheet"] + 1)  # page 2 of the notice


def test_without_tesseract_scans_go_in_as_they_are_and_it_is_noted(tmp_path, monkeypatch):
    from pipeline import archive
    from pipeline.archive import ocr

    monkeypatch.setattr(ocr, "missing", lambda: "chưa cài Tesseract (gói tesseract-ocr)")
    unit = tmp_path / "ubnd-huyen-son-tinh"
    shutil.copytree(REPO / "examples" / "ubnd-huyen-son-tinh", unit)
    records = load([unit]).records
    [outcome] = archive.archive(records, list(records.sessions), tmp_path / "kho", jobs=1)
    assert outcome.status == archive.NEW, outcome.message
    assert "bản quét chưa được đọc chữ (không tìm kiếm được): chưa cài Tesseract (gói tesseract-ocr)" in outcome.notes
    meta = json.loads((outcome.path / "data" / "ho-so.json").read_text(encoding="utf-8"))
    assert not any("TextSource" in d for d in meta["Documents"])
    assert meta["File"]["SheetTotal"] == 5  # every page is there, as a picture


def test_a_photo_with_a_caption_stays_a_public_photo_and_a_letter_is_a_private_scan(demo_archive):
    _, bags = demo_archive
    photos = json.loads((bags["UBND-AK-2026-02"] / "data" / "ho-so.json").read_text(encoding="utf-8"))["Documents"]
    photos = [d for d in photos if d["RecordType"] == "tệp đính kèm"]
    assert len(photos) == 2  # one carries its caption printed in the picture, which OCR reads
    assert all("TextSource" not in d and not d.get("PublicWithheld") and d["TypeName"] == "Ảnh" for d in photos)
    past = json.loads((bags["UBND-ST-2024-02"] / "data" / "ho-so.json").read_text(encoding="utf-8"))["Documents"]
    [letter] = [d for d in past if d["RecordType"] == "tệp đính kèm"]
    assert letter["TextSource"]["Method"] == "OCR" and letter["PublicWithheld"] is True
    assert letter["Description"] == "Bản quét"
