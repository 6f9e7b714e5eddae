import datetime

import pytest
from django.utils import timezone

from minyi.organisations.models import Unit
from minyi.projects import services
from minyi.voting.tests.conftest import make_chamber


@pytest.fixture
def chamber(world):
    return make_chamber(world, 9)


@pytest.fixture
def year(chamber):
    """The city's project year for next year, collecting ideas now, 3 projects to choose."""
    today = timezone.localdate()
    return services.create_year(
        chamber.world.city_staff, congress=chamber.world.city_congress, year=today.year + 1, title=f"{today.year + 1}年荆门市民生实事项目",
        places=3, collection_from=today - datetime.timedelta(days=30), collection_until=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def water_unit(world):
    return Unit.objects.create(region=world.city, name="荆门市水务局")
