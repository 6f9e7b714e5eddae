"""The congress's duty statistics for a year as an .xlsx: one row per representative serving in the
year with what the archive counted for every measure (the same numbers as archive.counts), the duty
list's completion, the score and the ranks; a sheet sums up each representatives' group. Staff of
another congress do not get it."""

import datetime
import decimal
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from minyi.audit.models import AuditEntry
from minyi.duty import archive, duty_list, evaluation, services
from minyi.duty.models import Activity, Measure
from minyi.representatives.models import Mandate, RepresentativeGroup

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def deed(world, representatives, kind, day, *, present=True, title="视察"):
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    activity = services.create_activity(world.city_staff, congress=world.city_congress, kind=kind, title=title, organiser="代表工委",
                                        place="市人大常委会", starts_at=starts, ends_at=starts + datetime.timedelta(hours=3),
                                        invited=representatives)
    for representative in representatives if present else ():
        services.record_by_hand(world.city_staff, activity, representative, reason="现场登记")


def test_the_workbook_holds_the_archive_counts_the_completion_and_the_scores(client, world, reps):
    li, wang, zhao = world.representative, reps["wang_rep"], reps["zhao_rep"]
    east = RepresentativeGroup.objects.create(congress=world.city_congress, name="东城代表小组")
    Mandate.objects.filter(representative__in=[li, wang]).update(group=east)
    evaluation.save_scheme(world.city_staff, world.city_congress, {"reception": "3", "inspection": "2", "training": "1", "absence": "-2"})
    duty_list.save_list(world.city_staff, world.city_congress, 2026, [("reception", 4, "year"), ("inspection", 2, "year")])
    for day in (datetime.date(2026, 2, 3), datetime.date(2026, 4, 7), datetime.date(2026, 9, 1)):
        deed(world, [li, wang], Activity.Kind.RECEPTION, day, title="接待选民")
    deed(world, [li], Activity.Kind.RECEPTION, datetime.date(2026, 10, 13), title="接待选民")
    deed(world, [li, zhao], Activity.Kind.INSPECTION, datetime.date(2026, 5, 12))
    deed(world, [wang, zhao], Activity.Kind.TRAINING, datetime.date(2026, 6, 20), title="代表履职培训")
    deed(world, [zhao], Activity.Kind.SESSION, datetime.date(2026, 1, 8), present=False, title="市九届人大五次会议")
    deed(world, [wang], Activity.Kind.INSPECTION, datetime.date(2025, 6, 1))  # the year before
    evaluation.adjust(world.city_staff, world.city_congress, zhao, 2026, points="0.5", reason="提出高质量建议")

    client.force_login(world.city_staff)
    listing = client.get(reverse("duty:evaluation_list", kwargs={"congress": world.city_congress.pk, "year": 2026}), **EN).content.decode()
    url = reverse("duty:evaluation_export", kwargs={"congress": world.city_congress.pk, "year": 2026})
    assert url in listing
    response = client.get(url, **EN)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''") and ".xlsx" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="export", object_id=str(world.city_congress.pk)).exists()

    workbook = load_workbook(io.BytesIO(response.content))
    sheet, groups = workbook.worksheets
    header_row = next(row for row in range(1, 10) if sheet.cell(row=row, column=2).value == "Name")
    headers = [cell.value for cell in sheet[header_row]]
    measures = list(Measure)
    assert headers[3:3 + len(measures)] == [str(m.label) for m in measures]
    rows = {sheet.cell(row=r, column=2).value: [c.value for c in sheet[r]] for r in range(header_row + 1, sheet.max_row + 1)}
    assert set(rows) == {"李春梅", "王建军", "赵敏"}

    counted = archive.counts([li.pk, wang.pk, zhao.pk], *archive.year_range(2026))
    scores = {s.representative.name: s for s in evaluation.scores(world.city_congress, 2026)}
    for representative in (li, wang, zhao):
        row = rows[representative.name]
        assert row[3:3 + len(measures)] == [counted[representative.pk].get(m.value, 0) for m in measures]
        column = dict(zip(headers, row))
        assert decimal.Decimal(str(column["Score"])) == scores[representative.name].total
        assert column["Overall rank"] == scores[representative.name].rank
    # 李春梅: 4 receptions × 3 + 1 inspection × 2 = 14, everything on the list done.
    li_row = dict(zip(headers, rows["李春梅"]))
    assert (li_row["Reception days attended"], li_row["Inspections (视察) joined"], li_row["Score"]) == (4, 1, 14)
    assert (li_row["Representatives' group"], li_row["Duty list completion"], li_row["Duties met"], li_row["Overall rank"], li_row["Rank in group"]) == (
        "东城代表小组", 0.75, "1/2", 1, 1)
    # 王建军: 3 receptions × 3 + 1 training = 10; the inspection of 2025 does not count.
    wang_row = dict(zip(headers, rows["王建军"]))
    assert (wang_row["Inspections (视察) joined"], wang_row["Score"], wang_row["Duty list completion"]) == (0, 10, 0.375)
    # 赵敏: 2 + 1 − 2 (the session missed) + 0.5 = 1.5, no group.
    zhao_row = dict(zip(headers, rows["赵敏"]))
    assert (zhao_row["Sessions missed without approved leave"], zhao_row["Score"], zhao_row["Rank in group"]) == (1, 1.5, None)
    assert zhao_row["Representatives' group"] in ("", None)

    summary = {groups.cell(row=r, column=1).value: [c.value for c in groups[r]] for r in range(2, groups.max_row + 1)}
    group_headers = [c.value for c in groups[1]]
    east_row = dict(zip(group_headers, summary["东城代表小组"]))
    assert east_row["Number of representatives"] == 2 and east_row["Reception days attended"] == 7 and east_row["Average score"] == 12
    assert east_row["Average completion"] == pytest.approx((0.75 + 0.375) / 2)
    assert dict(zip(group_headers, summary["No group"]))["Number of representatives"] == 1


def test_a_year_without_list_or_scheme_still_exports_and_other_congress_staff_get_nothing(client, world, reps):
    url = reverse("duty:evaluation_export", kwargs={"congress": world.city_congress.pk, "year": 2025})
    client.force_login(world.dongbao_staff)
    assert client.get(url).status_code == 404
    client.force_login(world.leader)
    response = client.get(url, **EN)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A2"].value == "No duty list was set for this year."
    names = [sheet.cell(row=r, column=2).value for r in range(5, sheet.max_row + 1)]
    assert sorted(names) == sorted(["李春梅", "王建军", "赵敏"])
    assert {sheet.cell(row=r, column=sheet.max_column - 2).value for r in range(5, sheet.max_row + 1)} == {0}
