"""Plain words for where an application is waiting and on whom (never only "processing")."""

from flask_babel import lazy_gettext as _l

STEP_LABELS = {
    "name_approval": _l("名称自主申报"),
    "registration": _l("设立登记"),
    "seal_carving": _l("公章刻制"),
    "tax_registration": _l("税务登记与发票申领"),
    "bank_account": _l("银行开户"),
    "licence": _l("签发电子营业执照"),
    "documents": _l("证照文件打包"),
    "shipment": _l("证照邮寄下单"),
}
AGENCIES = {
    "name_approval": _l("市场监管部门（名称）"),
    "registration": _l("市场监管部门"),
    "seal_carving": _l("公安印章系统"),
    "tax_registration": _l("税务部门"),
    "bank_account": _l("开户银行"),
    "licence": _l("登记机关"),
    "documents": _l("本中心"),
    "shipment": _l("快递公司"),
}
STATUS_LABELS = {
    "submitted": _l("已提交"), "processing": _l("办理中"), "needs_review": _l("待窗口审核"),
    "awaiting_correction": _l("待补正"), "ready_for_issue": _l("待发放"), "issued": _l("已发放"),
    "shipped": _l("已寄出"), "delivered": _l("已签收"), "rejected": _l("不予受理"), "withdrawn": _l("已撤回"),
}
STEP_STATUS_LABELS = {
    "pending": _l("等待中"), "running": _l("办理中"), "retrying": _l("重试中"), "done": _l("已完成"),
    "needs_review": _l("需人工审核"), "failed": _l("失败"),
}
