"""Digital signatures in PDF files: checking them offline, and signing a PDF.

Why: Nghị định 30/2020, Phụ lục VI asks an electronic records system to verify the digital signatures
of the documents it takes in and to keep who signed them (SignerInfo: the signer's name, organisation,
certificate, signing time). Vietnamese certification authorities sign PDFs with a CMS signature inside
the file (SubFilter adbe.pkcs7.detached or ETSI.CAdES.detached, i.e. PAdES); pyHanko reads both, and
this module turns what pyHanko finds into one ``SignatureCheck`` per signature, with a verdict in
Vietnamese:

    intact      the signature verifies with the certificate's key and the signed bytes are unchanged
    whole_file  nothing was changed after signing: the signature covers the whole file, or the later
                incremental updates only add signatures or validation data (a DSS)
    trusted     the certificate chains to one of the trust anchors the office configured (the CA
                certificates in a folder, ``load_trust_roots``); None when none are configured

Everything happens offline, and nothing is fetched from the network: no missing CA certificate, no
CRL, no OCSP answer, even when the certificate says where to find them. Whether a certificate was
revoked therefore cannot be known here, and every check says so (``revocation``) rather than passing it
in silence. Only the configured anchors are trusted, never the operating system's list of web CAs
(it holds no Vietnamese signing CA). A certificate's validity period is judged at the time of the
check: without a trusted timestamp nothing proves when a signature was made, so a certificate that has
expired since makes the chain "not verified", not the signature invalid.

Document timestamps (/DocTimeStamp, added by a timestamp server for long-term validation) are not
anybody's signature and are not listed; they count as validation data for ``whole_file``.

``sign_pdf`` signs a copy of a PDF with a PKCS#12 file (.p12/.pfx) as a PAdES baseline B-B
signature: an incremental update appended to the file, so every earlier byte (a PDF/A file's
structure, earlier signatures) stays as it was. No timestamp server is asked (offline); the signing
time is the signer's own claim, signed inside the signature dictionary (/M).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509  # type: ignore[import-untyped]
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
from pyhanko.sign.fields import SigSeedSubFilter, enumerate_sig_fields
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.validation import EmbeddedPdfSignature, PdfSignatureStatus, validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

# The three families of verdicts.
VALID_TRUSTED = "hợp lệ, chuỗi chứng thư tin cậy"
VALID_UNVERIFIED = "hợp lệ, chưa xác minh được chuỗi chứng thư"
INVALID = "không hợp lệ"
REVOCATION_OFFLINE = "không kiểm tra được khi không có mạng"

# Why a signature is not valid ("không hợp lệ: ...").
CONTENT_CHANGED = "chữ ký không khớp nội dung (phần đã ký bị thay đổi)"
KEY_MISMATCH = "chữ ký không khớp khóa của chứng thư số"
MODIFIED_AFTER_SIGNING = "tệp đã bị sửa sau khi ký"
ODD_COVERAGE = "chữ ký không bao trọn phần tệp đã ký"
UNREADABLE_SIGNATURE = "không đọc được chữ ký"
UNREADABLE_FILE = "không đọc được tệp PDF ký số"

# Why a chain is not verified ("hợp lệ, chưa xác minh được chuỗi chứng thư (...)").
NO_TRUST_ROOTS = "chưa cấu hình chứng thư gốc để đối chiếu"
UNKNOWN_ROOT = "chứng thư gốc không có trong danh sách tin cậy"
EXPIRED = "chứng thư số đã hết hạn, không có dấu thời gian chứng minh lúc ký còn hạn"
_CHAIN_PROBLEMS = {  # pyHanko's AdES sub-indication -> the reason in the verdict
    "NO_CERTIFICATE_CHAIN_FOUND": UNKNOWN_ROOT,
    "OUT_OF_BOUNDS_NO_POE": EXPIRED,
    "OUT_OF_BOUNDS_NOT_REVOKED": EXPIRED,
    "EXPIRED": EXPIRED,
    "NOT_YET_VALID": "chứng thư số chưa đến thời hạn hiệu lực",
    "REVOKED_NO_POE": "chứng thư số đã bị thu hồi",
    "REVOKED_CA_NO_POE": "chứng thư của tổ chức cấp đã bị thu hồi",
    "CHAIN_CONSTRAINTS_FAILURE": "chứng thư số không được phép dùng để ký hoặc vi phạm ràng buộc của chuỗi",
    "CRYPTO_CONSTRAINTS_FAILURE": "thuật toán của chữ ký hoặc chứng thư không còn an toàn",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": "thuật toán của chữ ký hoặc chứng thư không còn an toàn",
}

CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")
_PEM_CERTIFICATE = ("CERTIFICATE", "X509 CERTIFICATE")
VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")

# pyHanko asks for non-repudiation alone; Vietnamese CAs issue signing certificates with
# digitalSignature and/or nonRepudiation, and either is a key meant for signing.
_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)


class SignatureProblem(Exception):
    """A file that cannot be checked or signed at all; the message (Vietnamese) names the file."""


@dataclass(frozen=True)
class SignatureCheck:
    """Kết quả kiểm tra một chữ ký số (one signature of one PDF)."""

    field: str  # the signature field's name
    signer: str  # the certificate subject's common name ("" if none)
    organisation: str | None  # the subject's OU and O, None if absent
    serial: str  # the certificate's serial number, hex
    issuer: str  # the issuer's common name
    signing_time: dt.datetime | None  # the signed signing-time attribute, else the signature's /M
    intact: bool  # cryptographically valid and the signed bytes unchanged
    whole_file: bool  # nothing changed after signing (later updates add signatures or DSS only)
    trusted: bool | None  # chains to a configured anchor; None: no anchors, or the chain was not examined
    verdict: str
    revocation: str = REVOCATION_OFFLINE  # never checked: that needs the network

    @property
    def valid(self) -> bool:
        return self.intact and self.whole_file

    def to_json(self) -> dict[str, Any]:
        """The check with ND30 Phụ lục VI style names (SignerInfo's FullName for the signer)."""
        return {
            "FieldName": self.field,
            "FullName": self.signer,
            "Organization": self.organisation,
            "CertificateSerial": self.serial,
            "Issuer": self.issuer,
            "SigningTime": self.signing_time.isoformat() if self.signing_time else None,
            "Intact": self.intact,
            "WholeFile": self.whole_file,
            "ChainTrusted": self.trusted,
            "Verdict": self.verdict,
            "Revocation": self.revocation,
        }


# --- trust anchors -------------------------------------------------------------------------------------


def load_trust_roots(folder: Path | None) -> list[x509.Certificate]:
    """The CA certificates in ``folder`` (*.pem, *.crt, *.cer, *.der; PEM or DER, several PEM
    certificates per file allowed). None or a folder that does not exist: no anchors."""
    if folder is None or not folder.is_dir():
        return []
    roots: list[x509.Certificate] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in CERTIFICATE_SUFFIXES and path.is_file():
            roots.extend(_read_certificates(path))
    return roots


def _read_certificates(path: Path) -> list[x509.Certificate]:
    data = _read(path)
    if pem.detect(data):
        try:
            blocks = list(pem.unarmor(data, multiple=True))
        except ValueError as e:
            raise SignatureProblem(f"{path}: tệp PEM hỏng, không đọc được chứng thư số") from e
        for kind, _headers, _der in blocks:
            if kind not in _PEM_CERTIFICATE:
                raise SignatureProblem(f"{path}: chứa khối PEM “{kind}”, không phải chứng thư số")
        ders = [der for _kind, _headers, der in blocks]
    else:
        ders = [data]
    certificates = []
    for der in ders:
        try:
            certificate = x509.Certificate.load(der, strict=True)
            # asn1crypto parses lazily: read what a trust anchor needs now, while we can name the file
            _ = (certificate.subject.native, certificate.public_key.native, certificate.not_valid_after)
        except (ValueError, TypeError) as e:
            raise SignatureProblem(f"{path}: không phải chứng thư số X.509 (PEM hoặc DER)") from e
        certificates.append(certificate)
    if not certificates:
        raise SignatureProblem(f"{path}: không có chứng thư số nào trong tệp")
    return certificates


# --- checking ------------------------------------------------------------------------------------------


def is_signed(path: Path) -> bool:
    """Whether the PDF has at least one signature field with a value. Never raises: a broken file or
    one that is not a PDF is not signed (``check`` says what is wrong with it)."""
    try:
        with open(path, "rb") as stream, _quiet():
            reader = PdfFileReader(stream, strict=False)
            return any(True for _ in enumerate_sig_fields(reader, filled_status=True))
    except Exception:  # pyHanko raises many kinds of errors on damaged files; all mean "cannot tell"
        return False


def check(path: Path, trust_roots: Sequence[x509.Certificate] = ()) -> list[SignatureCheck]:
    """One ``SignatureCheck`` per signature in ``path``, in the order they were signed (none: [])."""
    roots = list(trust_roots)
    data = _read(path)
    with _quiet():
        try:
            reader = PdfFileReader(BytesIO(data))
            fields = list(enumerate_sig_fields(reader))
        except Exception as e:  # not a PDF, or damaged past what pyHanko reads
            if b"/ByteRange" not in data:
                raise SignatureProblem(f"{path}: không phải tệp PDF hoặc tệp PDF bị hỏng ({_detail(e)})") from e
            return [_failed("", None, None, f"{UNREADABLE_FILE} ({_detail(e)})")]  # it looks signed
        all_names = {name for name, _value, _field in fields}
        found: list[tuple[int, SignatureCheck]] = []
        for name, value, field in fields:
            if not value:
                continue  # an empty field, waiting for a signature
            try:
                embedded = EmbeddedPdfSignature(reader, field, name)
            except Exception as e:  # a damaged signature dictionary or CMS structure
                found.append((_LAST, _failed(name, None, None, f"{UNREADABLE_SIGNATURE} ({_detail(e)})")))
                continue
            if embedded.sig_object_type == "/Sig":
                found.append((embedded.signed_revision, _check_signature(embedded, roots, all_names)))
    return [result for _revision, result in sorted(found, key=lambda pair: pair[0])]


_LAST = 1 << 30  # unreadable signatures sort after the readable ones


def _check_signature(embedded: EmbeddedPdfSignature, roots: list, signature_fields: set[str]) -> SignatureCheck:
    name, certificate, signed_at = embedded.field_name, _certificate(embedded), _signing_time(embedded)
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(embedded, context, key_usage_settings=_KEY_USAGE)
    except Exception as e:  # a CMS structure or a file revision pyHanko cannot make sense of
        return _failed(name, certificate, signed_at, f"{UNREADABLE_SIGNATURE} ({_detail(e)})")

    intact = status.intact and status.valid
    whole_file = _covers_file(status, signature_fields)
    # The chain, whatever the signature's state: "does this certificate lead to an anchor?"
    chain_ok = status.validation_path is not None and status.trust_problem_indic is None
    trusted = chain_ok if roots else None
    if not status.intact:
        verdict = f"{INVALID}: {CONTENT_CHANGED}"
    elif not status.valid:
        verdict = f"{INVALID}: {KEY_MISMATCH}"
    elif not whole_file:
        odd = status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
        verdict = f"{INVALID}: {ODD_COVERAGE if odd else MODIFIED_AFTER_SIGNING}"
    elif trusted:
        verdict = VALID_TRUSTED
    else:
        verdict = f"{VALID_UNVERIFIED} ({NO_TRUST_ROOTS if trusted is None else _chain_problem(status)})"
    return SignatureCheck(
        field=name,
        **_identity(certificate),
        signing_time=signed_at,
        intact=intact,
        whole_file=whole_file,
        trusted=trusted,
        verdict=verdict,
    )


def _covers_file(status: PdfSignatureStatus, signature_fields: set[str]) -> bool:
    """The signature covers the file as it is now: all of it, or all but later updates that only add
    signatures (the changed form fields are all signature fields) or validation data (DSS,
    document timestamps). pyHanko's difference analysis tells what the later updates did."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION or status.docmdp_ok is False:
        return False
    diff = status.diff_result
    if not isinstance(diff, DiffResult):  # not analysed, or a SuspiciousModification
        return False
    if diff.modification_level <= ModificationLevel.LTA_UPDATES:
        return True
    return diff.modification_level == ModificationLevel.FORM_FILLING and diff.changed_form_fields <= signature_fields


def _chain_problem(status: PdfSignatureStatus) -> str:
    indication = status.trust_problem_indic
    if indication is None:  # the signature itself failed, so pyHanko did not look at the chain
        return "chưa kiểm tra chuỗi chứng thư"
    code = getattr(indication, "name", str(indication))  # an enum member: AdESIndeterminate, AdESFailure
    return _CHAIN_PROBLEMS.get(code, f"chuỗi chứng thư không hợp lệ ({code})")


def _failed(
    field: str, certificate: x509.Certificate | None, signed_at: dt.datetime | None, why: str
) -> SignatureCheck:
    return SignatureCheck(
        field=field,
        **_identity(certificate),
        signing_time=signed_at,
        intact=False,
        whole_file=False,
        trusted=None,
        verdict=f"{INVALID}: {why}",
    )


def _detail(error: Exception) -> str:
    """pyHanko's own words on what it could not read (English), quoted as such, for whoever looks into it."""
    text = " ".join(str(error).split()) or type(error).__name__
    return "pyHanko: " + (text if len(text) <= 200 else text[:199] + "…")


def _read(path: Path) -> bytes:
    """The whole file (pyHanko then reads from memory: the file cannot change under it)."""
    try:
        return path.read_bytes()
    except OSError as e:
        raise SignatureProblem(f"{path}: không đọc được tệp ({_os_reason(e)})") from e


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "không có tệp này"
    if isinstance(error, PermissionError):
        return "không có quyền truy cập"
    if isinstance(error, IsADirectoryError):
        return "là thư mục, không phải tệp"
    return f"lỗi hệ thống: {error.strerror or type(error).__name__}"


# --- what the certificate says ---------------------------------------------------------------------


def _certificate(embedded: EmbeddedPdfSignature) -> x509.Certificate | None:
    try:
        return embedded.signer_cert
    except Exception:  # no certificate for the signer in the CMS structure
        return None


def _identity(certificate: x509.Certificate | None) -> dict[str, Any]:
    """signer, organisation, serial, issuer of a SignatureCheck."""
    if certificate is None:
        return {"signer": "", "organisation": None, "serial": "", "issuer": ""}
    subject, issuer = certificate.subject, certificate.issuer
    units = _attribute(subject, "organizational_unit_name") + _attribute(subject, "organization_name")
    issuer_names = _attribute(issuer, "common_name") or _attribute(issuer, "organization_name")
    return {
        "signer": ", ".join(_attribute(subject, "common_name")),
        "organisation": ", ".join(units) or None,  # "Phòng Tư pháp, UBND xã An Khánh": unit, then organisation
        "serial": _hex(certificate.serial_number),
        "issuer": ", ".join(issuer_names) or issuer.human_friendly,
    }


def _attribute(name: x509.Name, kind: str) -> list[str]:
    """The values of one attribute type (asn1crypto's names: "common_name", ...) in an X.509 name."""
    return [str(pair["value"].native) for rdn in name.chosen for pair in rdn if pair["type"].native == kind]


def _hex(number: int) -> str:
    """A serial number as CAs print it: upper-case hex, an even number of digits."""
    digits = f"{number:X}"
    return digits.zfill(len(digits) + len(digits) % 2)


def _signing_time(embedded: EmbeddedPdfSignature) -> dt.datetime | None:
    """The signed signing-time attribute, else the signature dictionary's /M (pyHanko's order)."""
    try:
        moment = embedded.self_reported_timestamp
    except Exception:  # a malformed date
        return None
    if moment is not None and moment.tzinfo is None:
        # PDF leaves the offset of such a date unknown; signing software here writes local time.
        moment = moment.replace(tzinfo=VN_TZ)
    return moment


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pyHanko logs each problem it meets (with tracebacks) and warns about deprecations; the verdicts
    already say what matters, in Vietnamese, so its output is held back while it works."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


# --- signing -------------------------------------------------------------------------------------------


def sign_pdf(
    source: Path,
    target: Path,
    pkcs12: Path,
    password: bytes | None,
    *,
    reason: str,
    location: str,
    signing_time: dt.datetime | None = None,
) -> None:
    """Sign a copy of ``source`` into ``target`` (PAdES B-B, SHA-256, invisible signature field).

    The signature is an incremental update after the source's bytes, which are copied unchanged, so a
    PDF/A-2b source stays PDF/A-2b as far as pyHanko allows. ``signing_time`` (default: now) is
    written in the signed signature dictionary; a naive time is taken as this machine's local time.
    ``target`` is written through a temporary file and appears complete or not at all."""
    if target.resolve() == source.resolve():
        raise SignatureProblem(f"{target}: tệp đã ký phải là một bản sao, không ghi đè tệp gốc")
    signer = _load_pkcs12(pkcs12, password)
    at = signing_time.astimezone() if signing_time is not None and signing_time.tzinfo is None else signing_time
    data = _read(source)
    with _quiet():
        try:
            writer = _MetadataKeepingWriter(BytesIO(data))
            taken = {name for name, _value, _field in enumerate_sig_fields(writer.prev)}
        except Exception as e:  # pyHanko's reader raises many kinds of errors on damaged files
            raise SignatureProblem(f"{source}: không phải tệp PDF hoặc tệp PDF bị hỏng ({_detail(e)})") from e
        metadata = signers.PdfSignatureMetadata(
            field_name=_new_field_name(taken),
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            reason=reason,
            location=location,
        )
        try:
            signed = _PdfSignerAt(metadata, signer, at).sign_pdf(writer).getvalue()  # the source's bytes + update
        except (SigningError, PdfError) as e:
            raise SignatureProblem(f"{source}: không ký được tệp ({_detail(e)})") from e
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(signed)
        os.replace(temporary, target)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise SignatureProblem(f"{target}: không ghi được tệp ({_os_reason(e)})") from e


def _new_field_name(taken: set[str]) -> str:
    """Signature1, or the first of Signature2, Signature3… the file does not have yet."""
    number = 1
    while f"Signature{number}" in taken:
        number += 1
    return f"Signature{number}"


def check_key(pkcs12: Path, password: bytes | None) -> None:
    """Raise SignatureProblem unless ``pkcs12`` opens with ``password`` (checked before anything is built)."""
    with _quiet():
        _load_pkcs12(pkcs12, password)


def _load_pkcs12(path: Path, password: bytes | None) -> signers.SimpleSigner:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SignatureProblem(f"không mở được tệp chứng thư số {path}: {_os_reason(e)}") from e
    try:
        # load_pkcs12_data raises where load_pkcs12 logs and returns None
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password)
    except Exception as e:  # a wrong password, not PKCS#12, or no private key in it
        raise SignatureProblem(f"không mở được tệp chứng thư số {path}: sai mật khẩu hoặc tệp hỏng") from e


class _MetadataKeepingWriter(IncrementalPdfFileWriter):
    """pyHanko's incremental writer, leaving the document's metadata as it is.

    pyHanko would set the modification date and append itself to the information dictionary's
    /Producer, but write the XMP packet's pdf:Producer as itself alone (and rewrite the packet). PDF/A
    requires the two to agree, and a signature changes nothing the metadata describes."""

    def _update_meta(self) -> None:
        pass


class _PdfSignerAt(signers.PdfSigner):
    """pyHanko's PdfSigner, signing at a given time (pyHanko always reads the clock)."""

    def __init__(self, metadata: signers.PdfSignatureMetadata, signer: signers.Signer, at: dt.datetime | None):
        super().__init__(metadata, signer)
        self._at = at

    def init_signing_session(self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        if self._at is not None:
            session.system_time = self._at
        return session
