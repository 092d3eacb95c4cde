"""Personal data at rest: ID numbers and phones encrypted, with keyed hashes for exact search."""

from app.privacy.files import owner_only_files
from app.privacy.keys import Keys, KeySettingError, current_keys, load_keys
from app.privacy.values import (
    PROTECTED,
    UnreadableValue,
    decrypt_form,
    decrypt_value,
    encrypt_form,
    encrypt_value,
    form_digests,
    is_encrypted,
    normalise_id,
    normalise_phone,
    protected_leaves,
    rotate_form,
    rotate_value,
    search_digests,
)

__all__ = ["PROTECTED", "KeySettingError", "Keys", "UnreadableValue", "current_keys", "decrypt_form",
           "decrypt_value", "encrypt_form", "encrypt_value", "form_digests", "init_app", "is_encrypted", "load_keys",
           "normalise_id", "normalise_phone", "owner_only_files", "protected_leaves", "rotate_form", "rotate_value",
           "search_digests"]


def init_app(app) -> None:
    """At start: files owner-only from here on (umask 077), and the key settings parsed (a bad one stops here)."""
    config = app.config
    owner_only_files(config["INSTANCE_PATH"], config.get("SQLALCHEMY_DATABASE_URI", ""),
                     config.get("CELERY_BROKER_URL", ""))
    with app.app_context():
        current_keys()
