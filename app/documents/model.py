"""Plain inputs of the document renderers: no Flask, no database rows."""

from dataclasses import dataclass, field
from datetime import date

from seals.grants import SealGrant  # one seal on the voucher, as the grant decided it


@dataclass(frozen=True)
class LicenceFacts:
    """What the 电子营业执照 shows."""

    uscc: str
    name: str
    entity_type_label: str
    legal_representative: str
    registered_capital_yuan: int
    established_on: date
    address: str
    business_scope: list[str]
    authority: str
    issued_on: date
    verify_url: str


@dataclass(frozen=True)
class TaxNotice:
    """税务登记 and first-invoice result (taxpayer id = credit code)."""

    company_name: str
    uscc: str
    tax_office: str
    taxpayer_type: str
    invoice_kinds: list[str]
    invoice_max_amount_yuan: int
    invoice_monthly_count: int
    registered_on: date


@dataclass(frozen=True)
class BankNotice:
    """银行开户 result: the basic deposit account (基本存款账户)."""

    company_name: str
    uscc: str
    bank_name: str
    branch_name: str
    account_number: str
    opened_on: date
    account_type: str = "基本存款账户"


@dataclass(frozen=True)
class VoucherFacts:
    """What the 免费刻章凭证 shows."""

    company_name: str
    uscc: str
    seals: list[SealGrant]
    voucher_code: str
    verify_url: str
    valid_until: date
    # Needed only when a 法人名章 is granted; a joint-stock company's 公章 is 42 mm.
    legal_representative: str | None = None
    joint_stock: bool = False


@dataclass(frozen=True)
class Parcel:
    """One courier shipment (证照邮寄) of a licence bundle and seals."""

    waybill_number: str
    sender_name: str
    sender_phone: str
    sender_address: str
    recipient_name: str
    recipient_phone: str
    recipient_address: str
    contents: list[str] = field(default_factory=list)
    tracking_url: str = ""


@dataclass(frozen=True)
class Party:
    """A natural person on an application who signs it: the legal representative, a shareholder, or both."""

    name: str
    roles: tuple[str, ...]  # as printed: 法定代表人, 股东
    id_number_masked: str  # the parties read each other's documents: never the full number
    contribution_yuan: int | None = None  # for a shareholder


@dataclass(frozen=True)
class FilingFacts:
    """What the 申请书 and the 章程 are made from: the form as filed, in printable words."""

    number: str
    company_name: str
    entity_type: str
    entity_type_label: str
    address: str
    registered_capital_yuan: int
    business_scope: list[str]
    legal_representative: str
    parties: list[Party]
    shareholders: list[Party]  # in the form's order, each with a contribution
    submitted_on: date
    # Every other fact of the form as (label, value), in the form's order (tax, seals, bank, delivery, contact).
    other_facts: list[tuple[str, str]] = field(default_factory=list)
    # The 备选名称 in order (full names), tried at name approval if the first is not approved.
    backup_names: list[str] = field(default_factory=list)
