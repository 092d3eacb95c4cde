"""Closed lists of the one form, with their Chinese labels (the labels go through Babel)."""

from flask_babel import lazy_gettext as _l

ENTITY_TYPE_LABELS = {
    "llc": _l("有限责任公司"),
    "sole_proprietorship": _l("个人独资企业"),
    "partnership": _l("合伙企业"),
    "individual_business": _l("个体工商户"),
    "cooperative": _l("农民专业合作社"),
}
ENTITY_TYPES = tuple(ENTITY_TYPE_LABELS)

SEAL_LABELS = {
    "official": _l("公章"),
    "finance": _l("财务专用章"),
    "invoice": _l("发票专用章"),
    "legal_rep": _l("法人名章"),
    "contract": _l("合同专用章"),
}
SEAL_KINDS = tuple(SEAL_LABELS)

TAXPAYER_TYPE_LABELS = {"small_scale": _l("小规模纳税人"), "general": _l("一般纳税人")}
TAXPAYER_TYPES = tuple(TAXPAYER_TYPE_LABELS)

INVOICE_TYPE_LABELS = {
    "vat_ordinary": _l("增值税普通发票"),
    "vat_special": _l("增值税专用发票"),
    "e_invoice": _l("全面数字化的电子发票"),
}
INVOICE_TYPES = tuple(INVOICE_TYPE_LABELS)

BANKS = (
    "中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "中国邮政储蓄银行",
    "招商银行", "兴业银行", "中信银行", "湖北银行", "湖北竹溪农村商业银行",
)

DELIVERY_LABELS = {"window": _l("窗口领取"), "courier": _l("免费邮寄")}
