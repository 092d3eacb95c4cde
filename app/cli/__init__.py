"""The `flask` commands, one module per area; each calls the domain and commits once."""

from flask import Flask

from app.cli import catalogue
from app.cli.archive import archive_cli
from app.cli.clock import calendar_cli, sla_cli
from app.cli.keys import keys_cli
from app.cli.licence import licence_cli, seal_shops_cli
from app.cli.pipeline import pipeline_cli
from app.cli.users import users_cli

GROUPS = (sla_cli, calendar_cli, pipeline_cli, users_cli, licence_cli, seal_shops_cli, keys_cli, archive_cli)


def register(app: Flask) -> None:
    for group in GROUPS:
        app.cli.add_command(group)
    catalogue.init_app(app)  # `flask catalogue`, and the centre's copy of the scope catalogue in use
