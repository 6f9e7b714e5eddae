import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from minyi.accounts.models import Role
from minyi.organisations.models import Station, Term
from minyi.representatives.models import Mandate, Representative
from minyi.testing import person, region
from minyi.wishes import services


@pytest.fixture(autouse=True)
def _fresh_rate_counters(fresh_cache):
    yield


@pytest.fixture
def places(world):
    """龙泉街道 / 龙井社区 in Dongbao with a station run by the Dongbao congress, and a village in Duodao."""
    township = region("420802001000", "龙泉街道", 4, world.dongbao)
    village = region("420802001001", "龙井社区", 5, township)
    duodao_town = region("420804001000", "掇刀石街道", 4, world.duodao)
    duodao_village = region("420804001008", "名泉社区", 5, duodao_town)
    station = Station.objects.create(name="龙井社区人大代表联络站", kind=Station.Kind.LIAISON_STATION, region=village,
                                     congress=world.dongbao_congress, public_code="WSTAT01", contact_phone="0724-2345678")

    class Places:
        pass

    places = Places()
    places.township, places.village, places.station = township, village, station
    places.duodao_town, places.duodao_village = duodao_town, duodao_village
    return places


@pytest.fixture
def reps(world):
    """李春梅 (the world's `rep`) and 王建军 with city seats; 赵敏 whose mandate has ended."""
    term = Term.objects.create(congress=world.city_congress, number=9, start=datetime.date(2022, 1, 1), end=datetime.date(2027, 12, 31))
    wang = Representative.objects.create(name="王建军", public_code="RW0002")
    zhao = Representative.objects.create(name="赵敏", public_code="RW0003")
    for representative in (world.representative, wang):
        Mandate.objects.create(representative=representative, level="city", congress=world.city_congress, term=term, start=datetime.date(2022, 1, 1))
    Mandate.objects.create(representative=zhao, level="city", congress=world.city_congress, term=term, start=datetime.date(2022, 1, 1),
                           end=datetime.date(2024, 6, 30), end_reason=Mandate.EndReason.RESIGNATION)
    return {"li": world.rep, "wang": person("rep_wang", Role.REPRESENTATIVE, representative=wang),
            "zhao": person("rep_zhao", Role.REPRESENTATIVE, representative=zhao), "wang_rep": wang, "zhao_rep": zhao}


@pytest.fixture
def volunteer(db):
    return person("helper", Role.CITIZEN, full_name="周志愿")


def posting(places, **overrides):
    values = {"title": "一个新书包", "text": "孩子的书包坏了，想要一个新书包和一套文具，开学用。", "for_whom": "留守儿童 小林",
              "region_code": places.village.pk, "citizen_name": "林奶奶", "phone": "13912345678"}
    values.update(overrides)
    return services.Posting(**values)


@pytest.fixture
def make_wish(world, places):
    """A wish of the Dongbao village, by default published by the Dongbao staff."""

    def make(*, published=True, user=None, station=None, **overrides):
        wish, _created = services.post(posting(places, **overrides), user=user, station=station)
        if published:
            wish = services.publish(world.dongbao_staff, wish)
        return wish

    return make


def jpeg(name="书包.jpg", *, with_gps=True):
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    if with_gps:
        exif[0x010F] = "PhoneMaker"
        exif[0x8825] = {1: "N", 2: (30.0, 57.0, 0.0), 3: "E", 4: (112.0, 12.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def cleaned_photo():
    from minyi.matters import attachments

    upload = jpeg()
    return [(upload.name, *attachments.clean_photo(upload))]
