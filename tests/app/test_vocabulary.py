"""One vocabulary: every code its owner knows has exactly one wording, and no two fields share one."""

from app.models import ApplicationStatus, StepStatus
from app.pipeline.plan import PLAN
from app.review.queries import correctable_fields
from app.vocabulary import (
    AGENCIES,
    FIELD_LABELS,
    LIGHT_LABELS,
    LIGHT_SHORT_LABELS,
    SEAL_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    STEP_STATUS_LABELS,
)
from forms.choices import SEAL_KINDS
from seals.grants import GRANT_ORDER
from seals.kinds import SealKind


def test_every_state_and_step_has_words():
    assert set(STATUS_LABELS) == set(ApplicationStatus.ALL)
    assert set(STEP_STATUS_LABELS) == set(StepStatus.ALL)
    assert set(STEP_LABELS) == set(AGENCIES) == {step.name for step in PLAN}


def test_seal_words_follow_the_seal_kinds():
    """The vocabulary cannot import seals (it sits below them), so this keeps the two in step."""
    assert set(SEAL_LABELS) == set(SEAL_KINDS) == {kind.value for kind in SealKind}
    assert set(GRANT_ORDER) == set(SealKind)


def test_both_forms_of_a_light_name_the_same_lights():
    assert set(LIGHT_LABELS) == set(LIGHT_SHORT_LABELS) == {"green", "yellow", "red"}


def test_one_wording_per_field():
    wordings = [str(label) for label in FIELD_LABELS.values()]
    assert len(set(wordings)) == len(wordings)


def test_a_correction_names_a_field_as_the_form_does():
    for path, field in correctable_fields().items():
        assert field.label is FIELD_LABELS[path]
