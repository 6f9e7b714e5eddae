"""Open311 GeoReport v2 over the opinion engine: a registered system posts an opinion with its
api_key and follows its status, the responsible unit and the expected date; lists hold only what the
citizens agreed to publish, never a name, phone or address; bad input is a 400 with the field named."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from minyi.accounts.models import ApiToken
from minyi.matters import services as engine
from minyi.matters.models import Channel, Matter
from minyi.opinions import services as opinions
from minyi.opinions.models import Category
from minyi.testing import region

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


@pytest.fixture
def village(world):
    Category.objects.create(code="city", name="城市管理", description="路灯、井盖、占道", order=1)
    Category.objects.create(code="traffic", name="交通出行", order=2)
    return region("420802001001", "龙井社区", 5, region("420802001000", "龙泉街道", 4, world.dongbao))


@pytest.fixture
def api_key(world):
    key = "o311_" + "k" * 32
    ApiToken.objects.create(user=world.admin, name="12345热线", key_hash=ApiToken.hash_key(key), prefix=key[:8])
    return key


def post(client, api_key, **fields):
    data = {"api_key": api_key, "service_code": "city", "jurisdiction_id": "420802001001", "first_name": "芳", "last_name": "王",
            "phone": "13912345678", "description": "龙井社区门口路灯不亮已经一周了，晚上出行很不方便。", "address_string": "龙井社区东门"}
    data.update(fields)
    return client.post(f"{BASE}/requests.json", data)


def test_the_services_are_the_categories_with_their_definitions(client, village):
    services = client.get(f"{BASE}/services.json").json()
    assert [s["service_code"] for s in services] == ["city", "traffic"]
    assert services[0] == {"service_code": "city", "service_name": "城市管理", "description": "路灯、井盖、占道", "metadata": False,
                           "type": "realtime", "keywords": "", "group": ""}
    assert client.get(f"{BASE}/services/city.json").json() == {"service_code": "city", "attributes": []}
    assert client.get(f"{BASE}/services/nothing.json").status_code == 404
    root = ET.fromstring(client.get(f"{BASE}/services.xml").content)
    assert root.tag == "services" and root.find("service/service_name").text == "城市管理"


def test_a_system_posts_an_opinion_into_the_loop_and_follows_it(client, world, village, api_key):
    response = post(client, api_key)
    assert response.status_code == 201
    posted = response.json()[0]
    matter = Matter.objects.get(tracking_code=posted["service_request_id"])
    assert (matter.channel, matter.raised_by_id, matter.category, matter.region_code) == (Channel.API, None, "city", "420802001001")
    assert matter.opinion.phone_last4 == "5678" and matter.opinion.citizen_name == "王 芳"

    # Accepted and assigned by the staff: the system sees the unit and the date it answers by.
    opinions.accept(matter, actor=world.dongbao_staff, category="city")
    matter.refresh_from_db()
    engine.assign(matter, actor=world.dongbao_staff, lead=world.dongbao_unit)
    detail = client.get(f"{BASE}/requests/{matter.tracking_code}.json", {"api_key": api_key}).json()[0]
    assert detail["status"] == "open" and detail["agency_responsible"] == "东宝区教育局" and detail["service_name"] == "城市管理"
    assert detail["expected_datetime"] and datetime.datetime.fromisoformat(detail["requested_datetime"])
    assert detail["address"] == "" and detail["lat"] is None
    token = client.get(f"{BASE}/tokens/{matter.tracking_code}.json", {"api_key": api_key}).json()
    assert token == [{"service_request_id": matter.tracking_code, "token": matter.tracking_code}]
    # Without the key, an opinion whose citizen did not agree to publication is not shown.
    assert client.get(f"{BASE}/requests/{matter.tracking_code}.json").status_code == 404


def test_posting_needs_a_key_and_bad_input_names_the_field(client, village, api_key):
    assert post(client, "wrong").status_code == 403
    with translation.override("en"):
        refused = post(client, api_key, description="太短")
        assert refused.status_code == 400 and refused.json()[0]["description"].startswith("description")
        refused = post(client, api_key, jurisdiction_id="999999999999")
        assert refused.status_code == 400 and "jurisdiction_id" in refused.json()[0]["description"]
        refused = post(client, api_key, service_code="nothing")
        assert refused.status_code == 400 and "service_code" in refused.json()[0]["description"]
    assert not Matter.objects.exists()
    errors = ET.fromstring(client.post(f"{BASE}/requests.xml", {"service_code": "city"}).content)
    assert errors.tag == "errors" and errors.find("error/code").text == "403"


def test_the_list_holds_only_published_requests_and_no_personal_data(client, village, api_key):
    published = Matter.objects.get(tracking_code=post(client, api_key).json()[0]["service_request_id"])
    published.opinion.publish_consent = True
    published.opinion.save()
    private = Matter.objects.get(tracking_code=post(client, api_key, description="我家楼下的下水道堵了，请尽快疏通，谢谢。").json()[0]["service_request_id"])
    listed = client.get(f"{BASE}/requests.json").json()
    assert [r["service_request_id"] for r in listed] == [published.tracking_code]
    body = client.get(f"{BASE}/requests.json").content.decode() + client.get(f"{BASE}/requests.xml").content.decode()
    assert "13912345678" not in body and "王" not in body and "龙井社区东门" not in body and private.tracking_code not in body
    assert client.get(f"{BASE}/requests.json", {"status": "closed"}).json() == []
    assert len(client.get(f"{BASE}/requests.json", {"status": "open", "service_code": "city"}).json()) == 1
    assert client.get(f"{BASE}/requests.json", {"service_request_id": f"{published.tracking_code},{private.tracking_code}"}).json()[0][
        "service_request_id"] == published.tracking_code
    assert client.get(f"{BASE}/requests.json", {"status": "half"}).status_code == 400
    assert client.get(f"{BASE}/requests.json", {"start_date": "2026-12-10T00:00:00Z", "end_date": "2026-12-01T00:00:00Z"}).status_code == 400
    assert client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}).status_code == 400
