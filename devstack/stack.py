"""A real running stack for integration tests and benchmarks: database, broker, sandbox, workers.

Two backends: `embedded` (a SQLite database, and kombu's SQLAlchemy transport on a second SQLite
file as the broker — what `make run` uses) and `services` (PostgreSQL + Redis from
TEST_DATABASE_URL / TEST_REDIS_URL, what production uses). Workers are real `celery worker`
subprocesses, so a test can kill one with SIGKILL.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
import requests
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from app.factory import create_app
from config import ROOT, Default
from integrations import agency_urls
from integrations.mail import SANDBOX_SMTP_OFFSET

SECRET = "stack-secret"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def services_urls() -> tuple[str, str] | None:
    """(TEST_DATABASE_URL, TEST_REDIS_URL) when both are set, else None."""
    database, broker = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL")
    return (database, broker) if database and broker else None


def reset_postgres(url: str) -> None:
    """Drop and recreate the public schema: an empty database for the migrations."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def own_database(url: str, name: str) -> str:
    """A database of its own beside TEST_DATABASE_URL's (so a benchmark never meets a test run)."""
    server = make_url(url)
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


@dataclass
class Stack:
    backend: str
    workdir: Path
    sandbox_url: str
    database_url: str = ""
    broker_url: str = ""
    workers: list[subprocess.Popen] = field(default_factory=list)
    database_name: str | None = None  # services only: use this database instead of the test one
    app: Flask | None = None  # an app in this process on the stack's database, once make_app has run

    def __post_init__(self) -> None:
        """A database_url or broker_url given (a PrivatePostgres, a PrivateRedis) is used as it is."""
        if self.backend == "embedded":
            self.database_url = f"sqlite:///{self.workdir / 'kaiban.sqlite'}"
            self.broker_url = f"sqla+sqlite:///{self.workdir / 'broker.sqlite'}"
        else:
            given_database, given_broker = self.database_url, self.broker_url
            if not (given_database and given_broker):
                urls = services_urls()
                assert urls, "TEST_DATABASE_URL and TEST_REDIS_URL are needed for the services backend"
                self.database_url, self.broker_url = urls
            if self.database_name and not given_database:
                self.database_url = own_database(self.database_url, self.database_name)
                self.broker_url = self.broker_url.rsplit("/", 1)[0] + "/1"  # Redis db 1, not the tests' db
            self.database_url = given_database or self.database_url
            self.broker_url = given_broker or self.broker_url
            reset_postgres(self.database_url)
            redis.Redis.from_url(self.broker_url).flushdb()

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "KAIBAN_CONFIG": "default", "SECRET_KEY": SECRET, "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker_url, "INSTANCE_PATH": str(self.workdir), "SANDBOX_URL": self.sandbox_url,
            "RATELIMIT_ENABLED": "false", "RETRY_BASE_SECONDS": "0.2", "RETRY_MAX_SECONDS": "2",
            "REQUEUE_AFTER_SECONDS": "3", "STEP_LEASE_SECONDS": "5", "SWEEP_INTERVAL_SECONDS": "1",
            "AGENCY_READ_TIMEOUT": "2", "PYTHONPATH": str(ROOT),
        })
        env.update(extra)
        return env

    def settings(self) -> dict:
        """The same settings as the subprocesses, for an app in the test process."""
        return {
            "TESTING": True, "SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": self.database_url,
            "CELERY_BROKER_URL": self.broker_url, "INSTANCE_PATH": str(self.workdir), "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False, **agency_urls(self.sandbox_url),
            "REQUEUE_AFTER_SECONDS": 3, "STEP_LEASE_SECONDS": 5, "AGENCY_READ_TIMEOUT": 2.0,
            "RETRY_BASE_SECONDS": 0.2, "RETRY_MAX_SECONDS": 2.0,
        }

    def make_app(self, **overrides) -> Flask:
        """An app in this process on the stack's database, migrated to the heads."""
        app = create_app(Default, **(self.settings() | overrides))
        with app.app_context():
            upgrade(revision="heads")
        return app

    def start_worker(self, concurrency: int = 8, beat: bool = True, name: str | None = None,
                     **env: str) -> subprocess.Popen:
        """One `celery worker` process (threads pool) on the pipeline queue, with beat unless told not to."""
        command = [sys.executable, "-m", "celery", "-A", "wsgi.celery", "worker", "--queues", "pipeline",
                   "--pool", "threads", "--concurrency", str(concurrency), "--loglevel", "WARNING",
                   "--without-heartbeat", "--without-gossip", "--without-mingle"]
        if name:
            command += ["-n", name]
        if beat:
            command += ["--beat", "--schedule", str(self.workdir / f"beat-{len(self.workers)}")]
        log = open(self.workdir / f"worker-{len(self.workers)}.log", "w")  # noqa: SIM115
        worker = subprocess.Popen(command, cwd=ROOT, env=self.env(**env), stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        self.workers.append(worker)
        return worker

    def kill_worker(self, worker: subprocess.Popen) -> None:
        """SIGKILL the whole worker process group: no chance to finish or acknowledge anything."""
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)

    def stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        self.workers.clear()

    def sandbox(self, path: str, **json) -> dict:
        method = requests.post if json else requests.get
        response = method(self.sandbox_url + path, json=json or None, timeout=10)
        response.raise_for_status()
        return response.json()


def free_port(avoid: tuple[int, ...] = ()) -> int:
    """A TCP port nobody listens on now (the kernel's pick), not one of `avoid`."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in avoid:
            return port


def free_sandbox_port() -> int:
    """A port for a sandbox whose SMTP receiver's port (this one + SANDBOX_SMTP_OFFSET) is free too:
    were it taken, no e-mail would arrive and every one would be retried until it gave up."""
    while True:
        port = free_port()
        try:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", port + SANDBOX_SMTP_OFFSET))
        except OSError:
            continue
        return port


@dataclass
class PrivateRedis:
    """A redis-server of the test's own on a free port, without persistence: stop it to take the
    broker away, start it again on the same port to bring it back (empty)."""

    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> "PrivateRedis":
        log = open(self.workdir / f"redis-{self.port}.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen([REDIS_SERVER, "--save", "", "--appendonly", "no", "--bind", "127.0.0.1",
                                         "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_until(lambda: self._pings(client), 10, message=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    @staticmethod
    def _pings(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb, pg_ctl) on a free port, in a temporary
    directory it removes in `destroy`. As root the server runs as the `postgres` user (initdb
    refuses root). The URL trusts local connections: for tests only."""

    port: int = field(default_factory=free_port)
    home: Path | None = None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str, timeout: float = 60) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + list(command), check=True, timeout=timeout, cwd=self.home,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def init(self) -> "PrivatePostgres":
        self.home = Path(tempfile.mkdtemp(prefix="kaiban-pg-"))  # not under a root-only pytest dir
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.home / "data"), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale", "C", "--no-sync")
        return self

    def start(self) -> "PrivatePostgres":
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.home} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.home / "data"), "-l", str(self.home / "server.log"),
                  "-o", options, "-w", "-t", "30", "start")
        return self

    def stop(self) -> None:
        """Fast shutdown: open connections are cut, as when the database goes away."""
        if self.home and (self.home / "data" / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.home / "data"), "-m", "fast", "-w", "-t", "30", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            if self.home:
                shutil.rmtree(self.home, ignore_errors=True)
                self.home = None


def wait_until(predicate, timeout: float, interval: float = 0.1, message: str = "condition"):
    """Poll `predicate` until it returns something truthy (returned), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)
