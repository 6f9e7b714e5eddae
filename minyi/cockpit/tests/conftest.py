import pytest

from .land import build


@pytest.fixture
def land(world):
    return build(world)
