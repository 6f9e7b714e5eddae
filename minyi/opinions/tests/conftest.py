import datetime

import pytest

from minyi.opinions.models import Category
from minyi.opinions.services import Submission
from minyi.organisations.models import Station, StationAssignment, Unit
from minyi.representatives.models import Mandate
from minyi.testing import region


@pytest.fixture
def places(world):
    """A township and a village in Dongbao, a station there served by the world's representative,
    a second Dongbao unit, and two categories."""
    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    village = region("420802001001", "龙井社区", 5, township)
    station = Station.objects.create(name="龙泉街道代表联络站", kind=Station.Kind.LIAISON_STATION, region=township,
                                     congress=world.dongbao_congress, public_code="STEST01")
    StationAssignment.objects.create(station=station, representative=world.representative, start=datetime.date(2024, 1, 1))
    Mandate.objects.create(representative=world.representative, level="county", congress=world.dongbao_congress,
                           start=datetime.date(2022, 1, 1))
    roads = Unit.objects.create(region=world.dongbao, name="东宝区城市管理执法局")
    Category.objects.create(code="city", name="城市管理", order=1)
    Category.objects.create(code="traffic", name="交通出行", order=2)

    class Places:
        pass

    places = Places()
    places.township, places.village, places.station, places.roads_unit = township, village, station, roads
    return places


@pytest.fixture
def submission(places):
    def make(**kwargs):
        values = {"text": "龙井社区门口路灯不亮已经一周了，晚上出行很不方便。", "region_code": places.village.pk, "category": "city",
                  "citizen_name": "王芳", "phone": "13912345678"}
        values.update(kwargs)
        return Submission(**values)

    return make
