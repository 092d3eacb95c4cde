"""PAdES signatures of the registration authority on the e-licence, with its seal as the visible stamp."""

import asyncio
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.graphics import renderPDF

from app.documents.lean_signer import LeanSigner, ThreadSigners, parsed_whole
from app.documents.licence import LICENCE_SEAL_BOX
from seals.impression import draw_impression
from seals.kinds import SealKind

T = TypeVar("T")

DEMO_AUTHORITY = "竹溪县市场监督管理局"
DEMO_KEY_FILE = "demo-authority-signing.pem"
DEFAULT_FIELD = "登记机关签章"
# Room for an ECDSA signature and a short chain; sizing it up front avoids signing twice.
BYTES_RESERVED = 8192

# pyHanko logs whole tracebacks for untrusted or broken signatures while returning a normal result.
for _noisy in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_noisy).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class VerifyResult:
    """What a reader of a signed licence needs to know."""

    intact: bool  # the signed bytes are unchanged
    valid: bool  # intact, cryptographically sound and chained to a trusted root
    signer: str | None
    signed_at: datetime | None
    coverage: str | None  # e.g. ENTIRE_FILE; anything else means bytes were added after signing


class _PdfPageBackground(PdfContent):
    """The first page of an in-memory PDF as stamp background (pyHanko's own class wants a file)."""

    def __init__(self, reader: PdfFileReader):
        self.reader = reader
        super().__init__()

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(self.reader, page_ix=0)
        self.resources.xobject["/Seal"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return b"/Seal Do"


class Signer:
    """The registration authority's signing key and certificate, and its seal for the stamp."""

    def __init__(self, pyhanko_signer: signers.SimpleSigner):
        self._signers = ThreadSigners(lean(pyhanko_signer))
        self.certificate = parsed_whole(asn1_x509.Certificate.load(pyhanko_signer.signing_cert.dump()))
        self.authority = authority_name(self.certificate)
        # Drawn once: the authority's round seal, vector, as a one-page PDF.
        self.seal_pdf = renderPDF.drawToString(draw_impression(SealKind.OFFICIAL, self.authority, ""))
        self._seal_readers = threading.local()

    @property
    def pyhanko_signer(self) -> LeanSigner:
        """This thread's copy of the signer: a worker's threads sign licences at the same time."""
        return self._signers.get()

    def seal_reader(self) -> PdfFileReader:
        """The seal's PDF, parsed once per thread: a reader keeps what it has parsed, so the stamp
        of every licence after the first is copied, not parsed again (a third of a signature's
        time). One per thread because a reader parses lazily, moving its stream as it goes."""
        reader = getattr(self._seal_readers, "reader", None)
        if reader is None:
            reader = self._seal_readers.reader = PdfFileReader(BytesIO(self.seal_pdf))
        return reader

    @classmethod
    def from_pkcs12(cls, path: str | Path, passphrase: bytes | None = None) -> "Signer":
        """Load a PKCS#12 (.p12/.pfx) file holding the key, the certificate and its chain."""
        return cls(signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase))

    @classmethod
    def from_pem(cls, key_path: str | Path, cert_path: str | Path, passphrase: bytes | None = None,
                 chain_paths: list[str | Path] | None = None) -> "Signer":
        """Load a PEM or DER private key and certificate (plus optional chain files)."""
        signer = signers.SimpleSigner.load(
            str(key_path), str(cert_path), key_passphrase=passphrase,
            ca_chain_files=[str(p) for p in chain_paths] if chain_paths else None,
        )
        if signer is None:
            raise ValueError(f"cannot load signing key {key_path} with certificate {cert_path}")
        return cls(signer)

    @classmethod
    def from_pem_bundle(cls, pem: bytes) -> "Signer":
        """One PEM holding an unencrypted key followed by its certificate."""
        certificate = load_certs_from_pemder_data(pem)
        cert = next(iter(certificate))
        key = load_private_key_from_pemder_data(pem, passphrase=None)
        registry = SimpleCertificateStore.from_certs([cert])
        return cls(LeanSigner(signing_cert=cert, signing_key=key, cert_registry=registry))


