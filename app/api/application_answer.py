"""GET /api/v1/applications/<number> as OpenAPI declares it: every field app.web.serialize writes.

Closed at each level (`additionalProperties: false`): a field added to the answer without a word
here fails the API tests, so partners reading the schema see what they get.
"""

from app.models import ApplicationStatus, Channel, PartyRole, SignatureStatus, StepStatus
from app.pipeline.plan import PUBLIC_STEPS
from app.rules.catalogues import ROUTES
from app.web.serialize import KIND_ORDER
from forms.choices import ENTITY_TYPES, SEAL_KINDS

STRING = {"type": "string"}
TEXT_OR_NULL = {"type": "string", "nullable": True}
TIME_OR_NULL = {"type": "string", "format": "date-time", "nullable": True}


def closed(required: list[str], properties: dict, **more) -> dict:
    """An object with exactly these fields, each always present."""
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False} | more


def one_of(values, **more) -> dict:
    return {"type": "string", "enum": list(values)} | more


SLA = closed(["stage", "due_at", "light", "paused", "pause_reason", "provisional"], {
    "stage": one_of(("apply", "issue"), description="apply until ready_for_issue, then issue (一窗发放)"),
    "due_at": TIME_OR_NULL | {"description": "null until every party has signed (受理)"},
    "light": one_of(("green", "yellow", "red"), description="green until accepted; frozen while paused or stopped"),
    "paused": {"type": "boolean", "description": "a 补正 pause is open: the clock stands still"},
    "pause_reason": TEXT_OR_NULL,
    "provisional": {"type": "boolean",
                    "description": "the due time is counted over a year with no official schedule yet (预计)"}})

SIGNATURE = closed(["party", "name", "status", "signed_at"], {
    "party": {"type": "array", "items": one_of(PartyRole.ALL), "minItems": 1},
    "name": STRING | {"description": "masked: 张*"},
    "status": one_of(SignatureStatus.ALL),
    "signed_at": TIME_OR_NULL})

STEP = closed(["step", "status", "reference", "attempts", "agency_ms", "started_at", "finished_at", "detail"], {
    "step": one_of(PUBLIC_STEPS),
    "status": one_of(StepStatus.ALL),
    "reference": TEXT_OR_NULL | {"description": "the agency's reference, once it has answered"},
    "attempts": {"type": "integer", "minimum": 0},
    "agency_ms": {"type": "integer", "nullable": True, "description": "how long the agency took to answer"},
    "started_at": TIME_OR_NULL, "finished_at": TIME_OR_NULL,
    "detail": TEXT_OR_NULL | {"description": "one sentence for the applicant; null where the status says it all"}})

DOCUMENT = closed(["kind", "url"], {
    "kind": one_of(KIND_ORDER),
    "url": STRING | {"description": "answers application/pdf (the bundle: application/zip) to the same token"}})

SEAL_VOUCHER = closed(
    ["code", "seals", "valid_until", "redeemed_at", "free_seals", "impressions_confirmed_at", "carved_at"], {
        "code": STRING,
        "seals": {"type": "array", "items": one_of(SEAL_KINDS)},
        "valid_until": {"type": "string", "format": "date"},
        "redeemed_at": TIME_OR_NULL,
        "free_seals": {"type": "array", "items": one_of(SEAL_KINDS), "description": "the seals carved free (首套免费)"},
        "impressions_confirmed_at": TIME_OR_NULL, "carved_at": TIME_OR_NULL},
    nullable=True, description="null until the documents are issued")

PERMIT = closed(["scope", "permit", "authority", "route"], {
    "scope": STRING, "permit": STRING, "authority": STRING, "route": one_of(ROUTES)})

APPLICATION_ANSWER = closed(
    ["number", "status", "status_reason", "company_name", "entity_type", "channel", "uscc", "submitted_at",
     "accepted_at", "sla", "signatures", "steps", "documents", "seal_voucher", "permits_needed"], {
        "number": STRING,
        "status": one_of(ApplicationStatus.ALL),
        "status_reason": TEXT_OR_NULL | {
            "description": "needs_review, awaiting_correction, rejected, withdrawn: why, in the request's language"},
        "company_name": STRING,
        "entity_type": one_of(ENTITY_TYPES),
        "channel": one_of((Channel.ONLINE, Channel.WINDOW), description="window: filed by a clerk (帮代办)"),
        "uscc": TEXT_OR_NULL | {"description": "统一社会信用代码, once registered"},
        "submitted_at": {"type": "string", "format": "date-time"},
        "accepted_at": TIME_OR_NULL | {"description": "受理: the last party's signature; the clock runs from here"},
        "sla": SLA,
        "signatures": {"type": "array", "items": SIGNATURE},
        "steps": {"type": "array", "items": STEP},
        "documents": {"type": "array", "items": DOCUMENT},
        "seal_voucher": SEAL_VOUCHER,
        "permits_needed": {"type": "array", "items": PERMIT, "description": "证照分离: [] when none"}})
