"""hold_fresh: a writer that waited for another reads the application and every step row as committed,
not the copies it already held (a sibling step recorded meanwhile must read as done, or nothing
queues the step after both)."""

from sqlalchemy import update

from app.applications.operations import hold_fresh
from app.extensions import db
from app.models import Step, StepStatus
from tests.factories import filed_application


def test_the_steps_are_read_again_not_only_the_application(ctx):
    application = filed_application()
    db.session.commit()
    seal = application.step("seal_carving")
    assert seal.status == StepStatus.PENDING  # held in this session, as a recording worker holds it
    with db.engine.connect() as sibling:  # another worker records the seal step meanwhile
        sibling.execute(update(Step).where(Step.id == seal.id).values(status=StepStatus.DONE))
        sibling.commit()
    fresh = hold_fresh(application.id)
    assert fresh is application and application.step("seal_carving").status == StepStatus.DONE
    db.session.rollback()
