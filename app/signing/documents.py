"""The filing documents every party signs: the 申请书 (every entity type) and the 章程 (companies).

Made once at filing from the form as filed (ID numbers and phones masked: the parties read each
other's documents), kept as `Document` rows `application_form` and `articles`, and signed in
place: each party's PAdES signature is appended to the stored bytes in an incremental update.
"""

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from app.documents.application_form import render_application_form
from app.documents.articles import has_articles, render_articles
from app.documents.model import FilingFacts, Party
from app.documents.signatures import PartyCA, PartyIdentity, party_ca, party_field_name, sign_as_party
from app.extensions import db
from app.models import Application, Document, Signature
from app.models.signing import PartyRole
from app.rules.id_number import mask_id, normalise_id
from app.rules.names import full_name
from app.signing.parties import Signer, mask_phone, signers_of
from app.timefmt import SHANGHAI
from app.vocabulary import (
    DELIVERY_LABELS,
    ENTITY_TYPE_LABELS,
    INVOICE_TYPE_LABELS,
    SEAL_LABELS,
    TAXPAYER_TYPE_LABELS,
)

APPLICATION_FORM, ARTICLES = "application_form", "articles"
FILING_KINDS = (APPLICATION_FORM, ARTICLES)
REASONS = {APPLICATION_FORM: "签署企业登记申请书", ARTICLES: "签署公司章程"}

# How each role is printed, by entity type (a partnership's investors are 合伙人, and so on).
REPRESENTATIVE_WORDS = {"llc": "法定代表人", "cooperative": "法定代表人", "partnership": "执行事务合伙人",
                        "sole_proprietorship": "投资人", "individual_business": "经营者"}
INVESTOR_WORDS = {"llc": "股东", "partnership": "合伙人", "cooperative": "成员"}


def role_words(entity_type: str, roles: tuple[str, ...]) -> tuple[str, ...]:
    words = {PartyRole.LEGAL_REPRESENTATIVE: REPRESENTATIVE_WORDS.get(entity_type, "法定代表人"),
             PartyRole.SHAREHOLDER: INVESTOR_WORDS.get(entity_type, "出资人")}
    return tuple(words[role] for role in roles)


def _party(entity_type: str, signer: Signer) -> Party:
    return Party(signer.name, role_words(entity_type, signer.roles), mask_id(normalise_id(signer.id_number)),
                 signer.contribution_yuan)


def _other_facts(form: dict) -> list[tuple[str, str]]:
    """Tax, seals, bank, delivery and contact in printable words (phones masked)."""
    facts = []
    tax = form.get("tax") or {}
    if tax:
        facts.append(("纳税人类型", str(TAXPAYER_TYPE_LABELS.get(tax.get("taxpayer_type"), tax.get("taxpayer_type", "")))))
        kinds = "、".join(str(INVOICE_TYPE_LABELS.get(kind, kind)) for kind in tax.get("invoice_types") or [])
        facts.append(("申领发票", f"{kinds or '—'}，每月{tax.get('monthly_invoice_quota', 0)}份"))
    if form.get("seals"):
        facts.append(("刻制印章", "、".join(str(SEAL_LABELS.get(kind, kind)) for kind in form["seals"])))
    if form.get("bank"):
        facts.append(("开户银行", form["bank"].get("bank", "")))
    delivery = form.get("delivery") or {}
    if delivery:
        method = str(DELIVERY_LABELS.get(delivery.get("method"), delivery.get("method", "")))
        if delivery.get("method") == "courier":
            method += f"：{delivery.get('recipient', '')} {mask_phone(delivery.get('phone', ''))} {delivery.get('address', '')}"
        facts.append(("领取方式", method))
    contact = form.get("contact") or {}
    if contact:
        facts.append(("联系人", f"{contact.get('name', '')} {mask_phone(contact.get('phone', ''))}"))
    return facts


def filing_facts(application: Application) -> FilingFacts:
    """What the 申请书 and the 章程 say, from the application as filed."""
    form = application.form
    entity_type = application.entity_type
    with force_locale("zh"):  # the documents are Chinese, whatever language the request was in
        signers = signers_of(form)
        by_id = {normalise_id(s.id_number): _party(entity_type, s) for s in signers}
        shareholders = [replace_contribution(by_id[normalise_id(holder["id_number"])], holder.get("contribution_yuan"))
                        for holder in form.get("shareholders") or []]
        return FilingFacts(
            number=application.number, company_name=application.company_name, entity_type=entity_type,
            entity_type_label=str(ENTITY_TYPE_LABELS.get(entity_type, entity_type)), address=form["address"],
            registered_capital_yuan=form.get("registered_capital_yuan") or 0, business_scope=form["business_scope"],
            legal_representative=form["legal_representative"]["name"], parties=[_party(entity_type, s) for s in signers],
            shareholders=shareholders, submitted_on=application.submitted_at.astimezone(SHANGHAI).date(),
            other_facts=_other_facts(form), backup_names=_backup_names(form))


def _backup_names(form: dict) -> list[str]:
    """The 备选名称 as full names: each backup trade name with the form's region, industry and form."""
    name = form["name"]
    return [full_name(name["region"], backup, name["industry"], name["org_form"])
            for backup in name.get("backup_trade_names") or []]


def replace_contribution(party: Party, amount: int | None) -> Party:
    return Party(party.name, party.roles, party.id_number_masked, amount)


def add_filing_documents(application: Application) -> list[str]:
    """Render the 申请书 (and the 章程 for a company) and keep them with the application; their kinds."""
    facts = filing_facts(application)
    made = {APPLICATION_FORM: render_application_form(facts)}
    if has_articles(application.entity_type):
        made[ARTICLES] = render_articles(facts)
    for kind, pdf in made.items():
        db.session.add(Document(application_id=application.id, kind=kind, content=pdf))
    db.session.flush()
    return list(made)


def filing_documents(application: Application) -> list[Document]:
    """The application's 申请书 and 章程 as stored now, in that order."""
    documents = db.session.scalars(select(Document).where(Document.application_id == application.id,
                                                          Document.kind.in_(FILING_KINDS))
                                   .execution_options(populate_existing=True)).all()
    return sorted(documents, key=lambda document: FILING_KINDS.index(document.kind))


def the_party_ca() -> PartyCA:
    """The service's signing CA for the parties: the configured one, else (demonstration) one made once."""
    config = current_app.config
    instance_dir = config["INSTANCE_PATH"] if config.get("DEMONSTRATION") else None
    return party_ca(config.get("PARTY_CA_KEY_PATH", ""), config.get("PARTY_CA_CERT_PATH", ""),
                    passphrase=config.get("PARTY_CA_KEY_PASSPHRASE") or None, instance_dir=instance_dir)


def sign_filing_documents(application: Application, signature: Signature, witnessed: str = "") -> list[str]:
    """Append the party's signature to each filing document (call with the application locked);
    `witnessed` ("现场见证：窗口 王窗口") is added to the signature's reason when a clerk witnessed it."""
    identity = PartyIdentity(signature.name, signature.id_digest, application.number)
    ca, location = the_party_ca(), current_app.config["CENTRE_NAME"]
    signed = []
    for document in filing_documents(application):
        reason = f"{REASONS[document.kind]}（{witnessed}）" if witnessed else REASONS[document.kind]
        document.content = sign_as_party(document.content, identity, ca, reason, location,
                                         party_field_name(signature.position, signature.name))
        signed.append(document.kind)
    db.session.flush()
    return signed
