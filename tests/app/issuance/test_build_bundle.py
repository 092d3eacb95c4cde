"""build_documents stores every document with one look-up and bundles what it just made: the ZIP
holds byte for byte the rows stored, whether the documents were new or replaced."""

import zipfile
from io import BytesIO

from sqlalchemy import select

from app.extensions import db
from app.issuance import build_documents
from app.issuance.build import BUNDLE, bundle, bundled_files
from app.issuance.signer import check_licence
from app.models import Application, Document


def stored(application: Application) -> dict[str, bytes]:
    return dict(db.session.execute(select(Document.kind, Document.content)
                                   .where(Document.application_id == application.id)).all())


def test_the_bundle_built_in_memory_is_the_stored_documents_byte_for_byte(app, finished):
    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.number == finished))
        before = stored(application)
        kinds = build_documents(application)
        db.session.commit()
        after = stored(application)
        files = bundled_files(application)
        assert kinds == [*files, BUNDLE]
        assert all(after[kind] != before[kind] for kind in ("business_license", "seal_voucher"))  # replaced
        with zipfile.ZipFile(BytesIO(after[BUNDLE])) as archive:
            assert archive.namelist() == [files[kind] for kind in files]
            assert {kind: archive.read(files[kind]) for kind in files} == {kind: after[kind] for kind in files}
            assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        with zipfile.ZipFile(BytesIO(bundle(application))) as reread:  # what the print job reads back
            assert {name: reread.read(name) for name in reread.namelist()} == {
                files[kind]: after[kind] for kind in files}
        assert check_licence(after["business_license"]).valid
