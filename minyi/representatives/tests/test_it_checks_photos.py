import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from minyi.representatives.models import Representative

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_photo(name, content):
    return Representative(name="李春梅", photo=SimpleUploadedFile(name, content))


def photo_errors(name, content):
    with pytest.raises(ValidationError) as refusal:
        with_photo(name, content).full_clean()
    return refusal.value.message_dict["photo"]


@pytest.mark.django_db
def test_it_accepts_jpeg_png_and_webp_photos():
    for name, content in (("a.jpg", JPEG), ("b.JPEG", JPEG), ("c.png", PNG), ("d.webp", WEBP)):
        with_photo(name, content).full_clean()


@pytest.mark.django_db
def test_it_refuses_other_extensions():
    assert photo_errors("a.gif", b"GIF89a" + b"\x00" * 64)


@pytest.mark.django_db
def test_it_refuses_a_file_that_only_pretends_to_be_an_image():
    assert photo_errors("a.jpg", b"<html><script>alert(1)</script></html>")


@pytest.mark.django_db
def test_it_refuses_photos_over_two_megabytes():
    assert photo_errors("a.jpg", JPEG + b"\x00" * (2 * 1024 * 1024))


@pytest.mark.django_db
def test_it_stores_the_photo_under_a_random_name():
    person = with_photo("李春梅.JPG", JPEG)
    person.full_clean()
    person.save()
    assert person.photo.name.startswith("representatives/photos/")
    assert person.photo.name.endswith(".jpg")
    assert "李春梅" not in person.photo.name
    Representative.objects.get(pk=person.pk).full_clean()
