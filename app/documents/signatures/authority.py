"""The service's signing CA for the parties (企业开办210 电子签名CA), parsed once per process.

Production passes the CA's key and certificate files (PARTY_CA_KEY_PATH, PARTY_CA_CERT_PATH:
PEM or DER); the demonstration configuration makes a CA once under the instance directory (mode
0600), as demo_signer does for the licence key. The CA issues each signer a one-hour event
certificate (event.py) and, when loaded, a certificate for the service's time-stamping key.
"""

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.documents.lean_signer import ThreadRegistries, parsed_whole
from app.documents.signatures.cms_signer import LeanSigner, ServiceTimeStamper
from app.documents.signing import made_once

CA_NAME = "企业开办210 电子签名CA"
SERVICE_NAME = "企业开办210"
DEMO_MARK = "演示"
DEMO_CA_FILE = "demo-party-ca.pem"
TSA_NAME = "企业开办210 时间戳服务"
NO_CA = ("PARTY_CA_KEY_PATH and PARTY_CA_CERT_PATH are not set: parties are signed for only with the "
         "service's real signing CA, or in a demonstration configuration with a demonstration CA")


@dataclass(frozen=True)
class CAProfile:
    """What tells one of the service's CAs from another: its name, its demonstration file, its settings."""

    name: str
    demo_file: str
    setting: str  # the settings' prefix: <setting>_KEY_PATH, <setting>_CERT_PATH, <setting>_KEY_PASSPHRASE
    missing: str  # why a production start is refused without it


PARTY = CAProfile(CA_NAME, DEMO_CA_FILE, "PARTY_CA", NO_CA)
# Clock differences between the machines that sign and those that check.
LEEWAY = timedelta(minutes=1)

_cache: dict[tuple, "PartyCA"] = {}
_lock = threading.Lock()


@dataclass(frozen=True, eq=False)
class PartyCA:
    """The CA's key and certificate, and the time-stamping authority it vouches for."""

    key: CertificateIssuerPrivateKeyTypes
    cert: x509.Certificate  # to issue with (cryptography's type)
    profile: CAProfile = PARTY
    certificate: asn1_x509.Certificate = field(init=False)  # the same, for pyHanko: the trust root
    timestamper: ServiceTimeStamper = field(init=False)
    registries: ThreadRegistries = field(init=False)  # the chain every signature embeds, per thread
    bytes_reserved: int = field(init=False)  # room for one signature, sized once instead of per signature

    def __post_init__(self):
        refusal = _refusal(self.key, self.cert, self.profile.setting)
        if refusal:
            raise ValueError(refusal)
        certificate = parsed_whole(asn1_certificate(self.cert))
        object.__setattr__(self, "certificate", certificate)
        object.__setattr__(self, "registries", ThreadRegistries([certificate]))
        object.__setattr__(self, "timestamper", _timestamper(self))
        # The signature embeds the CA certificate, the event certificate (signed by the CA's key,
        # about the CA certificate's size) and the time-stamp token (the TSA's and CA's certificates),
        # besides 1.5 KB of attributes and signatures; pyHanko reserves hex digits, two per byte.
        tsa_size = len(self.timestamper.tsa_signer.signing_cert.dump())
        object.__setattr__(self, "bytes_reserved", 2 * (2048 + 3 * len(certificate.dump()) + tsa_size))

    @property
    def registry(self) -> SimpleCertificateStore:
        """This thread's store of the chain every signature embeds."""
        return self.registries.get()

    @property
    def name(self) -> str:
        return self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value

    @property
    def demo(self) -> bool:
        return DEMO_MARK in self.name

    def issue(self, subject: x509.Name, public_key, not_before: datetime, not_after: datetime,
              extensions: list[tuple[x509.ExtensionType, bool]]) -> x509.Certificate:
        """A certificate for public_key, signed by this CA and never outliving it."""
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.cert.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(min(not_after, self.cert.not_valid_after_utc))
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )
        for extension, critical in extensions:
            builder = builder.add_extension(extension, critical=critical)
        return builder.sign(self.key, _digest_for(self.key))


def key_usage(**granted: bool) -> x509.KeyUsage:
    """A KeyUsage extension with only the named usages granted."""
    usages = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
              "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{usage: granted.get(usage, False) for usage in usages})


def asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def asn1_private_key(key) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def party_ca(key_path: str | Path = "", cert_path: str | Path = "", *, passphrase: str | bytes | None = None,
             instance_dir: str | Path | None = None, profile: CAProfile = PARTY) -> PartyCA:
    """The CA (the party CA unless another profile is given) for these settings, kept for the
    process's life: the key and certificate files when given (production), else the demonstration
    CA under instance_dir (demonstration only: pass no instance_dir where a real CA is required)."""
    settings = (str(key_path), str(cert_path), passphrase, str(instance_dir) if instance_dir else None, profile)
    ca = _cache.get(settings)
    if ca is None:
        with _lock:
            ca = _cache.get(settings)
            if ca is None:
                ca = _cache[settings] = _load(*settings)
    return ca


def _load(key_path: str, cert_path: str, passphrase, instance_dir: str | None, profile: CAProfile) -> PartyCA:
    if key_path and cert_path:
        return load_party_ca(key_path, cert_path, passphrase, profile=profile)
    if key_path or cert_path:
        raise ValueError(f"{profile.setting}_KEY_PATH and {profile.setting}_CERT_PATH: set both, "
                         "the CA's key and its certificate")
    if instance_dir is None:
        raise ValueError(profile.missing)
    return demo_party_ca(instance_dir, profile=profile)


def load_party_ca(key_path: str | Path, cert_path: str | Path, passphrase: str | bytes | None = None, *,
                  profile: CAProfile = PARTY) -> PartyCA:
    """The CA from its key file and certificate file (PEM or DER; the key may be encrypted)."""
    secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
    key_data, cert_data = Path(key_path).read_bytes(), Path(cert_path).read_bytes()
    if b"-----BEGIN" in key_data:
        key = serialization.load_pem_private_key(key_data, password=secret or None)
    else:
        key = serialization.load_der_private_key(key_data, password=secret or None)
    if b"-----BEGIN" in cert_data:
        certificate = x509.load_pem_x509_certificate(cert_data)
    else:
        certificate = x509.load_der_x509_certificate(cert_data)
    return PartyCA(key, certificate, profile)


def demo_party_ca(instance_dir: str | Path, *, profile: CAProfile = PARTY) -> PartyCA:
    """A demonstration CA, made on first use and kept (key and certificate, mode 0600) in instance_dir."""
    pem = made_once(Path(instance_dir) / profile.demo_file, lambda: _new_demo_ca_pem(profile.name))
    key = serialization.load_pem_private_key(pem, password=None)
    return PartyCA(key, x509.load_pem_x509_certificate(pem[pem.index(b"-----BEGIN CERTIFICATE"):]), profile)


def _new_demo_ca_pem(ca_name: str = CA_NAME) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, SERVICE_NAME),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{ca_name}（{DEMO_MARK}，非正式）"),
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
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem + certificate.public_bytes(serialization.Encoding.PEM)


def _refusal(key, certificate: x509.Certificate, setting: str = "PARTY_CA") -> str | None:
    """Why this key and certificate cannot issue certificates (None when they can)."""
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        return f"{setting}_CERT_PATH: the certificate is not a CA certificate (BasicConstraints CA:TRUE)"
    try:
        if not certificate.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign:
            return f"{setting}_CERT_PATH: the certificate's key usage does not allow signing certificates"
    except x509.ExtensionNotFound:
        pass
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*spki) != certificate.public_key().public_bytes(*spki):
        return f"{setting}_KEY_PATH / {setting}_CERT_PATH: the key is not the certificate's"
    if certificate.not_valid_after_utc <= datetime.now(UTC) + LEEWAY:
        return f"{setting}_CERT_PATH: the CA certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}"
    return None


def _digest_for(key):
    return None if isinstance(key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey) else hashes.SHA256()


def _timestamper(ca: PartyCA) -> ServiceTimeStamper:
    """The time-stamping key lives in this process only; the CA vouches for it until the CA expires."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, SERVICE_NAME),
        x509.NameAttribute(NameOID.COMMON_NAME, TSA_NAME),
    ])
    certificate = ca.issue(subject, key.public_key(), now - LEEWAY, ca.cert.not_valid_after_utc, [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (key_usage(digital_signature=True, content_commitment=True), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True),
    ])
    signer = LeanSigner(signing_cert=asn1_certificate(certificate), signing_key=asn1_private_key(key),
                        cert_registry=ca.registry)
    return ServiceTimeStamper(signer)
