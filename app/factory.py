"""The application factory."""

import logging
from pathlib import Path

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from app import api, auth, clerk, cli, courier, privacy, public, shops, verify
from app.connections import replace_dropped_connections
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from app.queue import celery_init_app
from app.timefmt import local
from app.web import errors, headers, production
from app.web import logs as web_logs
from config import ROOT, config_from_env

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


def select_locale() -> str:
    """Chinese first; English when asked for with ?lang=en, a cookie, or Accept-Language."""
    if not has_request_context():  # workers render documents in Chinese
        return "zh"
    asked = request.args.get("lang") or request.cookies.get("lang")
    if asked in ("zh", "en"):
        return asked
    return request.accept_languages.best_match(["zh", "en"], default="zh") or "zh"


def create_app(config: object | None = None, **overrides) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.from_object(config or config_from_env())
    app.config.update(overrides)
    # Flask 2.3+ reads no JSON_AS_ASCII setting: readable Chinese in JSON is set on the provider.
    app.json.ensure_ascii = app.config.get("JSON_AS_ASCII", False)
    production.enforce(app)  # weak production settings stop every process here, before anything runs
    privacy.init_app(app)  # owner-only files from here on (umask 077); personal-data keys parsed
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    elif app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # A database that is down answers a 503 quickly (app/web/errors.py); after a restart the
        # pool's dropped connections are replaced at checkout (app.connections, below).
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            # TCP keepalives: a peer gone without a word (a host reset, a NAT's idle drop) shows as
            # an error on the socket within a minute or so, which the checkout then sees too.
            "connect_args": {"connect_timeout": app.config["DATABASE_CONNECT_TIMEOUT"], "keepalives": 1,
                             "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3},
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}

    if app.config.get("TRUSTED_PROXY_HOPS"):  # the client's address and scheme, as the proxy saw them
        hops = app.config["TRUSTED_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        with app.app_context():
            replace_dropped_connections(db.engine)
    migrate.init_app(app, db, directory=MIGRATIONS)
    babel.init_app(app, locale_selector=select_locale)  # the zone is BABEL_DEFAULT_TIMEZONE
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(auth.load_user)  # by the server-side staff session's token
    limiter.init_app(app)
    celery_init_app(app)

    app.register_blueprint(public.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(verify.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(clerk.bp)
    app.register_blueprint(courier.bp)
    app.register_blueprint(shops.bp)  # the seal shop's pages (/shop)
    csrf.exempt(api.bp)
    errors.register(app)
    headers.init_app(app)
    cli.register(app)
    app.jinja_env.globals["lang_url"] = public.lang_url
    app.jinja_env.filters["local_time"] = local  # Shanghai wall time, "2026-11-23 10:05", on every page
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    web_logs.install(app)  # no token, key or signing link in the access logs
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets the worker write while the web app reads; foreign keys on, as PostgreSQL has them."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
