import pytest


@pytest.fixture
def world(db):
    from minyi.testing import World

    return World()
