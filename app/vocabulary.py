"""Every word a person reads for a code: statuses, steps, agencies, lights, documents, the one
form's choices and fields. One wording per code, Chinese first (English in translations/).

The codes themselves belong to their owners (ApplicationStatus, StepStatus, seals.kinds.SealKind,
forms.choices); this module sits below them all, so it imports nothing of ours and keys by value.
"""

from flask_babel import lazy_gettext as _l

# Where an application is waiting and on whom (never only "processing").
STEP_LABELS = {
    "name_approval": _l("名称自主申报"),
    "registration": _l("设立登记"),
    "seal_carving": _l("公章刻制"),
    "tax_registration": _l("税务登记与发票申领"),
    "bank_account": _l("银行开户"),
    "social_insurance": _l("社保医保登记"),
    "housing_fund": _l("住房公积金开户"),
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
    "social_insurance": _l("人社部门和医保部门"),
    "housing_fund": _l("住房公积金中心"),
    "licence": _l("登记机关"),
    "documents": _l("本中心"),
    "shipment": _l("快递公司"),
}
# A party's answer to a signature request, and their roles as the 申请书 prints them (by entity
# type: app.signing.documents.role_words), wherever a person reads them.
SIGNATURE_STATUS_LABELS = {"pending": _l("等待签署"), "signed": _l("已签署"), "declined": _l("已拒绝签署")}
PARTY_ROLE_LABELS = {"法定代表人": _l("法定代表人"), "执行事务合伙人": _l("执行事务合伙人"), "投资人": _l("投资人"),
                     "经营者": _l("经营者"), "股东": _l("股东"), "合伙人": _l("合伙人"), "成员": _l("成员"),
                     "出资人": _l("出资人")}
STATUS_LABELS = {
    "awaiting_signatures": _l("待签名"), "submitted": _l("已提交"), "processing": _l("办理中"), "needs_review": _l("待窗口审核"),
    "awaiting_correction": _l("待补正"), "ready_for_issue": _l("待发放"), "issued": _l("已发放"),
    "shipped": _l("已寄出"), "delivered": _l("已签收"), "rejected": _l("不予受理"), "withdrawn": _l("已撤回"),
}
STEP_STATUS_LABELS = {
    "pending": _l("等待中"), "running": _l("办理中"), "retrying": _l("重试中"), "done": _l("已完成"),
    "needs_review": _l("需人工审核"), "failed": _l("失败"),
}

# 亮灯督办: the long form says what the light means, the short one names it (the clerk's queue).
LIGHT_LABELS = {
    "green": _l("正常：用时未过半"),
    "yellow": _l("提醒：用时已过半"),
    "red": _l("已超时：正在督办"),
}
LIGHT_SHORT_LABELS = {"green": _l("绿灯"), "yellow": _l("黄灯"), "red": _l("红灯")}
STAGE_LABELS = {"apply": _l("办理时限"), "issue": _l("发放时限")}

DOCUMENT_LABELS = {
    "business_license": _l("电子营业执照"),
    "seal_voucher": _l("免费刻章凭证"),
    "tax_notice": _l("税务登记通知书"),
    "bank_notice": _l("银行开户通知书"),
    "bundle": _l("全部文件打包下载"),
    "application_form": _l("登记申请书"),
    "articles": _l("公司章程"),
    "permit_notice": _l("经营许可告知书"),
    "social_insurance_notice": _l("社会保险登记通知书"),
    "housing_fund_notice": _l("住房公积金单位登记通知书"),
}

# The one form's closed lists; forms.choices holds the allowed values derived from these keys.
ENTITY_TYPE_LABELS = {
    "llc": _l("有限责任公司"),
    "sole_proprietorship": _l("个人独资企业"),
    "partnership": _l("合伙企业"),
    "individual_business": _l("个体工商户"),
    "cooperative": _l("农民专业合作社"),
}
TAXPAYER_TYPE_LABELS = {"small_scale": _l("小规模纳税人"), "general": _l("一般纳税人")}
INVOICE_TYPE_LABELS = {
    "vat_ordinary": _l("增值税普通发票"),
    "vat_special": _l("增值税专用发票"),
    "e_invoice": _l("全面数字化的电子发票"),
}
DELIVERY_LABELS = {"window": _l("窗口领取"), "courier": _l("免费邮寄")}
# Keyed by seals.kinds.SealKind values (a test keeps the two in step); the order of seals is
# seals.grants.GRANT_ORDER, not this dict's.
SEAL_LABELS = {
    "official": _l("公章"),
    "finance": _l("财务专用章"),
    "invoice": _l("发票专用章"),
    "legal_rep": _l("法人名章"),
    "contract": _l("合同专用章"),
}

