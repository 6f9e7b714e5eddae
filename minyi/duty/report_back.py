"""Reports back to voters (述职): a representative's text and photos for one year, with the summary
of their archive as it stood when the report was prepared; the report-back meeting (a duty activity
of kind report_back) and the satisfaction vote, prepared here and run on the voting engine's pages.

A report back counts in the archive (Measure.REPORT_BACK) once it has been given: its meeting has
begun, or its vote's result is published. It is public from then on (代表法 第58条). Its text and
photos change until the vote opens: the voters rate what they heard.

Refusals are DutyRefused with a message for the person who tried."""

import datetime
import functools
from fractions import Fraction

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.matters import attachments
from minyi.organisations.models import Congress
from minyi.representatives.models import Mandate
from minyi.voting import services as voting
from minyi.voting.models import Body, Kind, Quorum, Vote

from . import archive
from .models import Activity, Measure, ReportBack, ReportBackPhoto
from .services import DutyRefused, _actor, _require_staff, _user, create_activity, is_staff_of

FIRST_YEAR = 2000
MAX_PHOTOS = attachments.MAX_PHOTOS
TELLERS_FOR_PAPER = 2  # the engine puts a paper ballot in the box when two tellers read it alike
OPTION_REFERENCE = "report_back:{pk}"


class Electorate:
    """Who rates the report: the voters at the meeting on paper, or a representatives' group on their phones."""

    PRESENT = "present"
    GROUP = "group"
    CHOICES = (
        (PRESENT, gettext_lazy("The voters present at the meeting (paper ballots, entered by tellers)")),
        (GROUP, gettext_lazy("A representatives' group (on their phones, or on paper)")),
    )


# --- Reading ------------------------------------------------------------------------------------------


def given_q(now=None):
    """Reports back that have been given: the meeting has begun or the vote's result is published."""
    return Q(activity__starts_at__lte=now or timezone.now()) | Q(vote__state=Vote.State.PUBLISHED)


def is_given(report, now=None):
    now = now or timezone.now()
    return bool((report.activity_id and report.activity.starts_at <= now) or (report.vote_id and report.vote.state == Vote.State.PUBLISHED))


def is_locked(report):
    """The vote has opened: the voters rate the report as it stands."""
    return bool(report.vote_id and report.vote.state != Vote.State.DRAFT)


def is_own(actor, report):
    return report.representative_id in actor.representative_ids


def may_see(actor, report):
    return is_own(actor, report) or actor.is_system_admin or (actor.is_congress_staff and actor.covers_region(report.congress.region_id))


def may_edit(actor, report):
    return (is_own(actor, report) or is_staff_of(actor, report.congress)) and not is_locked(report)


def satisfaction(report):
    """The published satisfaction rate (a Fraction), or None before publication or without a quorum."""
    vote = report.vote
    if vote is None or vote.state != Vote.State.PUBLISHED or not vote.result:
        return None
    rate = (vote.result.get("rates") or {}).get("1")
    return None if rate is None else Fraction(*rate)


def rate_text(rate):
    """As the voting engine's result sheet writes it."""
    return "" if rate is None else f"{float(rate) * 100:.2f}%"


def summary_rows(summary, *, public=False):
    """[(label, count)] of a frozen summary in the measures' order; the public never sees absences."""
    return [(measure.label, summary[measure.value]) for measure in Measure
            if summary.get(measure.value) and not (public and measure == Measure.ABSENCE)]


def congresses_of(representative, year):
    """The congresses in which the representative held a mandate during `year`, the lowest level first."""
    start, end = archive.year_range(year)
    held = Mandate.objects.overlapping(start, end).filter(representative=representative, congress__isnull=False).values("congress")
    return list(Congress.objects.filter(pk__in=held).select_related("region").order_by("-region_id"))


# --- Writing ------------------------------------------------------------------------------------------


def _check_text(title, text):
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise DutyRefused(_("Give the report a title."))
    if not text:
        raise DutyRefused(_("Write the report."))
    return title[:200], text


