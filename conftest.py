import pytest


@pytest.fixture
def world(db):
    from minyi.testing import World

    return World()


@pytest.fixture(autouse=True)
def _default_language():
    """A request with another Accept-Language leaves that language active in the thread; each
    test starts from the deployment's default (Chinese) instead of whatever ran before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
