import pytest
from django.urls import reverse

from minyi.audit.models import AuditEntry

from .people import assign, representative, station

pytestmark = pytest.mark.django_db


def test_it_prints_a_representatives_poster_and_records_the_download(client, world):
    person = representative("王建华", world.dongbao_congress)
    assign(station(world), person)
    client.force_login(world.dongbao_staff)
    response = client.get(reverse("representatives:poster", args=[person.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.object_type == "representatives.poster" and entry.note == "rows=1"


def test_it_prints_the_posters_of_the_current_filter(client, world):
    representative("王建华", world.dongbao_congress)
    representative("赵敏", world.duodao_congress)
    client.force_login(world.city_staff)
    response = client.get(reverse("representatives:poster_batch"), {"congress": world.duodao_congress.pk})
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.note == "rows=1" and entry.changes["filters"]["congress"] == str(world.duodao_congress.pk)


def test_it_sends_an_empty_filter_back_to_the_list(client, world):
    client.force_login(world.city_staff)
    response = client.get(reverse("representatives:poster_batch"), {"q": "nobody"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("representatives:list"))


def test_it_lets_a_representative_print_their_own_poster_only(client, world):
    other = representative("赵敏", world.duodao_congress)
    client.force_login(world.rep)
    assert client.get(reverse("representatives:poster", args=[world.representative.pk])).content.startswith(b"%PDF")
    assert client.get(reverse("representatives:poster", args=[other.pk])).status_code == 404


def test_it_refuses_posters_of_another_county(client, world):
    person = representative("王建华", world.dongbao_congress)
    client.force_login(world.duodao_staff)
    assert client.get(reverse("representatives:poster", args=[person.pk])).status_code == 404


def test_it_puts_the_photo_on_the_poster(client, world, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image  # WeasyPrint depends on Pillow

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(buffer, "PNG")
    person = representative("王建华", world.dongbao_congress)
    person.photo = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    person.save()
    client.force_login(world.dongbao_staff)
    with_photo = client.get(reverse("representatives:poster", args=[person.pk])).content
    assert with_photo.startswith(b"%PDF") and b"/Subtype /Image" in with_photo
