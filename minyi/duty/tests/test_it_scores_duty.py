"""The evaluation (履职积分): a score is the congress's points × what the archive counted in the year
plus the staff's adjustments; equal scores share a rank overall and in the representatives' group;
an adjustment needs its reason (refused and kept otherwise) and shows who made it and when; the
points scheme starts from suggested points. Staff of another congress do not find the scores; a
leader reads them without acting."""

import datetime
import decimal
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from minyi.duty import archive, evaluation, services
from minyi.duty.models import Activity, PointsRule, ScoreAdjustment
from minyi.duty.services import DutyRefused
from minyi.representatives.models import Mandate, Representative, RepresentativeGroup

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
D = decimal.Decimal


def deed(world, representatives, kind, day, *, present=True, title="视察"):
    """An activity of the city congress on `day` with `representatives` invited (and recorded present)."""
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    activity = services.create_activity(world.city_staff, congress=world.city_congress, kind=kind, title=title, organiser="代表工委",
                                        place="市人大常委会", starts_at=starts, ends_at=starts + datetime.timedelta(hours=3),
                                        invited=representatives)
    for representative in representatives if present else ():
        services.record_by_hand(world.city_staff, activity, representative, reason="现场登记")
    return activity


@pytest.fixture
def scored(world, reps):
    """李春梅 and 王建军 in 东城代表小组, 赵敏 in 西城代表小组; a points scheme; 李春梅's 2026 deeds."""
    east = RepresentativeGroup.objects.create(congress=world.city_congress, name="东城代表小组")
    west = RepresentativeGroup.objects.create(congress=world.city_congress, name="西城代表小组")
    li, wang, zhao = world.representative, reps["wang_rep"], reps["zhao_rep"]
    Mandate.objects.filter(representative__in=[li, wang]).update(group=east)
    Mandate.objects.filter(representative=zhao).update(group=west)
    evaluation.save_scheme(world.city_staff, world.city_congress, {"reception": "3", "inspection": "2.5", "absence": "-2", "training": ""})
    deed(world, [li], Activity.Kind.RECEPTION, datetime.date(2026, 3, 5), title="接待选民")
    deed(world, [li], Activity.Kind.RECEPTION, datetime.date(2026, 7, 9), title="接待选民")
    deed(world, [li, zhao], Activity.Kind.INSPECTION, datetime.date(2026, 5, 12))
    deed(world, [li], Activity.Kind.SESSION, datetime.date(2026, 1, 8), present=False, title="市九届人大五次会议")  # missed, no leave
    deed(world, [li], Activity.Kind.INSPECTION, datetime.date(2025, 11, 3))  # another year
    return {"east": east, "west": west, "li": li, "wang": wang, "zhao": zhao}


def test_the_score_is_points_times_counts_plus_adjustments(world, reps, scored):
    li, wang, zhao = scored["li"], scored["wang"], scored["zhao"]
    counts = archive.counts([li.pk], *archive.year_range(2026))[li.pk]
    assert (counts["reception"], counts["inspection"], counts["absence"]) == (2, 1, 1)
    assert evaluation.scheme(world.city_congress) == {"reception": D("3.0"), "inspection": D("2.5"), "absence": D("-2.0")}

    rows = {row.representative.pk: row for row in evaluation.scores(world.city_congress, 2026)}
    assert rows[li.pk].from_counts == 3 * 2 + D("2.5") - 2 == D("6.5")
    assert rows[zhao.pk].total == D("2.5") and rows[wang.pk].total == 0

    evaluation.adjust(world.city_staff, world.city_congress, li, 2026, points="1.5", reason="带头开展代表接待日活动")
    evaluation.adjust(world.city_staff, world.city_congress, wang, 2026, points="-1", reason="未按时提交述职报告")
    evaluation.adjust(world.city_staff, world.city_congress, wang, 2025, points="9", reason="上一年度")
    rows = {row.representative.pk: row for row in evaluation.scores(world.city_congress, 2026)}
    assert (rows[li.pk].adjustment, rows[li.pk].total) == (D("1.5"), D("8.0"))
    assert (rows[wang.pk].adjustment, rows[wang.pk].total) == (D("-1"), D("-1"))

    found = evaluation.breakdown(world.city_congress, li, 2026)
    assert [(m, count, each, subtotal) for m, _label, count, each, subtotal in found.rows] == [
        ("inspection", 1, D("2.5"), D("2.5")), ("reception", 2, D("3"), D("6")), ("absence", 1, D("-2"), D("-2"))]
    assert [a.reason for a in found.adjustments] == ["带头开展代表接待日活动"]


