import pytest

from minyi.organisations.tests.jingmen import Jingmen


@pytest.fixture
def jingmen(db):
    return Jingmen()
