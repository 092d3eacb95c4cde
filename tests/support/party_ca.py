"""A parties' signing CA for production settings in tests: a real CA certificate (not the demonstration one)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CA_NAME = "企业开办210 电子签名CA"


def party_ca_files(directory: Path, valid_days: int = 3650, is_ca: bool = True) -> tuple[str, str]:
    """A P-256 key and a self-signed CA certificate (keyCertSign) for the parties, as two PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "竹溪县政务服务中心"),
                      x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - timedelta(days=2 * abs(valid_days) + 1))
                   .not_valid_after(now + timedelta(days=valid_days))
                   .add_extension(x509.BasicConstraints(ca=is_ca, path_length=0 if is_ca else None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=not is_ca, content_commitment=False,
                                                key_encipherment=False, data_encipherment=False, key_agreement=False,
                                                key_cert_sign=is_ca, crl_sign=is_ca, encipher_only=False,
                                                decipher_only=False), critical=True)
                   .sign(key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = directory / "party-ca.key", directory / "party-ca.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


def party_ca_settings(directory: Path) -> dict:
    """Real (non-demonstration) party and seal CAs, as production requires both."""
    key_path, cert_path = party_ca_files(directory / "party")
    seal_key_path, seal_cert_path = party_ca_files(directory / "seal")
    return {"PARTY_CA_KEY_PATH": key_path, "PARTY_CA_CERT_PATH": cert_path,
            "SEAL_CA_KEY_PATH": seal_key_path, "SEAL_CA_CERT_PATH": seal_cert_path}
