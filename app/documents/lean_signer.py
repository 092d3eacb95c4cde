"""pyHanko's CMS signer without asn1crypto's cost of encoding freshly built values.

asn1crypto re-encodes a newly built (mutated) value every time its encoding is read, and reads
it two or three times per level while encoding, so encoding nested new values costs twice as
much with every level (wbond/asn1crypto#256). A CMS signature nests its signed attributes seven
levels deep: with pyHanko's plain SimpleSigner a party signature took 22 ms of CPU, 6 ms with this
one, and the registration authority's signature on the licence 40 ms, 15 ms. Reading each
attribute and the SignerInfo back from their DER makes them plain parsed values, whose encoding
is kept.

It sits beside signing.py, not in signatures/, because signing.py uses it and signatures/ imports
signing.py.

asn1crypto's values are not safe to share between threads: they parse lazily and keep the
encodings they build on themselves, so two threads signing with one certificate at once can read
it half-made (a party signature failed 3 times in 200 with 8 threads). A signer that threads share
— the licence's, the time-stamping authority's — is kept as one copy per thread (`ThreadSigners`),
and so is the chain a signature embeds (`ThreadRegistries`).
"""

import threading

from asn1crypto import algos, cms, keys, x509
from pyhanko.sign import signers
from pyhanko.sign.attributes import SigningCertificateV2Provider
from pyhanko.sign.general import simple_cms_attribute
from pyhanko_certvalidator.registry import SimpleCertificateStore


class _Frozen:
    """A signed-attribute provider whose attribute comes back as a parsed, already encoded value."""

    def __init__(self, provider):
        self.provider = provider

    async def get_attribute(self, dry_run=False):
        return await _frozen_attribute(self.provider, dry_run)


class _Kept:
    """The signer's own signing-certificate attribute, the same in every signature: made once."""

    def __init__(self, signer: "LeanSigner", provider):
        self.signer, self.provider = signer, provider

    async def get_attribute(self, dry_run=False):
        if self.signer._signing_certificate_attribute is None:
            self.signer._signing_certificate_attribute = await _frozen_attribute(self.provider, dry_run)
        return self.signer._signing_certificate_attribute


async def _frozen_attribute(provider, dry_run: bool):
    """The provider's attribute, read back from its DER: a parsed value, whose encoding is kept."""
    value = await provider.build_attr_value(dry_run=dry_run)
    if value is None:
        return None
    value = value.__class__.load(value.dump())
    return cms.CMSAttribute.load(simple_cms_attribute(provider.attribute_type, value).dump())


class LeanSigner(signers.SimpleSigner):
    """A SimpleSigner whose signed attributes and SignerInfo are encoded once each."""

    _signing_certificate_attribute = None  # kept by _Kept: a signer lives on in its thread

    def _signed_attr_providers(self, *args, **kwargs):
        return [_Kept(self, provider) if isinstance(provider, SigningCertificateV2Provider) else _Frozen(provider)
                for provider in super()._signed_attr_providers(*args, **kwargs)]

    async def signed_attrs(self, *args, **kwargs):
        return cms.CMSAttributes.load((await super().signed_attrs(*args, **kwargs)).dump())

    async def unsigned_attrs(self, *args, **kwargs):
        attributes = await super().unsigned_attrs(*args, **kwargs)
        return None if attributes is None else cms.CMSAttributes.load(attributes.dump())

    def signer_info(self, *args, **kwargs):
        return cms.SignerInfo.load(super().signer_info(*args, **kwargs).dump())


def parsed_whole(certificate: x509.Certificate) -> x509.Certificate:
    """The certificate with every part parsed now, and the values asn1crypto and the validator keep
    on it worked out, so that threads verifying with it at once only read it."""
    _ = (certificate.native, certificate.critical_extensions, certificate.issuer_serial, certificate.sha256,
         certificate.key_identifier, certificate.public_key.algorithm)
    return certificate


def own_registry(certificates) -> SimpleCertificateStore:
    """A certificate store holding copies of the certificates, shared with no other thread."""
    return SimpleCertificateStore.from_certs([x509.Certificate.load(certificate.dump())
                                              for certificate in certificates])


class ThreadRegistries:
    """A chain every signature embeds, as one certificate store per thread (made once in each)."""

    def __init__(self, certificates):
        self._certificates = [x509.Certificate.load(certificate.dump()) for certificate in certificates]
        self._local = threading.local()

    def get(self) -> SimpleCertificateStore:
        registry = getattr(self._local, "registry", None)
        if registry is None:
            registry = self._local.registry = own_registry(self._certificates)
        return registry


class ThreadSigners:
    """The signer given, as one LeanSigner per thread rebuilt from its encodings."""

    def __init__(self, signer: signers.SimpleSigner):
        mechanism = signer.signature_mechanism
        self._encoded = (signer.signing_cert.dump(), signer.signing_key.dump(),
                         [certificate.dump() for certificate in signer.cert_registry],
                         mechanism.dump() if mechanism is not None else None,
                         [certificate.dump() for certificate in signer.attribute_certs or ()])
        self._options = {"prefer_pss": signer.prefer_pss, "embed_roots": signer.embed_roots}
        self._local = threading.local()

    def get(self) -> LeanSigner:
        signer = getattr(self._local, "signer", None)
        if signer is None:
            cert, key, chain, mechanism, attribute_certs = self._encoded
            signer = self._local.signer = LeanSigner(
                signing_cert=x509.Certificate.load(cert), signing_key=keys.PrivateKeyInfo.load(key),
                cert_registry=own_registry(x509.Certificate.load(der) for der in chain),
                signature_mechanism=algos.SignedDigestAlgorithm.load(mechanism) if mechanism else None,
                attribute_certs=[cms.AttributeCertificateV2.load(der) for der in attribute_certs] or None,
                **self._options)
        return signer
