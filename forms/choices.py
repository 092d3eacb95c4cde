"""The values the one form allows; their words are in app.vocabulary."""

from app.rules.employer import CONTRIBUTION_RATES, employer_steps
from app.vocabulary import (
    DELIVERY_LABELS,
    ENTITY_TYPE_LABELS,
    INVOICE_TYPE_LABELS,
    TAXPAYER_TYPE_LABELS,
)
from seals.kinds import SealKind

ENTITY_TYPES = tuple(ENTITY_TYPE_LABELS)
TAXPAYER_TYPES = tuple(TAXPAYER_TYPE_LABELS)
INVOICE_TYPES = tuple(INVOICE_TYPE_LABELS)
DELIVERY_METHODS = tuple(DELIVERY_LABELS)
SEAL_KINDS = tuple(kind.value for kind in SealKind)
# The housing fund rates as the form's options (value, words): whole percents, 5 to 12 (app.rules.employer).
HOUSING_FUND_RATE_OPTIONS = tuple((str(rate), f"{rate}%") for rate in CONTRIBUTION_RATES)
# The entity types the form asks about social insurance and the housing fund (个体工商户 registers neither).
TYPES_WITH_EMPLOYER = tuple(t for t in ENTITY_TYPES if employer_steps(t))

BANKS = (
    "中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "中国邮政储蓄银行",
    "招商银行", "兴业银行", "中信银行", "湖北银行", "湖北竹溪农村商业银行",
)

