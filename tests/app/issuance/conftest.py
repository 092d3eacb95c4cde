import pytest

from tests.support.issuance import finish_application


@pytest.fixture
def finished(app):
    """The number of a finished application (documents built) on the function-scoped app's database."""
    with app.app_context():
        return finish_application().number
