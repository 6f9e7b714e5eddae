"""The citizen's H5 intake form at /o/new/: photos without their metadata, bad input answered in
words with everything typed kept, one matter per idempotency key, rate limits."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from minyi.matters.models import Attachment, Channel, Matter
from minyi.opinions import tracking
from minyi.opinions.forms import new_idempotency_key

pytestmark = pytest.mark.django_db
NEW = reverse("opinions:new")


@pytest.fixture(autouse=True)
def _fresh_rate_counters(fresh_cache):
    yield


def jpeg_with_gps(name="路灯.jpg"):
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (30.0, 57.0, 0.0), 3: "E", 4: (112.0, 12.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(0x8825), "the test photo must carry a GPS position"
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def form_data(places, **overrides):
    data = {
        "form_type": "snapshot", "text": "龙井社区门口路灯不亮已经一周了，晚上出行很不方便。", "category": "city",
        "pick": ["420802000000", places.township.pk, places.village.pk], "address": "龙井路3号", "citizen_name": "王芳",
        "phone": "139 1234 5678", "consent": "on", "idempotency_key": new_idempotency_key(),
    }
    data.update(overrides)
    return data


def test_the_form_offers_a_fresh_key_the_places_and_the_categories(client, places):
    response = client.get(NEW)
    assert response.status_code == 200
    content = response.content.decode()
    key = response.context["form"].initial["idempotency_key"]
    assert len(key) == 32 and f'value="{key}"' in content
    assert "东宝区" in content and "城市管理" in content
    assert 'maxlength="2000"' in content and 'accept="image/*"' in content and "multiple" in content
    assert "js/opinion-form" in content and "<script>" not in content
    # Choosing a district brings its townships, then a township its villages (htmx swaps the picker).
    townships = client.get(reverse("opinions:region_options"), {"pick": "420802000000"}).content.decode()
    assert "龙泉街道" in townships
    villages = client.get(reverse("opinions:region_options"), {"pick": places.township.pk}).content.decode()
    assert "龙井社区" in villages


def test_a_citizen_sends_a_photo_and_gets_the_tracking_code(client, world, places):
    response = client.post(NEW, form_data(places, photos=[jpeg_with_gps()]))
    matter = Matter.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("opinions:sent", args=[matter.tracking_code])
    assert matter.region_code == places.village.pk and matter.channel == Channel.H5 and matter.status == "submitted"
    assert matter.opinion.phone == "13912345678" and matter.opinion.form == "snapshot" and matter.opinion.address == "龙井路3号"
    assert matter.pk in client.session[tracking.SESSION_KEY]
    (photo,) = Attachment.objects.filter(matter=matter)
    with photo.file.open("rb") as handle:
        stored = handle.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    page = client.get(response["Location"])
    assert page.status_code == 200 and matter.tracking_code in page.content.decode()
    assert reverse("opinions:detail", args=[matter.tracking_code]) in page.content.decode()


def test_the_success_page_is_only_for_the_browser_that_sent_it(client, places):
    client.post(NEW, form_data(places))
    matter = Matter.objects.get()
    client.cookies.clear()
    response = client.get(reverse("opinions:sent", args=[matter.tracking_code]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("opinions:track"))


def test_ten_photos_are_refused_and_the_text_is_kept(client, places):
    photos = [jpeg_with_gps(f"p{i}.jpg") for i in range(10)]
    response = client.post(NEW, form_data(places, photos=photos))
    assert response.status_code == 200 and Matter.objects.count() == 0
    content = response.content.decode()
    assert "10" in str(response.context["form"].errors["photos"])
    assert "龙井社区门口路灯不亮已经一周了" in content and 'value="王芳"' in content
    assert 'data-testid="photos-lost"' in content


def test_a_fake_image_is_refused_with_everything_kept(client, places):
    fake = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    data = form_data(places, photos=[fake])
    response = client.post(NEW, data)
    assert response.status_code == 200 and Matter.objects.count() == 0
    form = response.context["form"]
    assert "photo.jpg" in str(form.errors["photos"])
    content = response.content.decode()
    assert data["text"] in content and f'value="{data["idempotency_key"]}"' in content
    # The picker is shown again at the village chosen.
    assert response.context["picker"]["code"] == places.village.pk
    assert f'value="{places.village.pk}" selected' in content


def test_an_unknown_region_code_and_a_bad_phone_are_explained(client, places):
    response = client.post(NEW, form_data(places, pick=["999999999999"], phone="12345"))
    assert response.status_code == 200 and Matter.objects.count() == 0
    errors = response.context["form"].errors
    assert "region_code" in errors and "phone" in errors
    assert "11" in str(errors["phone"])


def test_oversized_text_and_missing_consent_are_explained(client, places):
    data = form_data(places, text="字" * 2001)
    del data["consent"]
    response = client.post(NEW, data)
    errors = response.context["form"].errors
    assert "text" in errors and "consent" in errors and Matter.objects.count() == 0


def test_a_double_submit_with_the_same_key_makes_one_matter(client, places):
    data = form_data(places)
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    assert Matter.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_too_many_from_one_address_gets_429_with_the_form_kept(client, places, settings):
    settings.OPINION_SUBMIT_RATE_PER_ADDRESS = "2/h"
    for _i in range(2):
        assert client.post(NEW, form_data(places, phone="")).status_code == 302
    refused = client.post(NEW, form_data(places, phone="", text="第三条意见：小区垃圾好几天没有清运了。"))
    assert refused.status_code == 429 and Matter.objects.count() == 2
    content = refused.content.decode()
    assert "第三条意见" in content
    assert refused.context["form"].non_field_errors()


def test_too_many_with_one_phone_gets_429(client, places, settings):
    settings.OPINION_SUBMIT_RATE_PER_PHONE = "1/h"
    assert client.post(NEW, form_data(places)).status_code == 302
    # The same number written differently is the same phone.
    refused = client.post(NEW, form_data(places, phone="+86 13912345678"), REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429 and Matter.objects.count() == 1
