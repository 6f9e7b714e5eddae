"""Public opinion endpoints: submitting once per key, refusing bad input in Chinese, photos without
their metadata, per-address limits, and tracking codes that give nothing away."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from PIL import Image

from minyi.matters.models import Attachment, Matter
from minyi.opinions.models import Opinion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.OPINION_SUBMIT_RATE_PER_ADDRESS = settings.OPINION_TRACK_RATE_PER_ADDRESS = "100000/m"
    settings.OPINION_SUBMIT_RATE_PER_PHONE = "100000/m"


@pytest.fixture
def body(places):
    return {"text": "龙井社区门口路灯不亮已经一周了，晚上出行很不方便。", "region_code": places.village.pk, "category": "city",
            "citizen_name": "王芳", "phone": "13912345678", "consent": True}


def chinese(msgid):
    """What the citizen reads for `msgid` (the deployment's default language is Chinese)."""
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def submit(client, body, **headers):
    return client.post("/api/opinions", body, content_type="application/json", **headers)


def photo(name="street.jpg"):
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 57.0, 0.0)}  # a GPS position the stored copy must not keep
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_the_same_idempotency_key_gives_the_same_opinion_once(client, body):
    first = submit(client, body, HTTP_IDEMPOTENCY_KEY="retry-0001-abcdef")
    again = submit(client, body, HTTP_IDEMPOTENCY_KEY="retry-0001-abcdef")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["tracking_code"] == again.json()["tracking_code"]
    assert again.json()["created"] is False
    assert Opinion.objects.count() == 1 and Matter.objects.count() == 1


def test_a_malformed_idempotency_key_is_refused(client, body):
    response = submit(client, body, HTTP_IDEMPOTENCY_KEY="short")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Matter.objects.count() == 0


