"""`flask licence …` (verify a file, revoke a licence) and `flask seal-shops add`."""

import getpass
from pathlib import Path

import click
from flask.cli import AppGroup

from app.extensions import db
from app.issuance.operations import add_shop, revoke_licence
from app.issuance.queries import licence_holder
from app.issuance.signer import LicenceCheck, check_licence
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
    revoke_licence(application, reason, actor=f"cli:{getpass.getuser()}")
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