# The one form's fields by dotted path: the form's labels, its error summary, the clerk's view of
# an application and the 补正 request all name a field in these words.
FIELD_LABELS = {
    "entity_type": _l("企业类型"),
    "name": _l("企业名称"),
    "name.region": _l("名称·行政区划"),
    "name.trade_name": _l("名称·字号"),
    "name.industry": _l("名称·行业或经营特点"),
    "name.org_form": _l("名称·组织形式"),
    "registered_capital_yuan": _l("注册资本（元）"),
    "address": _l("住所（经营场所）"),
    "business_scope": _l("经营范围"),
    "legal_representative.name": _l("法定代表人姓名"),
    "legal_representative.id_number": _l("法定代表人身份证号码"),
    "legal_representative.phone": _l("法定代表人手机号码"),
    "shareholders": _l("股东（出资人）"),
    "tax.taxpayer_type": _l("纳税人类型"),
    "tax.invoice_types": _l("发票种类"),
    "tax.monthly_invoice_quota": _l("每月领用发票数量（份）"),
    "seals": _l("印章"),
    "bank.bank": _l("基本存款账户开户银行"),
    "employer": _l("社保和公积金"),
    "employer.employees_at_start": _l("开办时招用职工人数"),
    "employer.first_payroll_month": _l("首次发放工资月份"),
    "employer.housing_fund_rate_percent": _l("住房公积金单位缴存比例（%）"),
    "delivery.method": _l("领取方式"),
    "delivery.recipient": _l("收件人"),
    "delivery.phone": _l("收件人手机号码"),
    "delivery.address": _l("收件地址"),
    "contact.name": _l("联系人姓名"),
    "contact.phone": _l("联系人手机号码"),
    "contact.email": _l("联系人电子邮箱"),
}
# One shareholder row's fields ("shareholders.<n>.<field>").
SHAREHOLDER_LABELS = {"name": _l("姓名或名称"), "id_number": _l("身份证号码"), "contribution_yuan": _l("认缴出资额（元）"),
                      "phone": _l("本人手机号码")}
# Coded answers of the one form, by field path, for showing an application in words.
CHOICE_LABELS = {
    "entity_type": ENTITY_TYPE_LABELS, "tax.taxpayer_type": TAXPAYER_TYPE_LABELS,
    "tax.invoice_types": INVOICE_TYPE_LABELS, "seals": SEAL_LABELS, "delivery.method": DELIVERY_LABELS,
}

# How an application came in (Channel values).
CHANNEL_LABELS = {"online": _l("网上申请"), "window": _l("窗口帮代办")}

# The audit trail's actions (the `action` of app.models.AuditEvent), as the clerk and the supervisor
# read them; a test keeps this in step with every action the code records.
AUDIT_ACTION_LABELS = {
    "submitted": _l("提交申请"), "party_verified": _l("签署人实名核验通过"), "party_signed": _l("签署人已签署"),
    "signature_declined": _l("签署人拒绝签署"), "signing_reminded": _l("提醒签署"), "signing_link_resent": _l("重发签署链接"),
    "signing_expired": _l("签署期限已过，申请撤回"), "accepted": _l("全部签署，申请受理"),
    "signed_again": _l("补正后全部重新签署，继续办理"), "pipeline_started": _l("开始办理"),
    "backup_name_approved": _l("备选字号核准"), "agency_refused": _l("部门退回，转窗口审核"),
    "step_failed": _l("环节多次失败，转窗口审核"), "step_retried": _l("窗口重新提交环节"), "review_approved": _l("窗口审核通过"),
    "correction_requested": _l("通知补正"), "correction_submitted": _l("申请人提交补正"),
    "accepted_on_promise": _l("容缺受理"), "promise_reminded": _l("提醒补交容缺材料"), "rejected": _l("不予受理"),
    "documents_ready": _l("证照生成，待发放"), "handed_over": _l("窗口发放"), "picked_up": _l("快递已揽收"),
    "delivered": _l("快递已签收"), "delivery_signed_for": _l("记录签收人"), "impressions_confirmed": _l("申请人确认印模"), "seal_voucher_redeemed": _l("刻章店核销刻章凭证"),
    "seals_carved": _l("印章刻制完成"), "licence_revoked": _l("执照作废"), "rated": _l("申请人评价"),
    "cannot_get_done_reported": _l("申请人反映办不成事"), "cannot_get_done_answered": _l("答复办不成事"),
    "token_reissued": _l("作废并重发查询链接"), "document_downloaded": _l("下载证照文件"), "printed": _l("打印证照"),
    "viewed_full_id": _l("查看完整身份证号码"), "archive_downloaded": _l("下载电子档案"), "archive_made": _l("导出电子档案"),
    "eseal_revoked": _l("吊销电子印章"), "eseal_used": _l("使用电子印章签章"),
    # What concerns no application (the staff audit).
    "signed_in": _l("登录"), "sign_in_failed": _l("登录失败"), "signed_out": _l("退出"), "account_locked": _l("账户锁定"),
    "account_unlocked": _l("解锁"), "account_deactivated": _l("停用账户"), "password_changed": _l("重设密码"),
    "account_created": _l("创建账户"), "calendar_edited": _l("修改节假日安排"), "seal_shop_signed_in": _l("刻章店登录"),
    "seal_shop_revoked": _l("停用刻章店"),
}
# Who acted, where it was not a staff member (app.audit.operations.Actor): fixed names, then prefixes.
ACTOR_LABELS = {"applicant": _l("申请人"), "system": _l("系统自动"), "pipeline": _l("系统自动")}
ACTOR_PREFIX_LABELS = {"party": _l("签署人"), "seal_shop": _l("刻章店"), "cli": _l("管理员（命令行）")}
PRINT_NOTE_LABELS = {"print_job": _l("全部证照合并打印")}
