"""A congress's suggestion settings (number format with an example, per-session numbering, class D,
letter, deadline rules) and the list of areas: add, edit, take out of use."""

import pytest
from django.urls import reverse

from minyi.suggestions.models import Category, Settings

pytestmark = pytest.mark.django_db


def settings_data(**changes):
    data = {"form": "settings", "settings-number_format": "{year}-{number:03d}", "settings-number_per_session": "on",
            "settings-session_number_format": "大会第{number:04d}号",
            "settings-use_class_d": "on", "settings-require_letter": "on", "settings-sign_rule": "workdays:3", "settings-reply_rule": "months:3",
            "settings-extended_rule": "months:6", "settings-co_unit_rule": "months:1", "settings-reassign_rule": "workdays:7",
            "settings-rehandle_rule": "months:1", "settings-assign_rule": "workdays:5"}
    data.update(changes)
    return data


def test_settings_are_saved_with_an_example_number(client, world, city):
    client.force_login(world.city_staff)
    page = client.get(reverse("suggestions:desk_settings")).content.decode()
    assert "第0123号" in page  # the default format's example
    response = client.post(reverse("suggestions:desk_settings"), settings_data())
    assert response.status_code == 302
    saved = Settings.objects.get(congress=world.city_congress)
    assert saved.number_format == "{year}-{number:03d}" and saved.use_class_d
    page = client.get(reverse("suggestions:desk_settings")).content.decode()
    assert "-123" in page


def test_bad_settings_are_kept_with_the_reasons(client, world, city):
    client.force_login(world.city_staff)
    response = client.post(reverse("suggestions:desk_settings"), settings_data(**{"settings-number_format": "第{nummer}号",
                                                                                  "settings-reply_rule": "三个月"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "第{nummer}号" in html and "三个月" in html
    assert not Settings.objects.filter(congress=world.city_congress).exists()


def test_areas_are_added_edited_and_deactivated(client, world, city):
    client.force_login(world.city_staff)
    response = client.post(reverse("suggestions:desk_settings"), {"form": "category", "category-code": "agri", "category-name": "农业农村",
                                                                   "category-committee": "农业与农村委员会", "category-order": 5,
                                                                   "category-is_active": "on"})
    assert response.status_code == 302
    area = Category.objects.get(code="agri")
    response = client.post(reverse("suggestions:desk_settings"), {"form": "category", "edit": area.pk, "category-code": "agri",
                                                                   "category-name": "农业农村发展", "category-committee": "农业与农村委员会",
                                                                   "category-order": 5, "category-is_active": "on"})
    area.refresh_from_db()
    assert area.name == "农业农村发展"
    client.post(reverse("suggestions:desk_settings"), {"form": "toggle", "edit": area.pk})
    area.refresh_from_db()
    assert not area.is_active
    # A duplicate code is refused, kept as typed.
    response = client.post(reverse("suggestions:desk_settings"), {"form": "category", "category-code": "urban", "category-name": "重复",
                                                                   "category-order": 1})
    assert response.status_code == 400 and "重复" in response.content.decode()


def test_leaders_and_units_cannot_change_settings(client, world, city):
    for user in (world.leader, world.unit_staff):
        client.force_login(user)
        assert client.post(reverse("suggestions:desk_settings"), settings_data()).status_code == 403
    assert not Settings.objects.exists()
