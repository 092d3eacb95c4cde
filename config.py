"""Settings, all from environment variables.

`Default` is the embedded shape (SQLite under instance/, a Celery broker in a second SQLite
file there through kombu's SQLAlchemy transport, the sandbox agencies on port 5001). Production
sets DATABASE_URL, CELERY_BROKER_URL and the agency URLs; nothing else in the code differs.
"""

import os
from pathlib import Path

from app.timefmt import TIMEZONE
from integrations import agency_urls

ROOT = Path(__file__).resolve().parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


def env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def sqlite_url(name: str) -> str:
    return f"sqlite:///{INSTANCE / name}"


# Each agency's URL setting defaults to its place in the sandbox (integrations owns the paths).
# `make run` starts the sandbox on SANDBOX_PORT and serves the web app on PORT; the public
# address (QR codes, printed links) follows PORT unless PUBLIC_BASE_URL says otherwise.
SANDBOX_PORT = env("SANDBOX_PORT", "5001")
SANDBOX_AGENCY_URLS = agency_urls(env("SANDBOX_URL", f"http://127.0.0.1:{SANDBOX_PORT}"))


class Default:
    SECRET_KEY = env("SECRET_KEY", "dev-only-secret-change-me")
    INSTANCE_PATH = str(INSTANCE)

    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", sqlite_url("kaiban.sqlite"))
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    # Celery: the embedded default keeps its queue in a SQLite file beside the database.
    # (kombu's filesystem transport was tried first: a reader can open a message file before
    # its writer has filled it, and the worker dies on the empty JSON.)
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", "sqla+" + sqlite_url("broker.sqlite"))
    BROKER_POLL_SECONDS = env_float("BROKER_POLL_SECONDS", 0.05)
    CELERY_TASK_ALWAYS_EAGER = False
    WORKER_CONCURRENCY = env_int("WORKER_CONCURRENCY", 16)

    # The centre this deployment serves.
    CENTRE_NAME = env("CENTRE_NAME", "竹溪县政务服务中心企业开办专区")
    CENTRE_PHONE = env("CENTRE_PHONE", "0719-2722000")
    CENTRE_ADDRESS = env("CENTRE_ADDRESS", "湖北省十堰市竹溪县城关镇政务服务中心")
    CENTRE_REGION_CODE = env("CENTRE_REGION_CODE", "420324")
    PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", f"http://127.0.0.1:{env('PORT', '5000')}")

    # The one-working-day clock.
    OFFICE_HOURS = env("OFFICE_HOURS", "09:00-12:00,13:30-17:30")
    COMMITMENT_WORKING_DAYS = env_float("COMMITMENT_WORKING_DAYS", 1.0)
    ISSUE_COMMITMENT_WORKING_DAYS = env_float("ISSUE_COMMITMENT_WORKING_DAYS", 1.0)

    FREE_SEALS = env_int("FREE_SEALS", 3)
    VOUCHER_VALID_DAYS = env_int("VOUCHER_VALID_DAYS", 90)

    # Agencies (sandbox by default).
    NAME_APPROVAL_URL = env("NAME_APPROVAL_URL", SANDBOX_AGENCY_URLS["NAME_APPROVAL_URL"])
    REGISTRATION_URL = env("REGISTRATION_URL", SANDBOX_AGENCY_URLS["REGISTRATION_URL"])
    SEAL_CARVING_URL = env("SEAL_CARVING_URL", SANDBOX_AGENCY_URLS["SEAL_CARVING_URL"])
    TAX_URL = env("TAX_URL", SANDBOX_AGENCY_URLS["TAX_URL"])
    BANK_URL = env("BANK_URL", SANDBOX_AGENCY_URLS["BANK_URL"])
    COURIER_URL = env("COURIER_URL", SANDBOX_AGENCY_URLS["COURIER_URL"])
    AGENCY_CONNECT_TIMEOUT = env_float("AGENCY_CONNECT_TIMEOUT", 3.0)
    AGENCY_READ_TIMEOUT = env_float("AGENCY_READ_TIMEOUT", 10.0)

    # Pipeline behaviour.
    STEP_LEASE_SECONDS = env_int("STEP_LEASE_SECONDS", 60)
    STEP_MAX_ATTEMPTS = env_int("STEP_MAX_ATTEMPTS", 8)
    RETRY_BASE_SECONDS = env_float("RETRY_BASE_SECONDS", 1.0)
    RETRY_MAX_SECONDS = env_float("RETRY_MAX_SECONDS", 300.0)
    SWEEP_INTERVAL_SECONDS = env_float("SWEEP_INTERVAL_SECONDS", 15.0)
    # A queued step nobody claimed for this long is presumed lost and queued again.
    REQUEUE_AFTER_SECONDS = env_int("REQUEUE_AFTER_SECONDS", 30)

    # Limits on requests.
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 256 * 1024)
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_NAME_CHECK = env("RATELIMIT_NAME_CHECK", "600 per minute")
    RATELIMIT_SUBMIT = env("RATELIMIT_SUBMIT", "60 per minute")
    RATELIMIT_HEADERS_ENABLED = True

    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    LANGUAGES = ("zh", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")

    # Licence signing: production passes a real key; otherwise a demonstration key is made
    # once under instance/.
    SIGNING_KEY_PATH = env("SIGNING_KEY_PATH", "")
    SIGNING_CERT_PATH = env("SIGNING_CERT_PATH", "")
    SIGNING_KEY_PASSPHRASE = env("SIGNING_KEY_PASSPHRASE", "")

    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_SAMESITE = "Lax"
    JSON_AS_ASCII = False


class Development(Default):
    pass


class Testing(Default):
    TESTING = True
    SECRET_KEY = "testing"
    # Tests that forget to run tasks for real fail loudly: no broker listens here.
    CELERY_BROKER_URL = env("TEST_BROKER_URL", "memory://nobody-consumes-this")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", False)


class Production(Default):
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)


CONFIGS = {"default": Default, "development": Development, "testing": Testing, "production": Production}


def config_from_env() -> type[Default]:
    return CONFIGS[env("KAIBAN_CONFIG", "default")]
