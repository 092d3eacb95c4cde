"""`flask licence …` (verify a file, revoke a licence) and `flask seal-shops add|revoke`."""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.audit.operations import cli_actor, record_event
from app.extensions import db
from app.issuance.operations import add_shop, revoke_licence
from app.issuance.queries import licence_holder
from app.issuance.signer import LicenceCheck, check_licence
from app.models import SealShop
from app.models.types import utcnow
from app.timefmt import local

licence_cli = AppGroup("licence", help="Electronic business licences.")
seal_shops_cli = AppGroup("seal-shops", help="Seal shops that redeem free-seal vouchers.")


def describe(check: LicenceCheck) -> list[str]:
    """The lines a person reads: the same facts as the verify page's upload box."""
    lines = [
        f"完整性 intact: {'是 yes' if check.intact else '否 no — 文件签名后被改动或已损坏'}",
        f"有效性 valid: {'有效 valid' if check.valid else '无效 not valid'}",
        f"签章人 signer: {check.signer or '—'}",
        f"签章时间 signed at: {local(check.signed_at, '%Y-%m-%d %H:%M:%S') if check.signed_at else '—'}",
    ]
    if check.coverage:
        lines.append(f"覆盖范围 coverage: {check.coverage}")
    if check.demo:
        lines.append("注意：此文件由演示密钥签章，并非登记机关的正式电子签章。")
    return lines


@licence_cli.command("verify")
@click.argument("pdf_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_command(pdf_file: Path) -> None:
    """Check the registration authority's signature on PDF_FILE; exit status 1 unless valid."""
    check = check_licence(pdf_file.read_bytes())
    for line in describe(check):
        click.echo(line)
    if not check.valid:
        raise SystemExit(1)


@licence_cli.command("revoke")
@click.argument("uscc")
@click.option("--reason", required=True, help="Shown on the public verification page.")
def revoke_command(uscc: str, reason: str) -> None:
    """Revoke the licence of credit code USCC (吊销)."""
    application = licence_holder(uscc)
    if application is None:
        raise click.ClickException(f"no licence with credit code {uscc}")
    revoke_licence(application, reason, actor=cli_actor())
    db.session.commit()
    click.echo(f"revoked {application.uscc} {application.company_name} at {local(application.revoked_at)}")


@seal_shops_cli.command("add")
@click.argument("name")
def add_shop_command(name: str) -> None:
    """Register seal shop NAME and print its API key (shown this once only)."""
    shop, key = add_shop(name)
    db.session.commit()
    click.echo(f"seal shop {shop.id}: {shop.name}")
    click.echo(f"API key (store it now, it is not shown again): {key}")


@seal_shops_cli.command("revoke")
@click.argument("name")
@click.option("--id", "shop_id", type=int, default=None, help="Which shop, when several have NAME.")
def revoke_shop_command(name: str, shop_id: int | None) -> None:
    """Revoke seal shop NAME: its API key stops working at once (the voucher API answers 401)."""
    query = select(SealShop).where(SealShop.name == name, SealShop.revoked_at.is_(None))
    shops = db.session.scalars(query if shop_id is None else query.where(SealShop.id == shop_id)).all()
    if not shops:
        raise click.ClickException(f"no seal shop {name} with a working key")
    if len(shops) > 1:
        raise click.ClickException(f"{len(shops)} shops are named {name} (ids {', '.join(str(s.id) for s in shops)}): "
                                   "say which with --id")
    shop = shops[0]
    shop.revoked_at = utcnow()
    record_event("seal_shop_revoked", cli_actor(), note=f"{shop.id} {shop.name}")
    db.session.commit()
    click.echo(f"revoked seal shop {shop.id}: {shop.name} at {local(shop.revoked_at)}")
