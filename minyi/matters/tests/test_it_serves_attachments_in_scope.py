import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from minyi.matters import attachments

pytestmark = pytest.mark.django_db


def _jpeg_with_gps():
    image = Image.new("RGB", (800, 600), "orange")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (30.0, 57.0, 0.0)}  # GPS position
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("现场.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_photos_lose_their_metadata_and_get_a_thumbnail(make_matter):
    matter = make_matter()
    (saved,) = attachments.save_photos(matter, attachments.clean_photos([_jpeg_with_gps()]))
    with saved.file.open("rb") as handle, Image.open(handle) as stored:
        assert not stored.getexif()
        assert stored.size == (800, 600)
    with saved.thumbnail.open("rb") as handle, Image.open(handle) as thumbnail:
        assert max(thumbnail.size) == attachments.THUMBNAIL_SIDE


def test_a_renamed_file_is_not_a_photo():
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(Exception) as caught:
        attachments.clean_photos([fake])
    assert "photo.jpg" in str(caught.value)


def test_only_people_in_scope_fetch_a_photo(client, world, make_matter):
    matter = make_matter()
    (saved,) = attachments.save_photos(matter, attachments.clean_photos([_jpeg_with_gps()]))
    url = reverse("matters:attachment", args=[saved.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.duodao_staff)
    assert client.get(url).status_code == 404
    client.force_login(world.dongbao_staff)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(reverse("matters:attachment_thumbnail", args=[saved.pk])).status_code == 200
