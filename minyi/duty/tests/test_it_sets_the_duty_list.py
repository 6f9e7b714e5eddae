"""The annual duty list (年度履职清单): staff set it (what was typed is kept when refused) or copy last
year's; progress counts the archive over the year or the current quarter; those behind schedule are
reminded (履职提示) once per period, never those on track or whose mandate ended; staff see who is
behind and remind them now; each representative sees their own progress on the phone. Staff of
another congress do not find the list; a leader reads it without acting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from minyi.duty import duty_list as lists
from minyi.duty import reminders, services
from minyi.duty.models import Activity, DutyList, DutyReminder, DutyRequirement
from minyi.notifications.models import Notification
from minyi.representatives.models import Mandate, Representative

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
RECEPTION, CONTACT, INSPECTION = Activity.Kind.RECEPTION, Activity.Kind.CONTACT, Activity.Kind.INSPECTION


def deed(world, representative, kind, day, *, title="接待选民"):
    """`representative` recorded present at an activity of the city congress on `day`."""
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    activity = services.create_activity(world.city_staff, congress=world.city_congress, kind=kind, title=title, organiser="代表工委",
                                        place="龙井社区代表联络站", starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    services.record_by_hand(world.city_staff, activity, representative, reason="现场登记")
    return activity


def the_list(world, year, *requirements):
    return lists.save_list(world.city_staff, world.city_congress, year, list(requirements))


def fixed_today(monkeypatch, day):
    """Pages and reminders read today's date from django.utils.timezone.localdate."""
    original = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else original(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_the_checkpoint_makes_a_quarter_of_a_yearly_target_due_at_each_quarter_end():
    assert lists.checkpoint(2026, datetime.date(2026, 2, 1)) == lists.Checkpoint(2026, datetime.date(2026, 2, 1), 1, 0, False)
    # Three weeks or less left in the quarter: its share is due now.
    assert lists.checkpoint(2026, datetime.date(2026, 3, 10)).due == 0
    assert lists.checkpoint(2026, datetime.date(2026, 3, 11)).due == 1 and lists.checkpoint(2026, datetime.date(2026, 3, 11)).period == "2026Q1"
    assert lists.checkpoint(2026, datetime.date(2026, 4, 6)).due == 1
    assert lists.checkpoint(2026, datetime.date(2026, 12, 20)).due == 4
    assert lists.checkpoint(2026, datetime.date(2027, 1, 5)).due == 4 and lists.checkpoint(2026, datetime.date(2025, 12, 1)).due == 0
    assert lists.quarter_range(2026, 2) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


def test_progress_counts_the_year_for_yearly_duties_and_the_quarter_for_quarterly_ones(world, reps):
    li, wang = world.representative, reps["wang_rep"]
    duty_list = the_list(world, 2026, ("reception", 4, "year"), ("contact", 1, "quarter"), ("suggestion_raised", 1, "year"))
    deed(world, li, RECEPTION, datetime.date(2026, 2, 10))
    deed(world, li, RECEPTION, datetime.date(2026, 5, 6))
    deed(world, li, CONTACT, datetime.date(2026, 3, 2), title="走访选民")
    deed(world, li, RECEPTION, datetime.date(2025, 12, 30))  # last year: not counted

    may = lists.progress(duty_list, [li.pk, wang.pk], datetime.date(2026, 5, 20))
    reception, contact, suggestion = may[li.pk].rows
    assert (reception.done, reception.expected, reception.percent, reception.missing, reception.behind) == (2, 1, 50, 2, False)
    assert (contact.quarters, contact.done, contact.expected, contact.behind) == ([(1, 1), (2, 0)], 0, 0, False)
    assert (suggestion.done, suggestion.expected, suggestion.behind) == (0, 1, True)
    # reception 2/4, contact (1 + 0)/2 quarters, suggestion 0/1
    assert may[li.pk].completion == 33 and may[li.pk].met_count == 0
    assert [row.measure for row in may[wang.pk].behind] == ["reception", "suggestion_raised"]

    # Mid-June: three weeks left in the quarter; half the receptions and this quarter's contact are due.
    june = lists.progress(duty_list, [li.pk], datetime.date(2026, 6, 15))[li.pk]
    reception, contact, _suggestion = june.rows
    assert (reception.expected, reception.behind) == (2, False)
    assert (contact.done, contact.expected, contact.behind) == (0, 1, True)

    deed(world, li, CONTACT, datetime.date(2026, 6, 1), title="走访选民")
    deed(world, li, RECEPTION, datetime.date(2026, 6, 2))
    deed(world, li, RECEPTION, datetime.date(2026, 6, 3))
    june = lists.progress(duty_list, [li.pk], datetime.date(2026, 6, 15))[li.pk]
    reception, contact, _suggestion = june.rows
    assert reception.met and reception.percent == 100 and contact.met and contact.missing == 0
    assert june.met_count == 2 and june.completion == 66


def test_staff_set_the_list_keeping_what_was_typed_when_refused_and_copy_it_to_the_next_year(client, world, reps):
    client.force_login(world.city_staff)
    url = reverse("duty:duty_list_edit", kwargs={"congress": world.city_congress.pk, "year": 2026})
    this_year = timezone.localdate().year
    index = client.get(reverse("duty:duty_lists"), **EN).content.decode()
    assert reverse("duty:duty_list", kwargs={"congress": world.city_congress.pk, "year": this_year}) in index
    assert 'name="target_reception"' in client.get(url, **EN).content.decode()
    typed = {"target_reception": "4", "per_reception": "year", "target_contact": "0", "per_contact": "quarter", "note": "请按季度联系选民"}
    refused = client.post(url, typed, **EN)
    html = refused.content.decode()
    assert refused.status_code == 400 and not DutyList.objects.exists()
    assert 'name="target_reception" value="4"' in html and 'name="target_contact" value="0"' in html and "请按季度联系选民" in html
    assert '<option value="quarter" selected>' in html

    nothing = client.post(url, {"note": "空"}, **EN)
    assert nothing.status_code == 400 and "Set at least one expected duty." in nothing.content.decode()

    typed["target_contact"] = "1"
    saved = client.post(url, typed, **EN)
    assert saved.status_code == 302 and saved["Location"] == reverse("duty:duty_list", kwargs={"congress": world.city_congress.pk, "year": 2026})
    duty_list = DutyList.objects.get(congress=world.city_congress, year=2026)
    assert sorted(duty_list.requirements.values_list("measure", "target", "per")) == [("contact", 1, "quarter"), ("reception", 4, "year")]
    assert duty_list.note == "请按季度联系选民"
    page = client.get(saved["Location"], **EN).content.decode()
    assert 'data-testid="requirement-reception"' in page and 'data-testid="requirement-contact"' in page

    # Changing the list drops a duty left empty.
    client.post(url, {"target_reception": "6", "per_reception": "year", "per_contact": "quarter"}, **EN)
    assert list(duty_list.requirements.values_list("measure", "target")) == [("reception", 6)]

    next_year = reverse("duty:duty_list", kwargs={"congress": world.city_congress.pk, "year": 2027})
    assert 'data-testid="copy-list"' in client.get(next_year, **EN).content.decode()
    copied = client.post(next_year, {"action": "copy"}, **EN)
    assert copied.status_code == 302
    assert list(DutyRequirement.objects.filter(duty_list__year=2027).values_list("measure", "target", "per")) == [("reception", 6, "year")]
    again = client.post(next_year, {"action": "copy"}, follow=True, **EN)
    assert "The list of 2027 is already set" in again.content.decode()
    assert DutyRequirement.objects.filter(duty_list__year=2027).count() == 1


def test_a_reminder_goes_once_per_period_to_those_behind_and_serving(world, reps):
    li, wang, zhao = world.representative, reps["wang_rep"], reps["zhao_rep"]
    no_account = Representative.objects.create(name="孙立", public_code="RD0009")
    Mandate.objects.create(representative=no_account, level="city", congress=world.city_congress, start=datetime.date(2022, 1, 1))
    Mandate.objects.filter(representative=zhao).update(end=datetime.date(2026, 3, 31), end_reason=Mandate.EndReason.RESIGNATION)
    duty_list = the_list(world, 2026, ("reception", 4, "year"), ("contact", 1, "quarter"))
    deed(world, li, RECEPTION, datetime.date(2026, 2, 10))
    deed(world, li, CONTACT, datetime.date(2026, 4, 20), title="走访选民")

    # Early April: a quarter of the receptions was due by the end of March. 李春梅 is on track, 王建军
    # behind, 赵敏's mandate has ended, 孙立 has no account to be reminded on.
    run = reminders.remind_all(datetime.date(2026, 4, 6))
    assert (run.behind, run.sent, run.already, run.without_account) == (2, 1, 0, 1)
    reminder = DutyReminder.objects.get()
    assert (reminder.representative, reminder.duty_list, reminder.period) == (wang, duty_list, "2026Q1")
    assert reminder.behind == [{"measure": "reception", "done": 0, "expected": 1, "target": 4, "per": "year"}]
    sent = Notification.objects.get(kind=reminders.KIND)
    assert sent.recipient == reps["wang"] and sent.link == reverse("duty:rep_progress") and "王建军" in sent.body

    # The next Monday: still behind, already reminded for this period.
    run = reminders.remind_all(datetime.date(2026, 4, 13))
    assert (run.sent, run.already) == (0, 1) and Notification.objects.filter(kind=reminders.KIND).count() == 1

    # Three weeks before the end of June: half the receptions and the quarter's contact are due.
    run = reminders.remind_all(datetime.date(2026, 6, 15))
    assert run.sent == 2
    assert sorted(DutyReminder.objects.values_list("representative__name", "period")) == [
        ("李春梅", "2026Q2"), ("王建军", "2026Q1"), ("王建军", "2026Q2")]
    assert not Notification.objects.filter(recipient=reps["zhao"]).exists()
    li_reminder = DutyReminder.objects.get(representative=li)
    assert [item["measure"] for item in li_reminder.behind] == ["reception"]  # the contact of the quarter is done


def test_staff_see_who_is_behind_and_remind_them_now(client, world, reps, monkeypatch):
    fixed_today(monkeypatch, datetime.date(2026, 6, 15))
    the_list(world, 2026, ("reception", 2, "year"))
    deed(world, world.representative, RECEPTION, datetime.date(2026, 3, 3))
    url = reverse("duty:duty_list", kwargs={"congress": world.city_congress.pk, "year": 2026})
    client.force_login(world.city_staff)
    html = client.get(url, {"behind": "1"}, **EN).content.decode()
    assert f'data-testid="rep-{reps["wang_rep"].pk}" data-behind="1"' in html and f'data-testid="rep-{world.representative.pk}"' not in html
    assert 'data-testid="remind-now"' in html

    done = client.post(url, {"action": "remind"}, follow=True, **EN)
    assert "2 reminders sent." in done.content.decode()
    assert set(DutyReminder.objects.values_list("representative__name", flat=True)) == {"王建军", "赵敏"}
    again = client.post(url, {"action": "remind"}, follow=True, **EN)
    assert "0 reminders sent. 2 representatives were already reminded this quarter." in again.content.decode()
    assert Notification.objects.filter(kind=reminders.KIND).count() == 2


def test_other_congress_staff_do_not_find_the_list_and_a_leader_only_reads_it(client, world, reps, monkeypatch):
    fixed_today(monkeypatch, datetime.date(2026, 6, 15))
    the_list(world, 2026, ("reception", 2, "year"))
    url = reverse("duty:duty_list", kwargs={"congress": world.city_congress.pk, "year": 2026})
    edit = reverse("duty:duty_list_edit", kwargs={"congress": world.city_congress.pk, "year": 2026})

    client.force_login(world.dongbao_staff)
    assert client.get(url).status_code == 404 and client.get(edit).status_code == 404
    assert client.post(url, {"action": "remind"}).status_code == 404

    client.force_login(world.leader)
    page = client.get(url, **EN)
    assert page.status_code == 200 and 'data-testid="progress"' in page.content.decode()
    assert 'data-testid="remind-now"' not in page.content.decode() and 'data-testid="edit-list"' not in page.content.decode()
    assert client.post(url, {"action": "remind"}).status_code == 403
    assert client.get(edit).status_code == 403 and client.post(edit, {"target_reception": "9", "per_reception": "year"}).status_code == 403
    assert not DutyReminder.objects.exists() and DutyRequirement.objects.get().target == 2

    client.force_login(reps["li"])
    assert client.get(url).status_code == 403


def test_a_representative_sees_their_own_progress_on_the_phone(client, world, reps, monkeypatch):
    fixed_today(monkeypatch, datetime.date(2026, 6, 15))
    duty_list = the_list(world, 2026, ("reception", 4, "year"), ("contact", 1, "quarter"))
    deed(world, world.representative, RECEPTION, datetime.date(2026, 2, 10))
    deed(world, world.representative, CONTACT, datetime.date(2026, 2, 11), title="走访选民")
    for day in (3, 4, 5):
        deed(world, reps["wang_rep"], RECEPTION, datetime.date(2026, 5, day))

    client.force_login(reps["li"])
    assert 'data-testid="progress-link"' in client.get(reverse("duty:rep_list"), **EN).content.decode()
    html = client.get(reverse("duty:rep_progress"), **EN).content.decode()
    assert f'data-testid="list-{duty_list.pk}"' in html
    assert 'data-testid="duty-reception" data-done="1" data-target="4" data-percent="25"' in html
    assert 'data-testid="duty-contact" data-done="0" data-target="1" data-percent="0"' in html
    assert 'data-testid="behind"' in html

    client.force_login(reps["wang"])
    html = client.get(reverse("duty:rep_progress"), **EN).content.decode()
    assert 'data-testid="duty-reception" data-done="3" data-target="4" data-percent="75"' in html

    Mandate.objects.filter(representative=reps["zhao_rep"]).update(end=datetime.date(2026, 3, 31), end_reason=Mandate.EndReason.RESIGNATION)
    client.force_login(reps["zhao"])
    assert 'data-testid="no-list"' in client.get(reverse("duty:rep_progress"), **EN).content.decode()

    client.force_login(world.citizen)
    assert client.get(reverse("duty:rep_progress")).status_code == 403
