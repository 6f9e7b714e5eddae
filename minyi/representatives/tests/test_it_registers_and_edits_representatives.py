import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minyi.representatives.models import Mandate, Representative

from .people import representative

pytestmark = pytest.mark.django_db
CREATE = reverse("representatives:create")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def new_person(world, **changes):
    data = {
        "name": "周红",
        "gender": "F",
        "ethnicity": "01",
        "birth_date": "1980-05-01",
        "party": "01",
        "occupation_category": "farmer",
        "workplace": "子陵村",
        "position": "村民",
        "phone": "139 0000 2222",
        "bio": "",
        "mandate-congress": world.dongbao_congress.pk,
        "mandate-electoral_district": "第三选区",
        "mandate-start": "2022-01-01",
    }
    data.update(changes)
    return data


def test_it_registers_a_representative_with_a_first_mandate_and_a_photo(client, world):
    client.force_login(world.dongbao_staff)
    data = new_person(world, photo=SimpleUploadedFile("me.png", PNG, content_type="image/png"))
    response = client.post(CREATE, data)
    person = Representative.objects.get(name="周红")
    assert response.status_code == 302 and response["Location"] == reverse("representatives:detail", args=[person.pk])
    assert person.phone == "13900002222"
    assert person.photo.name.startswith("representatives/photos/")
    mandate = person.mandates.get()
    assert (mandate.congress, mandate.level, mandate.electoral_district) == (world.dongbao_congress, "county", "第三选区")


def test_it_keeps_what_was_typed_and_shows_errors_in_chinese(client, world):
    client.force_login(world.dongbao_staff)
    data = new_person(world, name="", phone="12345", photo=SimpleUploadedFile("me.png", PNG, content_type="image/png"))
    response = client.post(CREATE, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "这个字段是必填项。" in content  # the name
    assert "请输入以 1 开头的 11 位中国大陆手机号码。" in content
    assert 'value="子陵村"' in content and 'value="第三选区"' in content
    assert response.context["form"].photo_lost
    assert not Representative.objects.filter(workplace="子陵村").exists()


def test_it_refuses_a_congress_outside_the_staff_members_scope(client, world):
    client.force_login(world.dongbao_staff)
    response = client.post(CREATE, new_person(world, **{"mandate-congress": world.duodao_congress.pk}))
    assert response.status_code == 200
    assert response.context["mandate_form"].errors["congress"]
    assert not Representative.objects.filter(name="周红").exists()


def test_it_needs_a_first_mandate_from_staff(client, world):
    client.force_login(world.dongbao_staff)
    response = client.post(CREATE, new_person(world, **{"mandate-congress": ""}))
    assert response.context["mandate_form"].errors["congress"]


def test_it_lets_an_administrator_register_without_a_mandate(client, world):
    client.force_login(world.admin)
    data = {k: v for k, v in new_person(world).items() if not k.startswith("mandate-")}
    data["mandate-start"] = ""
    response = client.post(CREATE, data)
    assert response.status_code == 302, response.context["mandate_form"].errors
    assert not Representative.objects.get(name="周红").mandates.exists()


def test_it_refuses_a_duplicate_phone_with_a_readable_message(client, world):
    representative("王建华", world.dongbao_congress, phone="13900002222")
    client.force_login(world.dongbao_staff)
    response = client.post(CREATE, new_person(world))
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]


def test_it_refuses_a_file_that_is_not_an_image(client, world):
    client.force_login(world.dongbao_staff)
    data = new_person(world, photo=SimpleUploadedFile("me.png", b"<html>not a photo</html>", content_type="image/png"))
    response = client.post(CREATE, data)
    assert response.status_code == 200 and response.context["form"].errors["photo"]


def test_it_edits_a_record_keeping_the_phone_unless_a_new_one_is_typed(client, world):
    person = representative("王建华", world.dongbao_congress, phone="13800001111")
    client.force_login(world.dongbao_staff)
    url = reverse("representatives:edit", args=[person.pk])
    form_page = client.get(url).content.decode()
    assert "13800001111" not in form_page and "138****1111" in form_page
    data = {"name": "王建华", "workplace": "东宝区实验小学", "phone": ""}
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.workplace, person.phone) == ("东宝区实验小学", "13800001111")
    client.post(url, {**data, "phone": "13700003333"})
    person.refresh_from_db()
    assert person.phone == "13700003333"
    client.post(url, {**data, "clear_phone": "on"})
    person.refresh_from_db()
    assert person.phone == ""


def test_it_shows_the_new_representative_page_only_to_those_who_keep_a_roll(client, world):
    client.force_login(world.leader)
    assert client.get(CREATE).status_code == 200  # a leader of the city congress keeps its roll
    client.force_login(world.unit_admin)
    assert client.get(CREATE).status_code == 403


def test_it_adds_and_ends_mandates(client, world):
    person = representative("王建华", world.dongbao_congress)
    client.force_login(world.city_staff)
    response = client.post(
        reverse("representatives:mandate_add", args=[person.pk]),
        {"congress": world.city_congress.pk, "electoral_district": "东宝区", "start": "2023-01-01"},
    )
    assert response.status_code == 302
    seat = person.mandates.get(congress=world.city_congress)
    assert seat.level == "city"
    end = reverse("representatives:mandate_end", args=[seat.pk])
    response = client.post(end, {"end": "2024-06-30", "end_reason": Mandate.EndReason.TERMINATION, "end_note": ""})
    assert response.status_code == 200 and response.context["form"].errors["end_note"]
    response = client.post(end, {"end": "2024-06-30", "end_reason": Mandate.EndReason.RESIGNATION, "end_note": ""})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (str(seat.end), seat.end_reason) == ("2024-06-30", "resignation")


def test_it_refuses_overlapping_mandates_in_one_congress(client, world):
    person = representative("王建华", world.dongbao_congress)
    client.force_login(world.dongbao_staff)
    response = client.post(
        reverse("representatives:mandate_add", args=[person.pk]), {"congress": world.dongbao_congress.pk, "start": "2023-01-01"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_it_lets_county_staff_end_only_their_own_congresss_mandates(client, world):
    person = representative("王建华", world.dongbao_congress)
    from .people import serve

    city_seat = serve(person, world.city_congress)
    client.force_login(world.dongbao_staff)
    assert client.get(reverse("representatives:mandate_end", args=[city_seat.pk])).status_code == 403
    assert client.get(reverse("representatives:mandate_end", args=[person.mandates.get(congress=world.dongbao_congress).pk])).status_code == 200
