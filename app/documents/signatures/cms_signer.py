"""The service's own time-stamping authority, signing with the lean CMS signer.

LeanSigner (app.documents.lean_signer, re-exported here for the modules that import it from here)
encodes signed attributes once instead of asn1crypto's re-encoding at every level.
"""

import secrets
from datetime import UTC, datetime

from asn1crypto import cms, tsp
from pyhanko.sign import signers
from pyhanko.sign.timestamps import TimeStamper

from app.documents.lean_signer import LeanSigner, ThreadSigners

__all__ = ["TSA_POLICY", "LeanSigner", "ServiceTimeStamper"]

# TSTInfo.policy must name one: an OID of our own under the UUID arc (X.667), no registration needed.
TSA_POLICY = "2.25.338685922538209362069479962233075343016"


class ServiceTimeStamper(TimeStamper):
    """An RFC 3161 time-stamping authority inside the service, its key under the party CA.

    Each party signature carries its token (PAdES B-T): proof, signed by a key the party CA
    vouches for, that the signature existed while its one-hour event certificate was valid.
    """

    def __init__(self, tsa_signer: signers.SimpleSigner):
        super().__init__(include_nonce=True)
        self._signers = ThreadSigners(tsa_signer)

    @property
    def tsa_signer(self) -> LeanSigner:
        """This thread's copy of the authority's signer (threads share no asn1crypto value)."""
        return self._signers.get()

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        info = {
            "version": "v1",
            "policy": TSA_POLICY,
            "message_imprint": req["message_imprint"],
            "serial_number": secrets.randbits(64),
            "gen_time": datetime.now(UTC).replace(microsecond=0),
            "accuracy": {"seconds": 1},
            "ordering": False,
        }
        if req["nonce"].native is not None:
            info["nonce"] = req["nonce"]
        content = cms.EncapsulatedContentInfo({
            "content_type": "tst_info",
            "content": cms.ParsableOctetString(tsp.TSTInfo(info).dump()),
        })
        token = await self.tsa_signer.async_sign_general_data(content, "sha256", detached=False)
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token})
