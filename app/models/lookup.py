"""Keyed hashes of an application's ID numbers and phones: the clerk's exact search finds by these.

A digest is HMAC-SHA256 under LOOKUP_KEY of the normalised value (app.privacy), so the table
tells nothing to whoever reads it without the key, and the encrypted form never has to be opened
to search.
"""

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, delete
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import privacy
from app.extensions import db


class PersonalDataDigest(db.Model):
    __tablename__ = "personal_data_digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    kind: Mapped[str] = mapped_column(String(16))  # id_number | phone
    digest: Mapped[str] = mapped_column(String(64))

    application = relationship("Application")

    __table_args__ = (UniqueConstraint("application_id", "kind", "digest", name="uq_personal_data_digests"),
                      Index("ix_personal_data_digests_digest", "digest"))


def record_digests(application) -> None:
    """Replace the application's digests with those of its form as it is now (no commit).

    Called where a form is filed or corrected; `flask keys rotate --lookup-key` calls it for
    every application after a new LOOKUP_KEY.
    """
    if application.id is not None:
        db.session.execute(delete(PersonalDataDigest).where(PersonalDataDigest.application_id == application.id))
    db.session.add_all(PersonalDataDigest(application=application, kind=kind, digest=digest)
                       for kind, digest in sorted(privacy.form_digests(application.form)))
