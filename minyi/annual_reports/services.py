"""The life of an annual report: requested at the desk → (worker) counted, drawn and written →
its Word and PDF files offered for download, or a failure said in words with no file kept.

Every change of a report's state is a conditional UPDATE, so a task run twice (re-queued after the
worker was down) writes the report once."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.audit.context import acting
from minyi.audit.models import AuditEntry
from minyi.audit.services import write as audit_write
from minyi.matters.models import Matter
from minyi.organisations.models import Congress
from minyi.regions.models import prefix_of, within

from . import contents, outline, pdf, word
from .models import AnnualReport
from .progress import Progress

log = logging.getLogger(__name__)
State = AnnualReport.State
STALE_QUEUED = timezone.timedelta(minutes=2)
STALE_RUNNING = timezone.timedelta(minutes=15)


class Refused(Exception):
    """The report cannot be made as asked; `message` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def worker_running():
    """Whether a queued report will start soon: the worker's heartbeat is fresh (or tasks run inline)."""
    from huey.contrib.djhuey import HUEY

    from minyi.core.health import check_worker

    return HUEY.immediate or check_worker()[0]


def congresses_for(user):
    """The congresses whose annual report `user` may make and read: their own (staff and leaders), every congress (administrators)."""
    actor = access.actor_for(user)
    congresses = Congress.objects.filter(is_active=True).select_related("region")
    if actor.is_system_admin:
        return congresses.filter(kind=Congress.Kind.CONGRESS)
    return congresses.filter(pk__in=actor.congress_ids)


def first_year(congress, today=None):
    """The first year with a matter anywhere in the congress's region (this year when there is none)."""
    region = congress.region
    first = (Matter.objects.filter(within("region_code", prefix_of(region.code, region.level)))
             .order_by("created_at").values_list("created_at", flat=True).first())
    this_year = (today or timezone.localdate()).year
    return min(timezone.localtime(first).year, this_year) if first else this_year


def choose(user, congress_id, year_value, today=None):
    """(congress, year) asked for, or Refused with the reason."""
    try:
        congress = congresses_for(user).filter(pk=int(congress_id)).first()
    except (TypeError, ValueError):
        congress = None
    if congress is None:
        raise Refused(_("Choose one of your congresses."))
    today = today or timezone.localdate()
    first = first_year(congress, today)
    try:
        year = int(str(year_value).strip())
    except (TypeError, ValueError):
        raise Refused(_("“%(value)s” is not a year: give a year from %(first)d to %(last)d.")
                      % {"value": year_value or "", "first": first, "last": today.year}) from None
    if not first <= year <= today.year:
        raise Refused(_("There can be no annual report of %(congress)s for %(year)d: its figures begin in %(first)d, so choose a year "
                        "from %(first)d to %(last)d.") % {"congress": congress.name, "year": year, "first": first, "last": today.year})
    return congress, year


def request(user, congress, year):
    """Queue the report of `congress` for `year`. A generation of the same report still under way is
    returned instead of starting a second one (a double click, two colleagues at once)."""
    running = AnnualReport.objects.filter(congress=congress, year=year, state__in=[State.QUEUED, State.RUNNING]).first()
    if running is not None:
        return running
    report = AnnualReport.objects.create(congress=congress, year=year, requested_by=user,
                                         language=translation.get_language() or settings.LANGUAGE_CODE)
    audit_write(AuditEntry.Action.ACTION, obj=report, user=user, note=f"annual report requested: congress={congress.pk} year={year}")
    _enqueue(report)
    return AnnualReport.objects.get(pk=report.pk)


def _enqueue(report):
    from . import tasks

    try:
        tasks.generate_annual_report(report.pk)
    except Exception:  # the queue (Redis) is down: the report waits, look_after_reports queues it again
        log.warning("could not queue annual report %s", report.pk, exc_info=True)


def make_files(congress, year, step=lambda phase: None, today=None):
    """(Word bytes, PDF bytes) of the report, counted now."""
    gathered = contents.gather(congress, year, step, today=today)
    built = outline.build(gathered, step)
    step("word")
    docx = word.render(built)
    step("pdf")
    return docx, pdf.render(built)


def file_name(report, extension):
    return f"{outline.title_of(report.congress, report.year)}.{extension}".replace(":", "").replace("：", "").replace(" ", "")


def run(report_id):
    """The worker's generation of a queued report."""
    if not AnnualReport.objects.filter(pk=report_id, state=State.QUEUED).update(state=State.RUNNING, updated_at=timezone.now()):
        return
    report = AnnualReport.objects.select_related("congress__region", "requested_by").get(pk=report_id)
    with translation.override(report.language or settings.LANGUAGE_CODE), acting(report.requested_by, source="annual_report"):
        progress = Progress(report)
        try:
            docx, pdf_bytes = make_files(report.congress, report.year, progress.step)
            progress.step("saving")
            report.word_file.save("report.docx", ContentFile(docx), save=False)
            report.pdf_file.save("report.pdf", ContentFile(pdf_bytes), save=False)
            finished = timezone.now()
            if not AnnualReport.objects.filter(pk=report_id, state=State.RUNNING).update(
                    state=State.DONE, word_file=report.word_file.name, pdf_file=report.pdf_file.name, finished_at=finished,
                    updated_at=finished, done_steps=progress.started, error=""):
                _drop_files(report)  # failed by look_after_reports meanwhile: its files are not offered
                return
        except Exception:
            log.exception("annual report %s failed at %s", report_id, progress.phase or "start")
            _drop_files(report)
            message = _("The annual report could not be made (%(step)s went wrong). No file was kept; please try again, and tell your "
                        "system administrator if it fails again.") % {"step": _phase_label(progress.phase)}
            AnnualReport.objects.filter(pk=report_id, state=State.RUNNING).update(
                state=State.FAILED, error=message, finished_at=timezone.now(), updated_at=timezone.now(), word_file="", pdf_file="")
            audit_write(AuditEntry.Action.ACTION, obj=report, note=f"annual report failed at {progress.phase or 'start'}")
            return
        audit_write(AuditEntry.Action.ACTION, obj=report,
                    note=f"annual report made in {(finished - report.created_at).total_seconds():.1f} s")


def _phase_label(phase):
    from .progress import PHASES

    return str(PHASES.get(phase) or PHASES[""]).rstrip("…")


def _drop_files(report):
    for stored in (report.word_file, report.pdf_file):
        if stored:
            try:
                stored.delete(save=False)
            except OSError:
                log.warning("could not remove %s of annual report %s", stored.name, report.pk, exc_info=True)


def record_download(user, report, extension):
    audit_write(AuditEntry.Action.EXPORT, obj=report, user=user, note=f"annual report downloaded as {extension}")


def look_after_reports():
    """Run every minute by the worker: queue again what waited while the queue was unreachable, and
    fail what a crashed worker left half written."""
    now = timezone.now()
    for report in AnnualReport.objects.filter(state=State.QUEUED, updated_at__lt=now - STALE_QUEUED):
        AnnualReport.objects.filter(pk=report.pk, state=State.QUEUED).update(updated_at=now)
        _enqueue(report)
    for report in AnnualReport.objects.filter(state=State.RUNNING, updated_at__lt=now - STALE_RUNNING).select_related("congress"):
        with translation.override(report.language or settings.LANGUAGE_CODE):
            message = _("The annual report was interrupted. No file was kept; please make it again.")
        if AnnualReport.objects.filter(pk=report.pk, state=State.RUNNING).update(state=State.FAILED, error=message, finished_at=now,
                                                                                  updated_at=now):
            _drop_files(report)