def test_bad_input_is_answered_field_by_field_in_chinese(client, body):
    body.update(text="短", region_code="999999999999", phone="12345", category="nope")
    response = submit(client, body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "invalid_input" and answer["message"] == "部分字段填写有误。"
    fields = {e["field"]: e["message"] for e in answer["errors"]}
    assert fields == {
        "text": chinese("Describe the matter in at least 5 characters."),
        "region_code": chinese("Choose where it happened from the list of places."),
        "phone": "请输入以 1 开头的 11 位中国大陆手机号码。",
        "category": chinese("Choose a category from the list."),
    }
    assert Matter.objects.count() == 0


def test_missing_fields_and_wrong_types_are_422_in_chinese(client):
    response = submit(client, {"text": 5, "latitude": "north"})
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert fields["region_code"] == "这个字段是必填项。" and fields["consent"] == "这个字段是必填项。"
    assert "latitude" in fields and "text" in fields


def test_consent_is_required(client, body):
    body["consent"] = False
    response = submit(client, body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "consent"


def test_an_unknown_station_code_is_a_field_error(client, body):
    body["station_code"] = "nosuchcode"
    response = submit(client, body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "station_code"


def test_a_body_that_is_not_json_is_a_400(client):
    response = client.post("/api/opinions", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "bad_request"


def test_photos_come_as_multipart_and_lose_their_metadata(client, body):
    response = client.post("/api/opinions", {**body, "consent": "true", "latitude": "", "photos": [photo(), photo("second.png")]})
    assert response.status_code == 201, response.content
    matter = Matter.objects.get(tracking_code=response.json()["tracking_code"])
    stored = list(Attachment.objects.filter(matter=matter))
    assert len(stored) == 2
    with stored[0].file.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and 0x8825 not in image.getexif()

    tracked = client.get(f"/api/opinions/track/{matter.tracking_code}", {"phone_last4": "5678"}).json()
    photo_urls = tracked["timeline"][0]["photos"]
    assert len(photo_urls) == 2
    anyone = Client()
    assert anyone.get(photo_urls[0]["url"]).status_code == 404, "the photo needs the phone digits too"
    assert anyone.get(photo_urls[0]["url"], {"phone_last4": "5678"}).status_code == 200
    assert anyone.get(photo_urls[0]["thumbnail_url"] + "&phone_last4=5678")["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_a_photo_is_refused_before_anything_is_saved(client, body):
    fake = SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post("/api/opinions", {**body, "consent": "true", "photos": [fake]})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "photos" and "evil.jpg" in error["message"]
    assert Matter.objects.count() == 0


def test_submissions_are_limited_per_address(client, body, settings):
    settings.OPINION_SUBMIT_RATE_PER_ADDRESS = "2/h"
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    statuses = [submit(client, body, REMOTE_ADDR=address).status_code for _i in range(3)]
    assert statuses == [201, 201, 429]
    refused = submit(client, body, REMOTE_ADDR=address).json()
    assert refused["code"] == "too_many_requests"
    assert refused["message"] == chinese("Too many requests from your network. Wait a few minutes and try again.")
    assert Matter.objects.count() == 2


def test_a_wrong_code_and_wrong_digits_get_the_same_404(client, body):
    code = submit(client, body).json()["tracking_code"]
    unknown = client.get("/api/opinions/track/ABCDEFGHJK", {"phone_last4": "5678"})
    wrong_digits = client.get(f"/api/opinions/track/{code}", {"phone_last4": "0000"})
    no_digits = client.get(f"/api/opinions/track/{code}")
    assert unknown.status_code == wrong_digits.status_code == no_digits.status_code == 404
    assert unknown.json() == wrong_digits.json() == no_digits.json()
    assert unknown.json()["message"] == chinese("No opinion matches that tracking code and phone number. Check both and try again.")
    right = client.get(f"/api/opinions/track/{code.lower()}", {"phone_last4": "5678"}).json()
    assert right["status"] == "submitted" and right["can_add_information"] and not right["can_evaluate"]
    assert "13912345678" not in str(right) and "王芳" not in str(right)


def test_tracking_is_limited_per_address(client, body, settings):
    settings.OPINION_TRACK_RATE_PER_ADDRESS = "3/h"
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    code = submit(client, body).json()["tracking_code"]
    for _i in range(5):
        assert client.get(f"/api/opinions/track/{code}", {"phone_last4": "5678"}, REMOTE_ADDR=address).status_code == 200
    statuses = [client.get(f"/api/opinions/track/ABCDEFGH{i}K", REMOTE_ADDR=address).status_code for i in range(2, 6)]
    assert statuses == [404, 404, 404, 429], "refused codes count; a citizen reading their own does not"
    assert client.get(f"/api/opinions/track/{code}", {"phone_last4": "5678"}, REMOTE_ADDR=address).status_code == 429


def test_the_citizen_adds_information_with_the_code(client, body):
    code = submit(client, body).json()["tracking_code"]
    refused = client.post(f"/api/opinions/track/{code}/supplements", {"phone_last4": "1111", "text": "补充"}, content_type="application/json")
    assert refused.status_code == 404
    empty = client.post(f"/api/opinions/track/{code}/supplements", {"phone_last4": "5678"}, content_type="application/json")
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "text"
    added = client.post(f"/api/opinions/track/{code}/supplements", {"phone_last4": "5678", "text": "另外，旁边的井盖也松了。", "photos": [photo()]})
    assert added.status_code == 200
    last = added.json()["timeline"][-1]
    assert last["action"] == "supplement" and last["note"] == "另外，旁边的井盖也松了。" and len(last["photos"]) == 1


def test_evaluating_before_the_reply_is_a_409_and_a_stale_version_too(client, body):
    code = submit(client, body).json()["tracking_code"]
    tracked = client.get(f"/api/opinions/track/{code}", {"phone_last4": "5678"}).json()
    early = client.post(f"/api/opinions/track/{code}/evaluation", {"phone_last4": "5678", "version": tracked["version"],
                                                                    "rating": "satisfied"}, content_type="application/json")
    assert early.status_code == 409 and early.json()["code"] == "not_allowed_now"
    stale = client.post(f"/api/opinions/track/{code}/evaluation", {"phone_last4": "5678", "version": tracked["version"] - 1,
                                                                    "rating": "satisfied"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    wrong = client.post(f"/api/opinions/track/{code}/evaluation", {"phone_last4": "5678", "version": 1, "rating": "great"},
                        content_type="application/json")
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["message"] == "请从允许的选项中选择。"