def test_equal_scores_share_a_rank_overall_and_in_the_group(world, reps, scored):
    assert evaluation.rank([5, 3, 5, 1, 3]) == [1, 3, 1, 5, 3]
    wang = scored["wang"]
    # 赵敏 2.5 from the inspection; 王建军 catches up with an adjustment: they tie behind 李春梅.
    evaluation.adjust(world.city_staff, world.city_congress, wang, 2026, points="2.5", reason="参加专题调研")
    extra = Representative.objects.create(name="孙立", public_code="RD0009")
    Mandate.objects.create(representative=extra, level="city", congress=world.city_congress, start=datetime.date(2026, 2, 1), group=scored["west"])
    rows = evaluation.scores(world.city_congress, 2026)
    assert [(r.representative.name, r.total, r.rank, r.group_rank, r.group_size) for r in rows] == [
        ("李春梅", D("6.5"), 1, 1, 2), ("王建军", D("2.5"), 2, 2, 2), ("赵敏", D("2.5"), 2, 1, 2), ("孙立", D("0"), 4, 2, 2)]
    assert [r.representative.name for r in evaluation.scores(world.city_congress, 2026)] == ["李春梅", "王建军", "赵敏", "孙立"]

    # A representative whose mandate began after the year is not in it.
    assert extra.pk not in {r.representative.pk for r in evaluation.scores(world.city_congress, 2025)}


def test_an_adjustment_without_a_reason_is_refused_and_what_was_typed_is_kept(client, world, reps, scored):
    li = scored["li"]
    url = reverse("duty:evaluation_detail", kwargs={"congress": world.city_congress.pk, "year": 2026, "representative": li.pk})
    client.force_login(world.city_staff)
    for reason in ("", "   "):
        refused = client.post(url, {"points": "3", "reason": reason}, **EN)
        html = refused.content.decode()
        assert refused.status_code == 400 and "Give the reason for the adjustment." in html
        assert re.search(r'name="points" value="3"', html)
    assert not ScoreAdjustment.objects.exists()
    with pytest.raises(DutyRefused):
        evaluation.adjust(world.city_staff, world.city_congress, li, 2026, points="3", reason=" ")
    with pytest.raises(DutyRefused):
        evaluation.adjust(world.city_staff, world.city_congress, li, 2026, points="0", reason="无")
    out_of_range = client.post(url, {"points": "250", "reason": "太多"}, **EN)
    assert out_of_range.status_code == 400 and "太多" in out_of_range.content.decode() and not ScoreAdjustment.objects.exists()

    done = client.post(url, {"points": "-1.5", "reason": "接待日无故缺席一次"}, **EN)
    assert done.status_code == 302 and done["Location"] == url
    adjustment = ScoreAdjustment.objects.get()
    assert (adjustment.points, adjustment.by, adjustment.year, adjustment.congress) == (D("-1.5"), world.city_staff, 2026, world.city_congress)
    html = client.get(url, **EN).content.decode()
    assert "接待日无故缺席一次" in html and "王晓梅" in html and timezone.localtime(adjustment.at).strftime("%Y-%m-%d %H:%M") in html
    assert '<div class="h1 mb-0" data-testid="total">5</div>' in html  # 6.5 - 1.5
    assert 'data-testid="measure-absence" data-count="1"' in html

    listing = client.get(reverse("duty:evaluation_list", kwargs={"congress": world.city_congress.pk, "year": 2026}), **EN).content.decode()
    assert f'data-testid="score-{li.pk}" data-rank="1" data-group-rank="1" data-total="5.0"' in listing
    assert 'data-testid="download-xlsx"' in listing
    index = client.get(reverse("duty:evaluation"), **EN).content.decode()
    assert reverse("duty:evaluation_list", kwargs={"congress": world.city_congress.pk, "year": 2026}) in index
    # Both desk pages are in the menu.
    assert f'href="{reverse("duty:evaluation")}"' in index and f'href="{reverse("duty:duty_lists")}"' in index
    east = client.get(reverse("duty:evaluation_list", kwargs={"congress": world.city_congress.pk, "year": 2026}),
                      {"group": scored["east"].pk}, **EN).content.decode()
    assert f'data-testid="score-{li.pk}"' in east and f'data-testid="score-{scored["zhao"].pk}"' not in east


