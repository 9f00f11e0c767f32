"""Digital signatures (pipeline/archive/signatures.py): checking PDF signatures offline, and signing.

A throwaway PKI is made once for the module (signing_fixtures.py): a trusted CA with its signer
"Nguyễn Văn An" (UBND xã An Khánh), an unknown CA with a signer of its own, a signer whose
certificate names an OCSP responder, a signer whose certificate has expired."""

import datetime as dt
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from signing_fixtures import VN_TZ, make_ca, make_pdf, make_signer, sign, write_pkcs12

from pipeline.archive import pdfa, signatures
from pipeline.archive.signatures import SignatureProblem, check, is_signed, load_trust_roots, sign_pdf

PASSWORD = b"mat-khau-thu"
SIGNED_AT = dt.datetime(2026, 9, 29, 10, 30, tzinfo=VN_TZ)
NOT_VALID = "không hợp lệ"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """Certificates, PKCS#12 files, an unsigned PDF/A-2b and signed copies of it, made once."""
    d = tmp_path_factory.mktemp("pki")
    ca = make_ca(d / "tin-cay", "CA Thử nghiệm")
    an = make_signer(ca, "Nguyễn Văn An", "UBND xã An Khánh")
    other_ca = make_ca(d / "la", "CA Lạ")
    stranger = make_signer(other_ca, "Trần Thị Lạ", None)
    with_ocsp = make_signer(ca, "Lê Văn Mạng", "UBND xã An Khánh", ocsp_url="http://ocsp.example.invalid")
    expired = make_signer(ca, "Phạm Văn Cũ", None, not_after=dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    p = {
        "ca": ca,
        "an": an,
        "roots": d / "tin-cay",
        "an.p12": write_pkcs12(an, ca, d / "an.p12", PASSWORD),
        "stranger.p12": write_pkcs12(stranger, other_ca, d / "la.p12", PASSWORD),
        "ocsp.p12": write_pkcs12(with_ocsp, ca, d / "ocsp.p12", PASSWORD),
        "expired.p12": write_pkcs12(expired, ca, d / "expired.p12", PASSWORD),
        "unsigned": make_pdf(d / "bien-ban.pdf"),
    }
    p["signed"] = sign(p["unsigned"], d / "bien-ban-ky.pdf", p["an.p12"], PASSWORD, at=SIGNED_AT)
    return p


@pytest.fixture(scope="module")
def roots(pki):
    return load_trust_roots(pki["roots"])


def test_signed_by_trusted_ca(pki, roots):
    assert is_signed(pki["signed"])
    [c] = check(pki["signed"], roots)
    assert (c.intact, c.whole_file, c.trusted, c.valid) == (True, True, True, True)
    assert c.verdict == "hợp lệ, chuỗi chứng thư tin cậy"
    assert c.signer == "Nguyễn Văn An"
    assert c.organisation == "UBND xã An Khánh"
    assert c.issuer == "CA Thử nghiệm"
    assert int(c.serial, 16) == pki["an"].certificate.serial_number and c.serial == c.serial.upper()
    assert c.signing_time == SIGNED_AT and c.signing_time.tzinfo is not None  # the signed signing-time attribute
    assert c.field == "ChuKy1"
    assert c.revocation == "không kiểm tra được khi không có mạng"
    assert c.to_json() == {
        "FieldName": "ChuKy1",
        "FullName": "Nguyễn Văn An",
        "Organization": "UBND xã An Khánh",
        "CertificateSerial": c.serial,
        "Issuer": "CA Thử nghiệm",
        "SigningTime": "2026-09-29T03:30:00+00:00",
        "Intact": True,
        "WholeFile": True,
        "ChainTrusted": True,
        "Verdict": "hợp lệ, chuỗi chứng thư tin cậy",
        "Revocation": "không kiểm tra được khi không có mạng",
    }


def test_no_trust_roots_means_chain_not_verified(pki):
    [c] = check(pki["signed"])
    assert c.trusted is None and c.valid
    assert c.verdict.startswith("hợp lệ, chưa xác minh được chuỗi chứng thư")
    assert c.verdict == "hợp lệ, chưa xác minh được chuỗi chứng thư (chưa cấu hình chứng thư gốc để đối chiếu)"
    assert "tin cậy" not in c.verdict
    assert NOT_VALID not in c.verdict


def test_unknown_ca_is_not_trusted_but_valid(pki, roots, tmp_path):
    signed = sign(pki["unsigned"], tmp_path / "la.pdf", pki["stranger.p12"], PASSWORD)
    [c] = check(signed, roots)
    assert c.trusted is False and c.valid
    assert c.verdict == "hợp lệ, chưa xác minh được chuỗi chứng thư (chứng thư gốc không có trong danh sách tin cậy)"
    assert c.signer == "Trần Thị Lạ" and c.organisation is None and c.issuer == "CA Lạ"


def test_expired_certificate_is_not_trusted(pki, roots, tmp_path):
    signed = sign(pki["unsigned"], tmp_path / "cu.pdf", pki["expired.p12"], PASSWORD)
    [c] = check(signed, roots)
    assert c.valid and c.trusted is False
    assert c.verdict == f"hợp lệ, chưa xác minh được chuỗi chứng thư ({signatures.EXPIRED})"


def _content_stream_data_offset(pdf: Path) -> int:
    """Where the data of page 1's content stream starts in the file's bytes."""
    number = PdfReader(pdf).pages[0].raw_get("/Contents").idnum
    data = pdf.read_bytes()
    header = re.search(rb"(?<![0-9])%d 0 obj" % number, data)
    assert header
    start = data.index(b"stream", header.end()) + len(b"stream")
    return start + (2 if data[start : start + 2] == b"\r\n" else 1)


def test_a_byte_changed_inside_the_signed_range(pki, roots, tmp_path):
    original, signed = pki["unsigned"].read_bytes(), pki["signed"].read_bytes()
    assert signed.startswith(original)  # signing appended an update: the page's bytes are all signed
    at = _content_stream_data_offset(pki["signed"]) + 5
    assert at < len(original)
    changed = bytearray(signed)
    changed[at] ^= 0x01
    target = tmp_path / "sua-1-byte.pdf"
    target.write_bytes(changed)
    [c] = check(target, roots)
    assert c.intact is False and not c.valid
    assert c.verdict.startswith("không hợp lệ: chữ ký không khớp nội dung")
    assert c.signer == "Nguyễn Văn An"  # who signed is still told


def test_content_added_after_signing(pki, roots, tmp_path):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    target = tmp_path / "them-noi-dung.pdf"
    with open(pki["signed"], "rb") as f:
        writer = IncrementalPdfFileWriter(f)
        text = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 50 50 Td (Da sua) Tj ET"))
        writer.add_stream_to_page(0, text)
        with open(target, "wb") as out:
            writer.write(out)
    [c] = check(target, roots)
    assert c.intact is True  # the signed revision itself is untouched
    assert c.whole_file is False and not c.valid
    assert c.verdict == "không hợp lệ: tệp đã bị sửa sau khi ký"


def test_a_second_signature_keeps_the_first_valid(pki, roots, tmp_path):
    twice = sign(pki["signed"], tmp_path / "hai-chu-ky.pdf", pki["stranger.p12"], PASSWORD)
    first, second = check(twice, roots)
    assert (first.field, second.field) == ("ChuKy1", "ChuKy2")
    assert first.whole_file and first.valid and first.verdict == "hợp lệ, chuỗi chứng thư tin cậy"
    assert second.signer == "Trần Thị Lạ" and second.valid and second.trusted is False


def test_unsigned_pdf(pki, roots):
    assert not is_signed(pki["unsigned"])
    assert check(pki["unsigned"], roots) == []


def test_not_a_pdf(tmp_path):
    junk = tmp_path / "khong-phai-pdf.pdf"
    junk.write_bytes(b"Day khong phai tep PDF\n" * 20)
    assert not is_signed(junk)
    with pytest.raises(SignatureProblem, match=re.escape(str(junk)) + ": không phải tệp PDF"):
        check(junk)
    assert not is_signed(tmp_path / "khong-co.pdf")
    with pytest.raises(SignatureProblem, match="không có tệp này"):
        check(tmp_path / "khong-co.pdf")


def test_truncated_signed_pdf(pki, roots, tmp_path):
    data = pki["signed"].read_bytes()
    # Cut after the signature dictionary: it looks signed, so one invalid check says the file is unreadable.
    cut = tmp_path / "cat-cuoi.pdf"
    cut.write_bytes(data[: data.rindex(b"/ByteRange") + 200])
    assert not is_signed(cut)
    [c] = check(cut, roots)
    assert not c.intact and not c.whole_file and not c.valid
    assert c.verdict.startswith("không hợp lệ: không đọc được tệp PDF ký số (")
    # Cut before any signature: nothing says it was signed, so it is a damaged PDF.
    half = tmp_path / "cat-nua.pdf"
    half.write_bytes(data[: len(pki["unsigned"].read_bytes()) // 2])
    with pytest.raises(SignatureProblem, match=re.escape(str(half))):
        check(half, roots)


def test_sign_pdf(pki, roots, tmp_path):
    source = tmp_path / "ho-so.pdf"
    shutil.copy(pki["unsigned"], source)
    before = source.read_bytes()
    target = tmp_path / "ho-so-ky.pdf"
    sign_pdf(
        source,
        target,
        pki["an.p12"],
        PASSWORD,
        reason="Hồ sơ đã kết thúc",
        location="xã An Khánh",
        signing_time=SIGNED_AT,
    )

    assert source.read_bytes() == before
    after = target.read_bytes()
    assert after.startswith(before)  # an incremental update: every byte of the source kept
    [c] = check(target, roots)
    assert c.verdict == "hợp lệ, chuỗi chứng thư tin cậy" and c.intact and c.whole_file and c.trusted
    assert c.signer == "Nguyễn Văn An" and c.field == "Signature1"
    assert c.signing_time == SIGNED_AT  # PAdES: no signing-time attribute, the signed /M
    sig = PdfReader(target).trailer["/Root"]["/AcroForm"]["/Fields"][0]["/V"]
    assert (sig["/SubFilter"], sig["/Reason"], sig["/Location"]) == (
        "/ETSI.CAdES.detached",
        "Hồ sơ đã kết thúc",
        "xã An Khánh",
    )

    # PDF/A: the metadata is untouched (pyHanko would make the info dictionary and XMP disagree), and
    # the project's checker finds nothing new.
    old, new = PdfReader(source), PdfReader(target)
    assert new.metadata == old.metadata
    assert new.trailer["/Root"]["/Metadata"].get_data() == old.trailer["/Root"]["/Metadata"].get_data()
    assert pdfa.check(target) == pdfa.check(source)
    if shutil.which("qpdf"):
        result = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr

    # Signing the signed copy again adds a second signature and keeps the first.
    again = tmp_path / "ho-so-ky-2.pdf"
    sign_pdf(target, again, pki["an.p12"], PASSWORD, reason="Sao y", location="xã An Khánh")
    assert [(c.field, c.valid) for c in check(again, roots)] == [("Signature1", True), ("Signature2", True)]


def test_sign_pdf_refuses_a_wrong_password_or_a_bad_key_file(pki, tmp_path):
    target = tmp_path / "ky.pdf"
    with pytest.raises(
        SignatureProblem, match=f"không mở được tệp chứng thư số {re.escape(str(pki['an.p12']))}: sai mật khẩu"
    ):
        sign_pdf(pki["unsigned"], target, pki["an.p12"], b"sai", reason="x", location="y")
    not_p12 = tmp_path / "khong-phai.p12"
    not_p12.write_bytes(b"not a key")
    with pytest.raises(SignatureProblem, match="sai mật khẩu hoặc tệp hỏng"):
        sign_pdf(pki["unsigned"], target, not_p12, PASSWORD, reason="x", location="y")
    with pytest.raises(SignatureProblem, match="bản sao"):
        sign_pdf(pki["unsigned"], pki["unsigned"], pki["an.p12"], PASSWORD, reason="x", location="y")
    assert not target.exists() and list(tmp_path.iterdir()) == [not_p12]  # nothing half-written left behind


def test_check_never_touches_the_network(pki, roots, tmp_path, monkeypatch):
    """The certificate names an OCSP responder; nothing may be fetched, the check still gives a verdict."""
    signed = sign(pki["unsigned"], tmp_path / "ocsp.pdf", pki["ocsp.p12"], PASSWORD)
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("không được dùng mạng trong kiểm tra chữ ký")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    [c] = check(signed, roots)
    assert attempts == []
    assert c.verdict == "hợp lệ, chuỗi chứng thư tin cậy" and c.signer == "Lê Văn Mạng"
    assert c.revocation == "không kiểm tra được khi không có mạng"


def test_load_trust_roots(pki, tmp_path):
    assert load_trust_roots(None) == [] and load_trust_roots(tmp_path / "khong-co") == []
    folder = tmp_path / "goc"
    folder.mkdir()
    ca_pem = pki["ca"].pem.read_bytes()
    (folder / "hai.pem").write_bytes(ca_pem + b"\n" + ca_pem)  # several certificates in one PEM file
    der = load_trust_roots(pki["roots"])[0].dump()
    (folder / "mot.cer").write_bytes(der)
    (folder / "ghi-chu.txt").write_text("không phải chứng thư, bị bỏ qua")
    loaded = load_trust_roots(folder)
    assert [c.dump() for c in loaded] == [der, der, der]
    (folder / "hong.crt").write_bytes(b"rac")
    with pytest.raises(SignatureProblem, match=re.escape(str(folder / "hong.crt")) + ": không phải chứng thư số"):
        load_trust_roots(folder)
