"""Fulfilling: the claimer says what was done and shows at least one photo (written again without its
metadata); without a photo nothing changes and the text typed is kept. The photos are seen by the
citizen, the claimer and the staff, not by anyone else."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from minyi.wishes import services
from minyi.wishes.models import Wish, WishPhoto

from .conftest import cleaned_photo, jpeg

pytestmark = pytest.mark.django_db
DONE_TEXT = "周六把书包和文具送到了小林家，奶奶很高兴。"


@pytest.fixture
def claimed(world, reps, make_wish):
    wish = make_wish()
    return services.claim(reps["li"], wish, option_key=f"representative:{world.representative.pk}")


def test_without_a_photo_nothing_changes_and_the_text_is_kept(client, reps, claimed):
    client.force_login(reps["li"])
    url = reverse("wishes:claim_detail", args=[claimed.pk])
    response = client.post(url, {"action": "fulfil", "done-text": DONE_TEXT})
    assert response.status_code == 400 and DONE_TEXT in response.content.decode()
    assert "photos" in response.context["fulfil_form"].errors
    claimed.refresh_from_db()
    assert claimed.state == Wish.State.CLAIMED and not WishPhoto.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.fulfil(reps["li"], claimed, text=DONE_TEXT, photos=[])
    assert "photos" in error.value.message_dict


def test_a_file_that_is_no_photo_is_refused(client, reps, claimed):
    client.force_login(reps["li"])
    fake = jpeg("书包.jpg")
    fake.file = io.BytesIO(b"not an image at all")
    fake.size = 19
    response = client.post(reverse("wishes:claim_detail", args=[claimed.pk]), {"action": "fulfil", "done-text": DONE_TEXT, "done-photos": [fake]})
    assert response.status_code == 400 and 'data-testid="photos-lost"' in response.content.decode()
    claimed.refresh_from_db()
    assert claimed.state == Wish.State.CLAIMED


def test_the_claimer_posts_the_proof_with_a_photo_without_its_location(client, world, reps, claimed):
    client.force_login(reps["li"])
    url = reverse("wishes:claim_detail", args=[claimed.pk])
    response = client.post(url, {"action": "fulfil", "done-text": DONE_TEXT, "done-photos": [jpeg()]})
    assert response.status_code == 302
    claimed.refresh_from_db()
    assert claimed.state == Wish.State.FULFILLED and claimed.proof_text == DONE_TEXT and claimed.fulfilled_at
    (photo,) = WishPhoto.objects.filter(wish=claimed)
    with photo.file.open("rb") as handle:
        stored = handle.read()
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    page = client.get(url).content.decode()
    assert DONE_TEXT in page and reverse("wishes:photo_thumbnail", args=[photo.pk]) in page
    assert client.get(reverse("wishes:photo", args=[photo.pk])).status_code == 200
    # The citizen with the code and the staff see it; a stranger does not.
    citizen = Client()
    citizen.post(reverse("wishes:track"), {"code": claimed.code, "phone_last4": "5678"})
    assert citizen.get(reverse("wishes:photo_thumbnail", args=[photo.pk])).status_code == 200
    staff = Client()
    staff.force_login(world.dongbao_staff)
    assert staff.get(reverse("wishes:photo", args=[photo.pk])).status_code == 200
    assert Client().get(reverse("wishes:photo", args=[photo.pk])).status_code == 404
    other = Client()
    other.force_login(reps["wang"])
    assert other.get(reverse("wishes:photo", args=[photo.pk])).status_code == 404
    # The proof is not on the public wall.
    assert reverse("wishes:photo", args=[photo.pk]) not in Client().get(reverse("wishes:public_detail", args=[claimed.pk])).content.decode()


def test_only_a_claimed_wish_is_fulfilled_and_only_by_its_claimer(world, reps, claimed):
    with translation.override("en"), pytest.raises(services.WishRefused, match="Only the one who claimed"):
        services.fulfil(reps["wang"], claimed, text=DONE_TEXT, photos=cleaned_photo())
    services.fulfil(reps["li"], claimed, text=DONE_TEXT, photos=cleaned_photo())
    with translation.override("en"), pytest.raises(services.WishRefused, match="not waiting to be fulfilled"):
        services.fulfil(reps["li"], claimed, text=DONE_TEXT, photos=cleaned_photo())
