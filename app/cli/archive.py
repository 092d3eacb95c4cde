"""`flask archive make NUMBER OUT.zip` and `flask archive verify FILE.zip`: the 电子档案 from the command line."""

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlalchemy import select

from app.archive import ArchiveCheck, NotIssued, kept_archive, verify_archive
from app.archive.package import Problem
from app.audit.operations import cli_actor, record_event
from app.extensions import db
from app.models import Application
from app.timefmt import local

archive_cli = AppGroup("archive", help="电子档案: the signed archive package of an issued application.")


def problem_words(problem: Problem) -> str:
    """One problem as an operator reads it."""
    words = {
        "unreadable": _("文件不是完整的ZIP档案（已损坏或被截断）"),
        "no_manifest": _("档案中没有清单 manifest.json"),
        "bad_manifest": _("清单 manifest.json 无法读取，不是本系统生成的清单"),
        "no_signature": _("档案中没有清单签名 manifest.json.p7s"),
        "bad_signature": _("清单签名无效：清单被改动，或不是本服务的证书所签"),
        "duplicate": _("文件重复出现：%(path)s", path=problem.path),
        "missing": _("缺少文件：%(path)s", path=problem.path),
        "extra": _("清单之外多出文件：%(path)s", path=problem.path),
        "size": _("文件大小与清单不符：%(path)s", path=problem.path),
        "digest": _("文件内容与清单的SHA-256摘要不符：%(path)s", path=problem.path),
    }
    return words[problem.code]


def summary(check: ArchiveCheck) -> list[str]:
    """The lines `verify` prints: what the archive is, its signature, each problem, the verdict."""
    record, signature = check.record, check.signature
    lines = []
    if record:
        lines.append(_("申请编号：%(number)s；企业名称：%(name)s；统一社会信用代码：%(uscc)s",
                       number=record.get("number"), name=record.get("company_name"), uscc=record.get("uscc") or "—"))
        lines.append(_("生成时间：%(at)s；清单列出%(n)d个文件", at=record.get("made_at"), n=len(record["files"])))
    if signature.valid:
        lines.append(_("清单签名有效，签名人：%(signer)s，签名时间：%(at)s", signer=signature.signer or "—",
                       at=local(signature.signed_at, "%Y-%m-%d %H:%M:%S") if signature.signed_at else "—"))
    if check.demo:
        lines.append(_("注意：此档案由演示密钥签名，并非正式签名。"))
    lines += [problem_words(problem) for problem in check.problems]
    lines.append(_("结论：档案完整，未被改动") if check.valid
                 else _("结论：档案未通过核验（%(n)d处问题）", n=len(check.problems)))
    return lines


@archive_cli.command("verify")
@click.argument("zip_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_command(zip_file: Path) -> None:
    """Check every file of ZIP_FILE against its manifest and the manifest's signature; exit 1 on any failure."""
    check = verify_archive(zip_file.read_bytes())
    for line in summary(check):
        click.echo(line)
    if not check.valid:
        raise SystemExit(1)


@archive_cli.command("make")
@click.argument("number")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def make_command(number: str, out: Path) -> None:
    """Write the kept archive of issued application NUMBER to OUT (a ZIP); the export is audited."""
    application = db.session.scalar(select(Application).where(Application.number == number))
    if application is None:
        raise click.ClickException(_("没有编号为 %(number)s 的申请", number=number))
    try:
        content = kept_archive(application).content
    except NotIssued:
        raise click.ClickException(_("申请 %(number)s 尚未发放，发放后才有电子档案", number=number)) from None
    out.write_bytes(content)
    record_event("archive_made", cli_actor(), application, note=out.name)
    db.session.commit()
    click.echo(_("已生成电子档案 %(path)s（%(size)d字节）", path=str(out), size=len(content)))