def test_the_points_scheme_starts_from_suggested_points_and_keeps_what_was_typed(client, world, reps):
    url = reverse("duty:evaluation_points", kwargs={"congress": world.city_congress.pk})
    client.force_login(world.city_staff)
    offered = client.get(url, **EN).content.decode()
    assert 'data-testid="defaults-offered"' in offered
    assert re.search(r'name="points_reception"[^>]*value="3(\.0)?"', offered)
    assert re.search(r'name="points_absence"[^>]*value="-2(\.0)?"', offered)

    refused = client.post(url, {"points_reception": "4", "points_absence": "abc", "points_inspection": "300"}, **EN)
    assert refused.status_code == 400 and not PointsRule.objects.exists()
    assert re.search(r'name="points_absence"[^>]*value="abc"', refused.content.decode())

    saved = client.post(url, {"points_reception": "4", "points_absence": "-3", "points_inspection": ""}, **EN)
    assert saved.status_code == 302
    assert evaluation.scheme(world.city_congress) == {"reception": D("4"), "absence": D("-3")}
    again = client.get(url, **EN).content.decode()
    assert 'data-testid="defaults-offered"' not in again and re.search(r'name="points_reception"[^>]*value="4(\.0)?"', again)


def test_other_congress_staff_do_not_find_the_scores_and_a_leader_only_reads_them(client, world, reps, scored):
    li = scored["li"]
    kwargs = {"congress": world.city_congress.pk, "year": 2026}
    pages = [reverse("duty:evaluation_list", kwargs=kwargs), reverse("duty:evaluation_detail", kwargs={**kwargs, "representative": li.pk}),
             reverse("duty:evaluation_points", kwargs={"congress": world.city_congress.pk}), reverse("duty:evaluation_export", kwargs=kwargs)]
    detail, points = pages[1], pages[2]

    client.force_login(world.dongbao_staff)
    assert [client.get(page).status_code for page in pages] == [404, 404, 404, 404]
    assert client.post(detail, {"points": "5", "reason": "试图修改"}).status_code == 404

    client.force_login(world.leader)
    assert [client.get(page).status_code for page in pages] == [200, 200, 200, 200]
    html = client.get(detail, **EN).content.decode()
    assert 'data-testid="adjust-form"' not in html and 'data-testid="breakdown"' in html
    assert 'data-testid="points-form"' not in client.get(points, **EN).content.decode()
    assert client.post(detail, {"points": "5", "reason": "领导调整"}).status_code == 403
    assert client.post(points, {"points_reception": "10"}).status_code == 403
    assert not ScoreAdjustment.objects.exists() and PointsRule.objects.get(measure="reception").points == 3

    # A representative of another congress is not in this congress's evaluation.
    county = Representative.objects.create(name="周华", public_code="RD0010")
    Mandate.objects.create(representative=county, level="county", congress=world.dongbao_congress, start=datetime.date(2022, 1, 1))
    client.force_login(world.city_staff)
    assert client.get(reverse("duty:evaluation_detail", kwargs={**kwargs, "representative": county.pk})).status_code == 404

    client.force_login(reps["li"])
    assert client.get(pages[0]).status_code == 403
