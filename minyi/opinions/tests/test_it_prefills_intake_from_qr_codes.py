"""A station's or a representative's QR code opens the intake form addressed to them; the public
station and representative pages lead there in one tap."""

import pytest
from django.urls import reverse

from minyi.matters.models import Channel, Matter
from minyi.opinions.forms import new_idempotency_key

pytestmark = pytest.mark.django_db
NEW = reverse("opinions:new")


@pytest.fixture(autouse=True)
def _fresh_rate_counters(fresh_cache):
    yield


def post(client, places, **extra):
    data = {"form_type": "opinion", "text": "建议在龙井社区增设一处便民停车场。", "pick": ["420802000000", places.township.pk, places.village.pk],
            "consent": "on", "idempotency_key": new_idempotency_key()}
    data.update(extra)
    return client.post(NEW, data)


def test_a_station_code_addresses_the_form_and_routes_the_matter(client, world, places):
    response = client.get(NEW, {"station": places.station.public_code})
    content = response.content.decode()
    assert response.status_code == 200 and places.station.name in content and 'data-testid="opinion-target"' in content
    assert response.context["picker"]["code"] == places.township.pk  # the station's place is chosen already
    assert post(client, places, station=places.station.public_code).status_code == 302
    matter = Matter.objects.get()
    assert matter.station == places.station and matter.channel == Channel.STATION_CODE and matter.status == "with_representative"


def test_a_representative_code_addresses_the_form_and_routes_the_matter(client, world, places):
    response = client.get(NEW, {"rep": world.representative.public_code.lower()})
    assert response.status_code == 200 and "李春梅" in response.content.decode()
    assert post(client, places, rep=world.representative.public_code).status_code == 302
    matter = Matter.objects.get()
    assert matter.representative == world.representative and matter.channel == Channel.REPRESENTATIVE_CODE
    assert matter.status == "with_representative" and matter.owner_congress == world.dongbao_congress


def test_an_unknown_code_says_so_and_leaves_the_normal_form(client, world, places):
    for query in ({"station": "NOSUCH1"}, {"rep": "<script>"}):
        response = client.get(NEW, query)
        assert response.status_code == 200
        assert response.context["target_notice"] and response.context["station"] is None and response.context["representative"] is None
        assert "<script>" not in response.content.decode().split("<body")[1].split('name="rep"')[0]
    assert post(client, places, station="NOSUCH1").status_code == 302
    matter = Matter.objects.get()
    assert matter.station is None and matter.channel == Channel.H5 and matter.status == "submitted"


def test_the_station_and_representative_pages_lead_to_the_form(client, world, places):
    station_page = client.get(f"/s/{places.station.public_code}/").content.decode()
    assert f'{NEW}?station={places.station.public_code}' in station_page
    profile = client.get(f"/r/{world.representative.public_code}/").content.decode()
    assert f'{NEW}?rep={world.representative.public_code}' in profile


def test_the_station_poster_encodes_the_page_with_the_button(world, places):
    from minyi.organisations.views.posters import poster_of

    assert poster_of(places.station)["url"].endswith(f"/s/{places.station.public_code}/")