def _save_photos(report, photos):
    """`photos` as cleaned by attachments.clean_photos: (name, full JPEG, thumbnail JPEG)."""
    for _name, full, thumbnail in photos:
        photo = ReportBackPhoto(report=report)
        photo.image.save("photo.jpg", ContentFile(full), save=False)
        photo.thumbnail.save("thumb.jpg", ContentFile(thumbnail), save=False)
        photo.save()


def _delete_files(files):
    for stored in files:
        if stored.name:
            stored.storage.delete(stored.name)


def _check_photo_count(count):
    if count > MAX_PHOTOS:
        raise DutyRefused(_("A report back has at most %(limit)d photos.") % {"limit": MAX_PHOTOS})


@transaction.atomic
def create_report(user, *, representative, year, title, text, photos=(), congress=None):
    """The representative (for themself) or the congress's staff prepare a report back; the archive's
    summary of the year is frozen into it now."""
    actor = _actor(user)
    title, text = _check_text(title, text)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise DutyRefused(_("Report on this year or a past one."))
    congresses = congresses_of(representative, year)
    if representative.pk in actor.representative_ids:
        congress = congress or (congresses[0] if congresses else None)
        if congress not in congresses:
            raise DutyRefused(_("You held no mandate in that congress in %(year)s.") % {"year": year})
    elif congress is not None and is_staff_of(actor, congress):
        if congress not in congresses:
            raise DutyRefused(_("%(name)s held no mandate in this congress in %(year)s.") % {"name": representative.name, "year": year})
    else:
        raise DutyRefused(_("Only the representative or the congress's staff prepare a report back."))
    _check_photo_count(len(photos))
    report = ReportBack.objects.create(
        representative=representative, congress=congress, year=year, title=title, text=text,
        summary=archive.build(representative, *archive.year_range(year)).summary(), created_by=_user(actor), created_at=timezone.now(),
    )
    _save_photos(report, photos)
    return report


def _locked_report(report):
    return ReportBack.objects.select_for_update(of=("self",)).select_related("congress__region", "vote", "activity", "representative").get(pk=report.pk)


@transaction.atomic
def change_report(user, report, *, title, text, photos=(), remove=()):
    """New title and text, photos added and removed, until the vote opens."""
    actor = _actor(user)
    report = _locked_report(report)
    if not (is_own(actor, report) or is_staff_of(actor, report.congress)):
        raise DutyRefused(_("Only the representative or the congress's staff change a report back."))
    if is_locked(report):
        raise DutyRefused(_("The satisfaction vote on this report has opened: the report can no longer change."))
    report.title, report.text = _check_text(title, text)
    removed = report.photos.filter(pk__in=[photo.pk for photo in remove])
    _check_photo_count(report.photos.count() - removed.count() + len(photos))
    for photo in removed:
        files = [photo.image, photo.thumbnail]
        photo.delete()
        # The files go once the rows are gone for good, not when the change is rolled back.
        transaction.on_commit(functools.partial(_delete_files, files))
    report.save(update_fields=["title", "text"])
    _save_photos(report, photos)
    return report


def _require_meeting_free(report):
    if report.activity_id:
        raise DutyRefused(_("This report already has its meeting."))


@transaction.atomic
def link_meeting(user, report, activity):
    """Staff link a report-back activity already planned to the report."""
    actor = _actor(user)
    report = _locked_report(report)
    _require_staff(actor, report.congress)
    _require_meeting_free(report)
    if activity.congress_id != report.congress_id or activity.kind != Activity.Kind.REPORT_BACK:
        raise DutyRefused(_("Choose a report-back activity of the same congress."))
    if ReportBack.objects.filter(activity=activity).exists():
        raise DutyRefused(_("That activity is the meeting of another report."))
    report.activity = activity
    report.save(update_fields=["activity"])
    return report


@transaction.atomic
def create_meeting(user, report, *, starts_at, ends_at, place, organiser, station=None):
    """A new report-back activity for the report, the representative invited: they check in with its code."""
    actor = _actor(user)
    report = _locked_report(report)
    _require_staff(actor, report.congress)
    _require_meeting_free(report)
    title = _("%(name)s reports back: %(title)s") % {"name": report.representative.name, "title": report.title}
    activity = create_activity(actor, congress=report.congress, kind=Activity.Kind.REPORT_BACK, title=title[:200], starts_at=starts_at,
                               ends_at=ends_at, place=place, organiser=organiser, station=station, invited=[report.representative])
    report.activity = activity
    report.save(update_fields=["activity"])
    return activity


