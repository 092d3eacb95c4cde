"""电子档案: everything that decided an issued application, as one ZIP with a signed manifest.

contents (what goes in, from the database) → package (the ZIP and its manifest, pure) →
signature (the service's CMS signature on the manifest) → operations (make one, check one).
"""

from app.archive.operations import (
    ArchiveCheck,
    NotIssued,
    archivable,
    kept_archive,
    make_archive,
    verify_archive,
)

__all__ = ["ArchiveCheck", "NotIssued", "archivable", "kept_archive", "make_archive", "verify_archive"]
