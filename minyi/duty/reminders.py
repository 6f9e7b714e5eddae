"""履职提示: every Monday morning each representative behind their congress's duty list for this year
is reminded, at most once per list and quarter. The DutyReminder row is written before the message in
the same transaction, so two runs at once (the weekly task and a staff member's "send now") send one
reminder, not two. Whose mandate has ended is not reminded."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from minyi.accounts.models import Role, RoleGrant

from . import duty_list as lists
from .models import DutyList, DutyReminder, DutyRequirement
from .services import DutyRefused, _actor, _require_staff

KIND = "duty.reminder"


def register():
    from minyi.notifications import kinds

    kinds.register(KIND, gettext_lazy("Duty reminders (履职提示)"), email=False, sms=True)


@dataclass
class Run:
    behind: int = 0
    sent: int = 0
    already: int = 0
    without_account: int = 0

    def __add__(self, other):
        return Run(self.behind + other.behind, self.sent + other.sent, self.already + other.already, self.without_account + other.without_account)


def accounts_of(representative_ids):
    """{representative_id: [active users signed in as that representative]}."""
    found = {}
    grants = (RoleGrant.objects.filter(role=Role.REPRESENTATIVE, representative_id__in=list(representative_ids), user__is_active=True)
              .select_related("user").order_by("user_id"))
    for grant in grants:
        found.setdefault(grant.representative_id, []).append(grant.user)
    return found


def message(duty_list, representative, rows):
    """(title, body) of the reminder, in the deployment's language whoever triggered it."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Duty reminder: your %(year)s duty list") % {"year": duty_list.year}
        lines = [_("%(name)s, by the duty list of %(congress)s for %(year)s you are behind on:") % {
            "name": representative.name, "congress": duty_list.congress.name, "year": duty_list.year}]
        for row in rows:
            lines.append(_("%(duty)s: %(done)d done, %(expected)d due by now (at least %(target)d %(per)s)") % {
                "duty": row.label, "done": row.done, "expected": row.expected, "target": row.target,
                "per": DutyRequirement.Per(row.requirement.per).label})
        lines.append(_("Open your duty list on the phone to see what is still missing."))
    return title, "\n".join(lines)


def _send(duty_list, representative, users, at, rows):
    from minyi.notifications.services import notify

    try:
        with transaction.atomic():
            DutyReminder.objects.create(
                representative=representative, duty_list=duty_list, period=at.period, sent_at=timezone.now(),
                behind=[{"measure": r.measure, "done": r.done, "expected": r.expected, "target": r.target, "per": r.requirement.per} for r in rows])
            title, body = message(duty_list, representative, rows)
            notify(users, KIND, title, body, link=reverse("duty:rep_progress"))
    except IntegrityError:  # reminded by another run just now
        return False
    return True


def remind(duty_list, today=None, *, user=None):
    """Remind the representatives behind on this list (this year's) who were not reminded in this period."""
    if user is not None:
        _require_staff(_actor(user), duty_list.congress)
    today = today or timezone.localdate()
    if duty_list.year != today.year:
        raise DutyRefused(_("Reminders go out for this year's list only."))
    at = lists.checkpoint(duty_list.year, today)
    run = Run()
    if not at.period:
        return run
    representatives = list(lists.serving_on(duty_list.congress, today))
    found = lists.progress(duty_list, [r.pk for r in representatives], today)
    reminded = set(DutyReminder.objects.filter(duty_list=duty_list, period=at.period).values_list("representative_id", flat=True))
    accounts = accounts_of(r.pk for r in representatives)
    for representative in representatives:
        rows = found[representative.pk].behind
        if not rows:
            continue
        run.behind += 1
        if representative.pk in reminded:
            run.already += 1
        elif not accounts.get(representative.pk):
            run.without_account += 1
        elif _send(duty_list, representative, accounts[representative.pk], at, rows):
            run.sent += 1
        else:
            run.already += 1
    return run


def remind_all(today=None):
    today = today or timezone.localdate()
    run = Run()
    for duty_list in DutyList.objects.filter(year=today.year).select_related("congress").prefetch_related("requirements"):
        run = run + remind(duty_list, today)
    return run


@db_periodic_task(crontab(day_of_week="1", hour="8", minute="30"))
def remind_representatives_behind():
    """Monday 08:30: the week's 履职提示."""
    return remind_all().sent
