"""`flask catalogue load FILE`: a centre's own fuller copy of the business-scope catalogue.

The copy is checked line by line (app.rules.catalogues.parse_scope_catalogue) and, only when every
line is good, written over the centre's copy in one rename: SCOPE_CATALOGUE_PATH, by default
business_scope.txt in the instance folder. The web and worker processes read that file whenever it
has changed, so the loaded copy is in use at once, without a restart; `flask catalogue reset`
returns to the catalogue shipped with the code.
"""

import os
import tempfile
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.rules import catalogues
from app.rules.catalogues import CatalogueError, parse_scope_catalogue

catalogue_cli = AppGroup("catalogue", help="The business-scope catalogue (经营范围规范表述目录) of this centre.")


def centre_catalogue_path(app: Flask) -> Path:
    """Where this centre's own copy lives (it may not exist: then the shipped catalogue is used)."""
    return Path(app.config.get("SCOPE_CATALOGUE_PATH") or Path(app.config["INSTANCE_PATH"]) / catalogues.SCOPE_FILE)


def init_app(app: Flask) -> None:
    """The command, and the catalogue module pointed at the centre's copy in every process the factory makes."""
    app.cli.add_command(catalogue_cli)
    catalogues.use_scope_catalogue(centre_catalogue_path(app))


def refusal_lines(error: CatalogueError) -> list[str]:
    """Each problem as a person reads it: 第N行：… (line 0: the file as a whole)."""
    return [_("第%(line)d行：%(problem)s", line=line, problem=_(message, **params)) if line else _(message, **params)
            for line, message, params in error.problems]


def write_atomically(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of one (a rename in the same folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".catalogue-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


@catalogue_cli.command("load")
@click.argument("catalogue_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_command(catalogue_file: Path) -> None:
    """Check CATALOGUE_FILE and make it this centre's catalogue; exit status 1 (nothing changed) if refused."""
    try:
        text = catalogue_file.read_text(encoding="utf-8")
        items = parse_scope_catalogue(text)
    except UnicodeDecodeError:
        raise click.ClickException(_("文件不是 UTF-8 编码的文本，未载入")) from None
    except CatalogueError as error:
        for line in refusal_lines(error):
            click.echo(line, err=True)
        raise click.ClickException(_("目录有%(n)d处问题，未载入；原目录继续使用", n=len(error.problems))) from None
    path = centre_catalogue_path(current_app)
    write_atomically(path, text)
    licensed = sum(item.licensed for item in items)
    click.echo(_("已载入%(n)d条经营范围表述（其中许可项目%(licensed)d条），保存于 %(path)s，正在运行的服务即时使用",
                 n=len(items), licensed=licensed, path=path))
    shipped = {item.phrase for item in parse_scope_catalogue(
        catalogues.packaged_scope_text())} - {item.phrase for item in items}
    if shipped:
        click.echo(_("注意：本中心目录未包含系统自带目录中的%(n)d条表述（例如“%(example)s”），已选这些表述的申请不再显示所需许可",
                     n=len(shipped), example=sorted(shipped)[0]))


@catalogue_cli.command("reset")
def reset_command() -> None:
    """Stop using this centre's copy: the catalogue shipped with the code is used again."""
    path = centre_catalogue_path(current_app)
    path.unlink(missing_ok=True)
    click.echo(_("已恢复使用系统自带的经营范围目录"))
