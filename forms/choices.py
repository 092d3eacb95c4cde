"""The values the one form allows; their words are in app.vocabulary."""

from app.vocabulary import (
    DELIVERY_LABELS,
    ENTITY_TYPE_LABELS,
    INVOICE_TYPE_LABELS,
    SEAL_LABELS,
    TAXPAYER_TYPE_LABELS,
)

ENTITY_TYPES = tuple(ENTITY_TYPE_LABELS)
TAXPAYER_TYPES = tuple(TAXPAYER_TYPE_LABELS)
INVOICE_TYPES = tuple(INVOICE_TYPE_LABELS)
DELIVERY_METHODS = tuple(DELIVERY_LABELS)
# seals.kinds.SealKind's values: forms sits below seals, so it takes them from the labels' keys
# (tests/app/test_vocabulary.py keeps both in step).
SEAL_KINDS = tuple(SEAL_LABELS)

BANKS = (
    "中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "中国邮政储蓄银行",
    "招商银行", "兴业银行", "中信银行", "湖北银行", "湖北竹溪农村商业银行",
)

# Re-export: SEAL_LABELS stays importable from here only until app.public.seals takes it from
# app.vocabulary (that file is being rewritten by another change).
