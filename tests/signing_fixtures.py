"""Throwaway certificates and signed PDFs for tests: a CA, a signer it certifies, the signer as PKCS#12.

Everything is made on the fly (nothing secret in the repository); the keys are RSA-2048 as Vietnamese
CAs issue them. ``sign`` signs with pyHanko directly, as the signing tools of the CAs do (SubFilter
adbe.pkcs7.detached with a signed signing-time attribute), independently of
``pipeline.archive.signatures.sign_pdf``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

VN_TZ = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class Identity:
    """A certificate, its private key, and (for a CA) the PEM file a trust folder would hold."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey
    pem: Path | None = None


def _name(common_name: str, organisation: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(folder: Path, name: str) -> Identity:
    """A self-signed root CA, valid from a year ago for ten years; its certificate also as ``<folder>/<slug>.pem``."""
    key = _key()
    now = dt.datetime.now(dt.UTC)
    subject = _name(name, name)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    pem = folder / ("".join(c if c.isalnum() else "-" for c in name.lower()) + ".pem")
    pem.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return Identity(certificate, key, pem)


def make_signer(
    ca: Identity,
    common_name: str,
    organisation: str | None,
    *,
    ocsp_url: str | None = None,
    not_after: dt.datetime | None = None,
) -> Identity:
    """An end-entity signing certificate issued by ``ca`` (key usage digitalSignature + nonRepudiation),
    valid from a month ago for a year or until ``not_after`` (a past time makes an expired certificate),
    with an AuthorityInformationAccess OCSP address when ``ocsp_url`` is given."""
    key = _key()
    now = dt.datetime.now(dt.UTC)
    not_after = not_after or now + dt.timedelta(days=365)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(min(now, not_after) - dt.timedelta(days=30))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()),
            critical=False,
        )
    )
    if ocsp_url:
        access = x509.AccessDescription(AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url))
        builder = builder.add_extension(x509.AuthorityInformationAccess([access]), critical=False)
    return Identity(builder.sign(ca.key, hashes.SHA256()), key)


def write_pkcs12(signer: Identity, ca: Identity, path: Path, password: bytes) -> Path:
    """The signer's key and certificate, with the CA certificate, as a password-protected .p12 file."""
    data = pkcs12.serialize_key_and_certificates(
        name=b"signer",
        key=signer.key,
        cert=signer.certificate,
        cas=[ca.certificate],
        encryption_algorithm=serialization.BestAvailableEncryption(password),
    )
    path.write_bytes(data)
    return path


def make_pdf(path: Path, text: str = "Biên bản buổi đối thoại") -> Path:
    """A one-page PDF/A-2b, as hoso's own pages are made (WeasyPrint)."""
    import weasyprint

    weasyprint.HTML(string=f"<p>{text}</p>").write_pdf(path, pdf_variant="pdf/a-2b")
    return path


def sign(pdf_in: Path, pdf_out: Path, p12: Path, password: bytes, *, at: dt.datetime | None = None) -> Path:
    """Sign ``pdf_in`` into ``pdf_out`` with pyHanko (adbe.pkcs7.detached, signed signing-time ``at``),
    as an incremental update: a second call on a signed file adds a second signature."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    class SignerAt(signers.PdfSigner):
        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            if at is not None:
                session.system_time = at
            return session

    signer = signers.SimpleSigner.load_pkcs12_data(p12.read_bytes(), other_certs=[], passphrase=password)
    with open(pdf_in, "rb") as source:
        writer = IncrementalPdfFileWriter(source)
        count = len(list(fields.enumerate_sig_fields(writer.prev)))
        metadata = signers.PdfSignatureMetadata(
            field_name=f"ChuKy{count + 1}",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
            reason="Ký duyệt",
        )
        data = SignerAt(metadata, signer).sign_pdf(writer).getvalue()
    pdf_out.write_bytes(data)
    return pdf_out
