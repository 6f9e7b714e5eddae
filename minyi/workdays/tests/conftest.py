import pytest

from minyi.organisations.models import Congress
from minyi.regions.models import Level, Region
from minyi.workdays.calendar import Calendar


@pytest.fixture
def national():
    """The package's holidays with no administrator entries, built without touching the database."""
    return Calendar.from_entries()


def _county_congress(code, name):
    region = Region.objects.create(code=code, name=name, level=Level.COUNTY)
    return Congress.objects.create(region=region, name=f"{name}人民代表大会")


@pytest.fixture
def nanning_congress(db):
    return _county_congress("450102000000", "兴宁区")


@pytest.fixture
def enshi_congress(db):
    return _county_congress("422801000000", "恩施市")
