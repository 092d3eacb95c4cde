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


# The key the embedded default signs sessions and tokens with: public, so production refuses it.
DEMONSTRATION_SECRET_KEY = "dev-only-secret-change-me"


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
    # The embedded default runs with no setup and says it is a demonstration (log, page footer);
    # production (False) refuses to start on weak settings: app/web/production.py.
    DEMONSTRATION = True
    SECRET_KEY = env("SECRET_KEY", DEMONSTRATION_SECRET_KEY)
    INSTANCE_PATH = str(INSTANCE)

    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", sqlite_url("kaiban.sqlite"))
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)  # seconds (PostgreSQL)

    # Celery: the embedded default keeps its queue in a SQLite file beside the database.
    # (kombu's filesystem transport was tried first: a reader can open a message file before
    # its writer has filled it, and the worker dies on the empty JSON.)
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", "sqla+" + sqlite_url("broker.sqlite"))
    BROKER_POLL_SECONDS = env_float("BROKER_POLL_SECONDS", 0.05)
    # … while messages come; after BROKER_BUSY_SECONDS without one, every BROKER_IDLE_POLL_SECONDS
    # (an idle embedded worker: under 1 % of a core instead of 5 %).
    BROKER_IDLE_POLL_SECONDS = env_float("BROKER_IDLE_POLL_SECONDS", 0.5)
    BROKER_BUSY_SECONDS = env_float("BROKER_BUSY_SECONDS", 10.0)
    CELERY_TASK_ALWAYS_EAGER = False
    WORKER_CONCURRENCY = env_int("WORKER_CONCURRENCY", 16)
    # Bounds on a publish when the broker is down (app/queue.py), so a web request waits ~2 s at
    # most: seconds to connect, seconds a command may wait (above kombu's 1 s BRPOP), retries on
    # top of redis-py's own reconnect; after that the sweeper queues the step.
    BROKER_CONNECT_TIMEOUT = env_float("BROKER_CONNECT_TIMEOUT", 1.0)
    BROKER_SOCKET_TIMEOUT = env_float("BROKER_SOCKET_TIMEOUT", 2.0)
    BROKER_PUBLISH_RETRIES = env_int("BROKER_PUBLISH_RETRIES", 0)

    # The centre this deployment serves.
    CENTRE_NAME = env("CENTRE_NAME", "竹溪县政务服务中心企业开办专区")
    CENTRE_PHONE = env("CENTRE_PHONE", "0719-2722000")
    CENTRE_ADDRESS = env("CENTRE_ADDRESS", "湖北省十堰市竹溪县城关镇政务服务中心")
    # A centre's own fuller business-scope catalogue (`flask catalogue load`); empty → the instance folder.
    SCOPE_CATALOGUE_PATH = env("SCOPE_CATALOGUE_PATH", "")
    WINDOW_BRING = env("WINDOW_BRING", "")  # 领取时请带: the centre's own list; empty → app.web.expectations' wording
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
    SOCIAL_INSURANCE_URL = env("SOCIAL_INSURANCE_URL", SANDBOX_AGENCY_URLS["SOCIAL_INSURANCE_URL"])  # 社保 + 医保
    HOUSING_FUND_URL = env("HOUSING_FUND_URL", SANDBOX_AGENCY_URLS["HOUSING_FUND_URL"])  # 住房公积金
    # Where the housing fund centre opens a unit account only with the basic deposit account, the
    # housing_fund step waits for bank_account and files its number (the sandbox's own switch,
    # SANDBOX_HOUSING_FUND_NEEDS_BANK_ACCOUNT, must then be on too).
    HOUSING_FUND_NEEDS_BANK_ACCOUNT = env_bool("HOUSING_FUND_NEEDS_BANK_ACCOUNT", False)
    COURIER_URL = env("COURIER_URL", SANDBOX_AGENCY_URLS["COURIER_URL"])
    IDENTITY_URL = env("IDENTITY_URL", SANDBOX_AGENCY_URLS["IDENTITY_URL"])  # 实名核验 (app/signing)
    AGENCY_CONNECT_TIMEOUT = env_float("AGENCY_CONNECT_TIMEOUT", 3.0)
    AGENCY_READ_TIMEOUT = env_float("AGENCY_READ_TIMEOUT", 10.0)

    # Messages to people (app/messages): the SMS gateway and an SMTP relay, by default the
    # sandbox's (its SMTP receiver listens on the sandbox's port + 25, so 5001 → 5026).
    SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", SANDBOX_AGENCY_URLS["SMS_GATEWAY_URL"])
    SMTP_HOST = env("SMTP_HOST", SANDBOX_AGENCY_URLS["SMTP_HOST"])
    SMTP_PORT = env_int("SMTP_PORT", SANDBOX_AGENCY_URLS["SMTP_PORT"])
    SMTP_USERNAME = env("SMTP_USERNAME", "")
    SMTP_PASSWORD = env("SMTP_PASSWORD", "")
    SMTP_STARTTLS = env_bool("SMTP_STARTTLS", False)
    MAIL_FROM = env("MAIL_FROM", "企业开办210 <no-reply@kaiban210.invalid>")
    # The outbox: a sender's lease on a message, attempts before it is given up (backoff as for
    # steps: RETRY_BASE_SECONDS doubling up to RETRY_MAX_SECONDS), and the beat task that sends
    # whatever the after-commit kick missed.
    OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 60)
    OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 15)
    OUTBOX_SWEEP_SECONDS = env_float("OUTBOX_SWEEP_SECONDS", 5.0)
    OUTBOX_SWEEP_BATCH = env_int("OUTBOX_SWEEP_BATCH", 100)

    # Signing (app/signing): each party's link lasts this many working days; a code by SMS lasts
    # minutes; this many wrong ID numbers or codes in a row lock the link for a while (429).
    SIGNING_VALID_WORKING_DAYS = env_float("SIGNING_VALID_WORKING_DAYS", 3.0)
    SIGNING_CODE_MINUTES = env_int("SIGNING_CODE_MINUTES", 5)
    SIGNING_MAX_FAILURES = env_int("SIGNING_MAX_FAILURES", 5)
    SIGNING_LOCK_MINUTES = env_int("SIGNING_LOCK_MINUTES", 15)
    # A centre may ask, after the identity check and before the code, for a liveness check (活体检测)
    # at the identity provider's page; a failed one counts as a wrong try.
    SIGNING_LIVENESS = env_bool("SIGNING_LIVENESS", False)
    # A party who has not signed is texted a reminder (with a fresh link) this many hours before the
    # links run out (0: no reminder); the beat task that reminds and withdraws at the deadline runs
    # every SIGNING_SWEEP_SECONDS.
    SIGNING_REMIND_HOURS_BEFORE = env_float("SIGNING_REMIND_HOURS_BEFORE", 24.0)
    SIGNING_SWEEP_SECONDS = env_float("SIGNING_SWEEP_SECONDS", 60.0)

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
    # /verify/upload takes more: a contract stamped with an electronic seal is often larger than a
    # licence (app.web.uploads raises the limit for that request; signatures are capped apart).
    VERIFY_UPLOAD_MAX_BYTES = env_int("VERIFY_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_NAME_CHECK = env("RATELIMIT_NAME_CHECK", "600 per minute")
    RATELIMIT_SUBMIT = env("RATELIMIT_SUBMIT", "60 per minute")
    # /verify/upload parses an untrusted PDF (pyHanko, ~60 ms of CPU each): per address.
    RATELIMIT_VERIFY_UPLOAD = env("RATELIMIT_VERIFY_UPLOAD", "20 per minute")
    # The seal-voucher endpoints together (redeem, carved, impressions): per address, and per shop key.
    RATELIMIT_VOUCHER = env("RATELIMIT_VOUCHER", "60 per minute")
    RATELIMIT_VOUCHER_SHOP = env("RATELIMIT_VOUCHER_SHOP", "30 per minute")
    # A seal shop's sign-in on its web page (/shop/sign-in): key tries per address. The session is
    # the signed cookie holding the shop's id, checked against the shop's row on every request (so
    # `flask seal-shops revoke` ends it at once) and no older than SHOP_SESSION_HOURS.
    RATELIMIT_SHOP_SIGN_IN = env("RATELIMIT_SHOP_SIGN_IN", "10 per minute")
    SHOP_SESSION_HOURS = env_int("SHOP_SESSION_HOURS", 12)
    # Resending the tracking link by SMS (API and /track): per address, and per application number.
    # Each POST of signing (the identity check, liveness, the code) from one address, the page's and the
    # API's alike: the per-link failure lock bounds guessing on one link, this bounds trying many links.
    RATELIMIT_SIGNING = env("RATELIMIT_SIGNING", "30 per minute")
    RATELIMIT_RESEND_LINK = env("RATELIMIT_RESEND_LINK", "10 per hour")
    RATELIMIT_RESEND_LINK_NUMBER = env("RATELIMIT_RESEND_LINK_NUMBER", "5 per hour")
    # Every resend answer takes at least this long, so a matching phone cannot be told by timing.
    RESEND_LINK_ANSWER_SECONDS = env_float("RESEND_LINK_ANSWER_SECONDS", 0.1)
    RATELIMIT_LOGIN = env("RATELIMIT_LOGIN", "20 per minute")  # sign-in attempts per address
    RATELIMIT_LOGIN_USERNAME = env("RATELIMIT_LOGIN_USERNAME", "10 per minute")  # … per user name typed
    RATELIMIT_HEADERS_ENABLED = True
    # The embedded default is reached directly: no proxy's X-Forwarded-For is trusted.
    TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
    # When the limits' store (Redis in production, often the broker's server) is down, count in
    # this process's memory instead of failing every limited request with a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = env_bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    # The fallback takes over only once the store is known to be down; a request that meets the
    # store as it goes away is counted as allowed (logged) rather than answered 500.
    RATELIMIT_SWALLOW_ERRORS = env_bool("RATELIMIT_SWALLOW_ERRORS", True)

    # Staff sign-in: sessions held server-side (staff_sessions) end when idle or too old; an
    # account locks after this many failures in a row until a supervisor unlocks it.
    STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)
    STAFF_SESSION_HOURS = env_int("STAFF_SESSION_HOURS", 12)
    LOGIN_LOCKOUT_FAILURES = env_int("LOGIN_LOCKOUT_FAILURES", 5)
    PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 12)

    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    LANGUAGES = ("zh", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")

    # Licence signing: production passes a real key; otherwise a demonstration key is made
    # once under instance/.
    SIGNING_KEY_PATH = env("SIGNING_KEY_PATH", "")
    SIGNING_CERT_PATH = env("SIGNING_CERT_PATH", "")
    SIGNING_KEY_PASSPHRASE = env("SIGNING_KEY_PASSPHRASE", "")
    # The parties' signing CA (电子签名CA, app/documents/signatures): it issues each verified signer an
    # event certificate. Production passes its key and certificate (PEM or DER) and refuses to start
    # without them; otherwise a demonstration CA is made once under instance/.
    PARTY_CA_KEY_PATH = env("PARTY_CA_KEY_PATH", "")
    PARTY_CA_CERT_PATH = env("PARTY_CA_CERT_PATH", "")
    PARTY_CA_KEY_PASSPHRASE = env("PARTY_CA_KEY_PASSPHRASE", "")
    # The seal CA (电子印章CA, app/eseals/authority.py) issues the companies' electronic seals: the same
    # shape as the party CA (production refuses to start without it; else a demonstration CA).
    SEAL_CA_KEY_PATH = env("SEAL_CA_KEY_PATH", "")
    SEAL_CA_CERT_PATH = env("SEAL_CA_CERT_PATH", "")
    SEAL_CA_KEY_PASSPHRASE = env("SEAL_CA_KEY_PASSPHRASE", "")

    # Personal data at rest (app/privacy): ID numbers, phones and e-mail in the form are encrypted
    # with Fernet keys, comma-separated — the first encrypts, all decrypt (`flask keys rotate`).
    # LOOKUP_KEY keys the hashes of the clerk's exact search ("new,old" while it changes). Empty:
    # each is made once under instance/ (a demonstration key, mode 0600).
    PERSONAL_DATA_KEYS = env("PERSONAL_DATA_KEYS", "")
    LOOKUP_KEY = env("LOOKUP_KEY", "")

    WTF_CSRF_TIME_LIMIT = None
    FORCE_HTTPS = False  # never outside production: the embedded default and the tests speak HTTP
    SESSION_COOKIE_SAMESITE = "Lax"
    # How long the tracking cookie (GET /track/<number>?t=… exchanged) keeps the applicant's way in.
    TRACK_COOKIE_DAYS = env_int("TRACK_COOKIE_DAYS", 90)
    JSON_AS_ASCII = False


class Development(Default):
    pass


class Testing(Default):
    TESTING = True
    SECRET_KEY = "testing"
    # Tests that forget to run tasks for real fail loudly: no broker listens here.
    CELERY_BROKER_URL = env("TEST_BROKER_URL", "memory://nobody-consumes-this")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", False)
    # Fixed test keys: public, for tests only.
    PERSONAL_DATA_KEYS = "q8ceEtbGZIgzXjP5h1XG5ll2hTTcSdmWb1ZmvzvjZn4="
    LOOKUP_KEY = "testing-lookup-key-for-tests-only-0123456789"


class Production(Default):
    DEMONSTRATION = False
    SECRET_KEY = env("SECRET_KEY", "")  # no default: production refuses to start without a strong one
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    # Plain-HTTP requests are redirected to HTTPS (behind a proxy that sets X-Forwarded-Proto).
    FORCE_HTTPS = env_bool("FORCE_HTTPS", True)
    # gunicorn listens on 127.0.0.1 behind one reverse proxy: the client's address (rate limits,
    # the sign-in log) is the one that proxy puts in X-Forwarded-For. 0 trusts no header.
    TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 1)


CONFIGS = {"default": Default, "development": Development, "testing": Testing, "production": Production}


def config_from_env() -> type[Default]:
    return CONFIGS[env("KAIBAN_CONFIG", "default")]
