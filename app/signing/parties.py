"""Who signs an application: its natural persons, from the form, each once (pure: no Flask, no database)."""

from dataclasses import dataclass

from app.models.signing import PartyRole
from app.rules.id_number import normalise_id


@dataclass(frozen=True)
class Signer:
    """One natural person on the form, with every role they hold on it."""

    name: str
    id_number: str
    phone: str
    roles: tuple[str, ...]
    contribution_yuan: int | None = None  # as a shareholder


def signers_of(form: dict) -> list[Signer]:
    """The legal representative first, then each shareholder in the form's order; a shareholder with
    the legal representative's ID number is the same person (one signer, both roles)."""
    representative = form["legal_representative"]
    people: dict[str, dict] = {normalise_id(representative["id_number"]): {
        "name": representative["name"], "id_number": representative["id_number"],
        "phone": representative["phone"], "roles": [PartyRole.LEGAL_REPRESENTATIVE], "contribution_yuan": None}}
    for holder in form.get("shareholders") or []:
        key = normalise_id(holder["id_number"])
        person = people.setdefault(key, {"name": holder["name"], "id_number": holder["id_number"],
                                         "phone": holder.get("phone") or "", "roles": [], "contribution_yuan": None})
        if PartyRole.SHAREHOLDER not in person["roles"]:
            person["roles"].append(PartyRole.SHAREHOLDER)
        person["contribution_yuan"] = (person["contribution_yuan"] or 0) + holder.get("contribution_yuan", 0)
    return [Signer(p["name"], p["id_number"], p["phone"], tuple(p["roles"]), p["contribution_yuan"])
            for p in people.values()]


def same_id_number(typed: str, on_file: str) -> bool:
    """Whether a typed ID number is the one on file (spaces ignored, a final x in either case)."""
    return normalise_id(typed) == normalise_id(on_file)


def mask_name(name: str) -> str:
    """"张三" → "张*", "欧阳娜娜" → "欧***": others see who, not the whole name."""
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def mask_phone(phone: str) -> str:
    """"13800000000" → "138****0000"."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else "*" * len(digits)
