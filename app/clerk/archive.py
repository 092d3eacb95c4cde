"""电子档案 download: an issued application's signed archive package, for a supervisor only, audited."""

from flask import Response, abort
from flask_login import current_user

from app.archive import archivable, kept_archive
from app.audit.operations import record_event
from app.clerk import bp
from app.clerk.detail import application_or_404
from app.extensions import db
from app.models import Application, Role
from app.web.guards import role_required


@bp.app_template_global()
def archive_downloadable(application: Application) -> bool:
    """Whether the application page offers the archive: a supervisor, an application handed over."""
    return current_user.is_authenticated and current_user.has_role(Role.SUPERVISOR) and archivable(application)


@bp.get("/applications/<number>/archive.zip")
@role_required(Role.SUPERVISOR)
def download_archive(number: str):
    application = application_or_404(number)
    if not archivable(application):
        abort(404)  # no archive before the hand-over
    archive = kept_archive(application)
    record_event("archive_downloaded", current_user, application)
    db.session.commit()
    return Response(archive.content, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{number}-archive.zip"', "Cache-Control": "private, no-store"})