def lean(signer: signers.SimpleSigner) -> LeanSigner:
    """The same key, certificates and choices in the lean CMS encoder (pyHanko's loaders make plain
    SimpleSigners, whose every signature costs 25 ms more in asn1crypto)."""
    if isinstance(signer, LeanSigner):
        return signer
    return LeanSigner(signing_cert=signer.signing_cert, signing_key=signer.signing_key,
                      cert_registry=signer.cert_registry, signature_mechanism=signer.signature_mechanism,
                      prefer_pss=signer.prefer_pss, embed_roots=signer.embed_roots,
                      attribute_certs=list(signer.attribute_certs or ()) or None)


def authority_name(certificate: asn1_x509.Certificate) -> str:
    """The organisation named in the certificate, without a trailing （…） note."""
    subject = certificate.subject.native
    name = subject.get("organization_name") or subject.get("common_name") or "登记机关"
    return name.split("（")[0]


def demo_signer(instance_dir: str | Path, authority: str = DEMO_AUTHORITY) -> Signer:
    """A self-signed ECDSA P-256 key for demos, generated on first use and kept in instance_dir."""
    return Signer.from_pem_bundle(made_once(Path(instance_dir) / DEMO_KEY_FILE, lambda: _new_demo_pem(authority)))


def made_once(path: Path, make: Callable[[], bytes]) -> bytes:
    """The file at path, written from make() on first use (mode 0600) and read as it is after."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Key and certificate go in one file, replaced atomically, so two processes starting
        # together can never pair one's key with the other's certificate.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".signing-")
        with os.fdopen(handle, "wb") as out:
            out.write(make())
        os.replace(temporary, path)
    return path.read_bytes()


def _new_demo_pem(authority: str) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    label = f"{authority}（演示密钥，非正式）"
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, authority),
        x509.NameAttribute(NameOID.COMMON_NAME, label),
    ])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_cert_sign=True,
                          crl_sign=False, key_encipherment=False, data_encipherment=False,
                          key_agreement=False, encipher_only=False, decipher_only=False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem + certificate.public_bytes(serialization.Encoding.PEM)


def outside_event_loop(work: Callable[[], T]) -> T:
    """pyHanko's sync API calls asyncio.run, which refuses to start inside a running loop
    (an async server, Playwright's sync API in tests): do the work on a thread of its own then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def sign_pdf(pdf: bytes, signer: Signer, field_name: str = DEFAULT_FIELD,
             box: tuple[float, float, float, float] = LICENCE_SEAL_BOX, page: int = 0) -> bytes:
    """Sign pdf (PAdES baseline B) with the authority's seal as the visible stamp in box."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer.authority,
        location=signer.authority,
        reason="登记机关电子签章",
    )
    stamp = StaticStampStyle(background=_PdfPageBackground(signer.seal_reader()), border_width=0,
                             background_opacity=0.9)
    pdf_signer = signers.PdfSigner(
        metadata, signer=signer.pyhanko_signer, stamp_style=stamp,
        new_field_spec=fields.SigFieldSpec(field_name, box=box, on_page=page),
    )
    return outside_event_loop(lambda: pdf_signer.sign_pdf(writer, bytes_reserved=BYTES_RESERVED).getvalue())


def verify_pdf(pdf: bytes, trust_roots: list[asn1_x509.Certificate]) -> VerifyResult:
    """Check the first signature of pdf against trust_roots; never raises on a damaged file."""
    try:
        signatures = PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # a mangled file is simply not intact
        return VerifyResult(False, False, None, None, None)
    if not signatures:
        return VerifyResult(False, False, None, None, None)
    try:
        status = outside_event_loop(
            lambda: validate_pdf_signature(signatures[0], ValidationContext(trust_roots=trust_roots)))
    except Exception:
        return VerifyResult(False, False, None, None, None)
    signer = status.signing_cert.subject.native.get("common_name") if status.signing_cert else None
    return VerifyResult(
        intact=status.intact,
        valid=status.bottom_line,
        signer=signer,
        signed_at=status.signer_reported_dt,
        coverage=status.coverage.name if status.coverage else None,
    )


def load_trust_root(cert_path: str | Path) -> asn1_x509.Certificate:
    """A certificate file (PEM or DER) to pass to verify_pdf."""
    return load_cert_from_pemder(str(cert_path))

