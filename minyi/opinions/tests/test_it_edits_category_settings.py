import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from minyi.audit.models import AuditEntry
from minyi.opinions.models import Category, CategorySetting
from minyi.organisations.models import Unit

pytestmark = pytest.mark.django_db

URL = "/desk/opinions/settings/"


def client_for(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_the_page_has_its_name_and_is_for_staff_and_administrators_only(world, places):
    assert reverse("opinions:settings") == URL
    assert client_for(world.dongbao_staff).get(URL).status_code == 200
    assert client_for(world.admin).get(URL).status_code == 200
    for user in (world.unit_staff, world.citizen, world.rep):
        assert client_for(user).get(URL).status_code == 403


def test_staff_see_their_own_congress_and_not_another(world, places):
    client = client_for(world.dongbao_staff)
    page = client.get(URL).content.decode()
    assert "东宝区人民代表大会" in page
    assert client.get(URL, {"congress": world.duodao_congress.pk}).status_code == 404
    row = CategorySetting.objects.create(congress=world.duodao_congress, handle_rule="workdays:10")
    assert client.get(reverse("opinions:settings_row_edit", args=[row.pk])).status_code == 404
    assert client.post(reverse("opinions:settings_row_delete", args=[row.pk])).status_code == 404
    assert CategorySetting.objects.filter(pk=row.pk).exists()


def test_a_bad_rule_is_refused_in_chinese_and_what_was_typed_stays(world, places):
    client = client_for(world.dongbao_staff)
    response = client.post(reverse("opinions:settings_row_add"), {
        "congress": world.dongbao_congress.pk, "category": Category.objects.get(code="city").pk,
        "sign_rule": "三天", "handle_rule": "workdays:10",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "workdays:15" in page and "三天" in page and 'value="workdays:10"' in page
    with translation.override("zh-hans"):
        from minyi.opinions.models import validate_rule

        try:
            validate_rule("三天")
        except Exception as error:  # the model's own message, whatever the language
            assert str(error.messages[0]) in page
    assert not CategorySetting.objects.exists()


def test_a_setting_saves_with_an_audit_entry_and_shows_in_the_effective_deadlines(world, places):
    client = client_for(world.dongbao_staff)
    city = Category.objects.get(code="city")
    response = client.post(reverse("opinions:settings_row_add"), {
        "congress": world.dongbao_congress.pk, "category": city.pk, "handle_rule": " Workdays：10 ",
        "default_unit": places.roads_unit.pk,
    })
    assert response.status_code == 302
    row = CategorySetting.objects.get()
    assert (row.congress, row.category, row.handle_rule, row.sign_rule, row.default_unit) == (
        world.dongbao_congress, city, "workdays:10", "", places.roads_unit,
    )
    assert AuditEntry.objects.filter(object_type="opinions.categorysetting", action="create").exists()

    from minyi.opinions.views.settings import effective_deadlines

    table = {(item["category"].code if item["category"] else ""): item for item in effective_deadlines(world.dongbao_congress, [city])}
    opinion_parts = {part["name"]: part for part in table["city"]["forms"][0]["parts"]}
    assert opinion_parts["handle"]["rule"] == "workdays:10" and not opinion_parts["handle"]["inherited"]
    assert opinion_parts["sign"]["rule"] == "workdays:1" and opinion_parts["sign"]["inherited"]  # the default
    assert opinion_parts["handle"]["green"] and table["city"]["unit"] == places.roads_unit
    assert {part["name"]: part["rule"] for part in table[""]["forms"][0]["parts"]} == {"sign": "workdays:1", "handle": "workdays:15"}
    assert {part["name"]: part["rule"] for part in table["city"]["forms"][1]["parts"]} == {"sign": "days:1", "handle": "workdays:3"}
    page = client.get(URL).content.decode()
    assert "东宝区城市管理执法局" in page


def test_the_congress_above_is_the_fallback_and_it_says_so(world, places):
    CategorySetting.objects.create(congress=world.city_congress, handle_rule="workdays:12")
    from minyi.opinions.views.settings import effective_deadlines

    [general] = effective_deadlines(world.dongbao_congress, [])
    handle = general["forms"][0]["parts"][1]
    assert handle["rule"] == "workdays:12" and handle["inherited"] and "荆门市人民代表大会" in str(handle["origin"])
    page = client_for(world.dongbao_staff).get(URL).content.decode()
    assert "荆门市人民代表大会" in page


def test_the_usual_unit_must_belong_to_the_congress_region_and_one_row_per_category(world, places):
    client = client_for(world.dongbao_staff)
    response = client.post(reverse("opinions:settings_row_add"), {
        "congress": world.dongbao_congress.pk, "handle_rule": "workdays:10", "default_unit": world.city_unit.pk,
    })
    assert response.status_code == 400 and not CategorySetting.objects.exists()
    assert client.post(reverse("opinions:settings_row_add"), {"congress": world.dongbao_congress.pk, "handle_rule": "workdays:10"}).status_code == 302
    again = client.post(reverse("opinions:settings_row_add"), {"congress": world.dongbao_congress.pk, "handle_rule": "workdays:9"})
    assert again.status_code == 400 and CategorySetting.objects.count() == 1
    empty = client.post(reverse("opinions:settings_row_add"), {"congress": world.dongbao_congress.pk,
                                                               "category": Category.objects.get(code="traffic").pk})
    assert empty.status_code == 400


def test_only_administrators_change_categories(world, places):
    staff = client_for(world.dongbao_staff)
    assert staff.post(reverse("opinions:settings_category_add"), {"code": "edu", "name": "教育", "order": 3}).status_code == 403
    admin = client_for(world.admin)
    assert admin.post(reverse("opinions:settings_category_add"), {"code": "edu", "name": "教育", "order": 3, "is_active": "on"}).status_code == 302
    duplicate = admin.post(reverse("opinions:settings_category_add"), {"code": "edu2", "name": "教育", "order": 4})
    assert duplicate.status_code == 400
    city = Category.objects.get(code="city")
    assert admin.post(reverse("opinions:settings_category_toggle", args=[city.pk])).status_code == 302
    city.refresh_from_db()
    assert not city.is_active
    edited = admin.post(reverse("opinions:settings_category_edit", args=[city.pk]), {"code": "city", "name": "城市管理与市容", "order": 1})
    assert edited.status_code == 302
    assert Category.objects.get(pk=city.pk).name == "城市管理与市容"
    assert Unit.objects.exists()
