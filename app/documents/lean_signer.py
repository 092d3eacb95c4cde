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
"""

from asn1crypto import cms
from pyhanko.sign import signers
from pyhanko.sign.general import simple_cms_attribute


class _Frozen:
    """A signed-attribute provider whose attribute comes back as a parsed, already encoded value."""

    def __init__(self, provider):
        self.provider = provider

    async def get_attribute(self, dry_run=False):
        value = await self.provider.build_attr_value(dry_run=dry_run)
        if value is None:
            return None
        value = value.__class__.load(value.dump())
        return cms.CMSAttribute.load(simple_cms_attribute(self.provider.attribute_type, value).dump())


class LeanSigner(signers.SimpleSigner):
    """A SimpleSigner whose signed attributes and SignerInfo are encoded once each."""

    def _signed_attr_providers(self, *args, **kwargs):
        return [_Frozen(provider) for provider in super()._signed_attr_providers(*args, **kwargs)]

    async def signed_attrs(self, *args, **kwargs):
        return cms.CMSAttributes.load((await super().signed_attrs(*args, **kwargs)).dump())

    async def unsigned_attrs(self, *args, **kwargs):
        attributes = await super().unsigned_attrs(*args, **kwargs)
        return None if attributes is None else cms.CMSAttributes.load(attributes.dump())

    def signer_info(self, *args, **kwargs):
        return cms.SignerInfo.load(super().signer_info(*args, **kwargs).dump())