def _member_names(text):
    names = []
    for line in (text or "").splitlines():
        name = line.strip()
        if name and name not in names:
            names.append(name)
    return names


@transaction.atomic
def prepare_vote(user, report, *, electorate, voter_names="", group=None, tellers=()):
    """A draft satisfaction vote on the voting engine with one object, the representative; staff open,
    run, count and publish it on the engine's own pages."""
    actor = _actor(user)
    report = _locked_report(report)
    _require_staff(actor, report.congress)
    if report.vote_id:
        raise DutyRefused(_("The satisfaction vote on this report is already prepared."))
    if electorate == Electorate.PRESENT:
        names = _member_names(voter_names)
        if not names:
            raise DutyRefused(_("List the voters present, one per line."))
        if len(set(tellers)) < TELLERS_FOR_PAPER:
            raise DutyRefused(_("Choose at least two tellers: each paper ballot is entered by two of them."))
        # The body with a typed list of members; the voters vote on paper only.
        body = {"body": Body.COUNCIL, "member_names": "\n".join(names), "electronic": False, "paper": True, "quorum": Quorum.NONE}
    elif electorate == Electorate.GROUP:
        body = {"body": Body.GROUP, "group": group, "electronic": True, "paper": True, "quorum": Quorum.TWO_THIRDS}
    else:
        raise DutyRefused(_("Choose who rates the report."))
    title = _("Satisfaction with %(name)s's report back for %(year)s") % {"name": report.representative.name, "year": report.year}
    try:
        vote = voting.create_vote(
            actor, congress=report.congress, title=title[:200], kind=Kind.SATISFACTION, secret=True,
            options=[(report.representative.name, report.title, OPTION_REFERENCE.format(pk=report.pk))], **body,
        )
        voting.set_tellers(actor, vote, list(tellers))
    except voting.VoteRefused as refusal:
        raise DutyRefused(str(refusal)) from None
    report.vote = vote
    report.save(update_fields=["vote"])
    return vote


# --- Who sees which report, and the archive ------------------------------------------------------------


@access.scope(ReportBack)
def reports_in_scope(actor, queryset):
    if actor.is_system_admin:
        return queryset
    query = Q(pk__in=[])
    if actor.is_congress_staff:
        query |= actor.region_q("congress__region")
    if actor.representative_ids:
        query |= Q(representative_id__in=actor.representative_ids)
    return queryset.filter(query)


def _bounds(start, end):
    zone = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, zone),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone))


@archive.source(first=True)
def reports_back(representative_ids, start, end):
    """Each report back given, on the day of its meeting (or of its vote, without a meeting). The key
    of its meeting makes it the same deed as the representative's attendance there: it counts once,
    and this record, with the satisfaction rate, is the one kept."""
    since, until = _bounds(start, end)
    now = timezone.now()
    with_meeting = Q(activity__isnull=False, activity__starts_at__gte=since, activity__starts_at__lt=until) & given_q(now)
    without_meeting = Q(activity__isnull=True, vote__state=Vote.State.PUBLISHED, vote__opened_at__gte=since, vote__opened_at__lt=until)
    reports = (ReportBack.objects.filter(representative_id__in=representative_ids).filter(with_meeting | without_meeting)
               .select_related("activity", "vote"))
    for report in reports:
        moment = report.activity.starts_at if report.activity_id else report.vote.opened_at
        rate = satisfaction(report)
        yield archive.Record(
            report.representative_id, Measure.REPORT_BACK, timezone.localdate(moment), report.title,
            detail=_("Satisfaction rate %(rate)s") % {"rate": rate_text(rate)} if rate is not None else "",
            link=("duty:rep_report_back", (report.pk,)),
            key=f"activity:{report.activity_id}" if report.activity_id else f"report:{report.pk}",
        )
