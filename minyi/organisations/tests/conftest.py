import pytest

from .jingmen import Jingmen


@pytest.fixture
def jingmen(db):
    return Jingmen()
