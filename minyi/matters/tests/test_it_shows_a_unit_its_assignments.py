"""The handling unit's assignment list: its own assignments only, tabs, deadline colours,
filters, the Excel export (without an anonymous citizen's contact) and the workbench lines."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.audit.models import AuditEntry
from minyi.matters import services as engine
from minyi.matters.models import Assignment
from minyi.opinions import services as opinions
from minyi.opinions.tests.conftest import places, submission  # noqa: F401  (fixtures)
from minyi.testing import person
from minyi.workbench import inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(world, submission):  # noqa: F811
    """Two Dongbao opinions assigned to the Dongbao unit: one from a named citizen, one anonymous."""

    def make(**kwargs):
        matter, _created = opinions.submit(submission(**kwargs))
        opinions.accept(matter, actor=world.dongbao_staff, category="city")
        return engine.assign(matter, lead=world.dongbao_unit, actor=world.dongbao_staff)[0]

    named = make()
    anonymous = make(text="学校门口上下学时段交通拥堵，希望增派交警疏导。", anonymous=True, citizen_name="匿名者", phone="13800001111")
    return named, anonymous


def login(client, user):
    client.force_login(user)


def test_a_unit_sees_only_its_own_assignments(client, world, assigned):
    named, anonymous = assigned
    login(client, world.other_unit_staff)
    page = client.get(reverse("matters:unit_inbox"))
    assert page.status_code == 200
    assert [a.pk for a in page.context["page"]] == sorted([named.pk, anonymous.pk], key=lambda pk: pk)
    html = page.content.decode()
    assert named.matter.tracking_code in html and "139****5678" in html
    assert "13800001111" not in html and "1111" not in html and "匿名者" not in html

    login(client, world.unit_staff)  # the city unit has nothing assigned
    page = client.get(reverse("matters:unit_inbox") + "?tab=all")
    assert list(page.context["page"]) == []
    assert client.get(reverse("matters:unit_assignment", args=[named.pk])).status_code == 404


def test_congress_staff_and_citizens_do_not_get_the_unit_list(client, world, assigned):
    login(client, world.dongbao_staff)
    assert client.get(reverse("matters:unit_inbox")).status_code == 403
    login(client, world.citizen)
    assert client.get(reverse("matters:unit_inbox")).status_code == 403


def test_tabs_and_filters(client, world, assigned):
    named, anonymous = assigned
    engine.sign(named, actor=world.other_unit_staff)
    login(client, world.other_unit_staff)
    url = reverse("matters:unit_inbox")
    to_sign = client.get(url)
    assert [a.pk for a in to_sign.context["page"]] == [anonymous.pk]
    assert {t["key"]: t["count"] for t in to_sign.context["tabs"]} == {"to_sign": 1, "handling": 1, "replied": 0, "all": 2}
    handling = client.get(url + "?tab=handling")
    assert [a.pk for a in handling.context["page"]] == [named.pk]
    found = client.get(url + "?tab=all&q=交通")
    assert [a.pk for a in found.context["page"]] == [anonymous.pk]
    assert [a.pk for a in client.get(url + "?tab=all&kind=opinion&state=signed").context["page"]] == [named.pk]
    assert list(client.get(url + "?tab=all&kind=nonsense").context["page"])  # a bad filter value is ignored, not a 500


def test_deadline_colours_and_days_left(client, world, assigned):
    named, anonymous = assigned
    # The anonymous one's sign deadline passed long ago.
    Assignment.objects.filter(pk=anonymous.pk).update(sign_due=datetime.date(2020, 1, 6), assigned_at=timezone.now() - datetime.timedelta(days=2000))
    login(client, world.other_unit_staff)
    url = reverse("matters:unit_inbox") + "?tab=all&deadline=overdue"
    page = client.get(url)
    assert [a.pk for a in page.context["page"]] == [anonymous.pk]
    row = page.context["page"][0]
    assert row.colour == "overdue" and row.days_over > 100
    assert "bg-red" in page.content.decode()
    normal = client.get(reverse("matters:unit_inbox") + "?tab=all&deadline=normal").context["page"]
    assert anonymous.pk not in [a.pk for a in normal]

    items = {str(item["label"]): item["count"] for item in inbox.items_for(access.actor_for(world.other_unit_staff))}
    assert items[gettext("Assignments to sign")] == 2
    assert items[gettext("Assignments overdue")] == 1


def test_the_excel_export_opens_and_hides_the_anonymous_citizen(client, world, assigned):
    named, anonymous = assigned
    login(client, world.other_unit_staff)
    response = client.get(reverse("matters:unit_inbox") + "?tab=all&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    codes = {row[0]: row for row in rows[1:]}
    assert codes[named.matter.tracking_code][-1] == "139****5678"
    hidden = codes[anonymous.matter.tracking_code]
    assert hidden[-1] in ("", None) and "匿名者" not in [str(cell) for cell in hidden]
    assert "13800001111" not in response.content.decode("latin-1")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="matters.assignment").get()
    assert entry.note == "rows=2" and entry.changes["filters"]["tab"] == "all"


def test_the_unit_menu_and_workbench_link_the_list(client, world, assigned):
    login(client, world.other_unit_staff)
    home = client.get(reverse("workbench:unit_home"))
    assert reverse("matters:unit_inbox") in home.content.decode()
    admin = person("dongbao_unit_admin", Role.UNIT_ADMIN, unit=world.dongbao_unit)
    login(client, admin)
    assert client.get(reverse("matters:unit_inbox")).status_code == 200
