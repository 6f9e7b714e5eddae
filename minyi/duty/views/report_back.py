"""Reports back (述职) on the desk and on the phone, their photos, and the public page of one report.

The representative prepares and changes their own reports on the phone; the congress's staff prepare
them on the desk too, link the report-back meeting and prepare the satisfaction vote, which then runs
on the voting engine's pages. Another representative or another congress's staff find nothing (404);
leaders read without the buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.core import navigation
from minyi.representatives.models import Representative

from .. import report_back
from ..forms_report_back import (
    EditReportForm,
    LinkMeetingForm,
    MeetingForm,
    RepresentativeReportForm,
    StaffReportForm,
    VoteSetupForm,
)
from ..models import ReportBack, ReportBackPhoto
from ..services import DutyRefused, is_staff_of
from .desk import DESK_ROLES, _congresses, _desk, _may_create

PAGE_LIMIT = 300


def register():
    section = gettext_lazy("Representatives' duty")
    navigation.register("desk", gettext_lazy("Reports back"), "duty:desk_reports_back", roles=DESK_ROLES, icon="presentation", order=294,
                        section=section)


def _reports():
    return ReportBack.objects.select_related("representative", "congress__region", "activity", "vote")


def _facts(report, *, public=False):
    """What every page of a report shows: its summary table, photos, meeting, vote and result."""
    rate = report_back.satisfaction(report)
    return {
        "report": report, "photos": list(report.photos.all()), "summary_rows": report_back.summary_rows(report.summary, public=public),
        "rate": report_back.rate_text(rate), "given": report_back.is_given(report), "locked": report_back.is_locked(report),
    }


# --- The desk ---------------------------------------------------------------------------------------


def _desk_report(request, pk):
    actor = _desk(request)
    report = _reports().filter(actor.region_q("congress__region")).filter(pk=pk).first()
    if report is None:
        raise Http404
    return actor, report


@login_required
def desk_reports_back(request):
    actor = _desk(request)
    reports = _reports().filter(actor.region_q("congress__region"))
    year = (request.GET.get("year") or "").strip()
    if year.isdigit() and len(year) == 4:
        reports = reports.filter(year=int(year))
    query = (request.GET.get("q") or "").strip()[:50]
    if query:
        reports = reports.filter(Q(representative__name__icontains=query) | Q(title__icontains=query))
    rows = [{"report": report, "rate": report_back.rate_text(report_back.satisfaction(report)), "given": report_back.is_given(report)}
            for report in reports.order_by("-year", "-created_at", "-pk")[:PAGE_LIMIT]]
    years = ReportBack.objects.filter(actor.region_q("congress__region")).values_list("year", flat=True).distinct().order_by("-year")
    return render(request, "duty/desk/report_back_list.html", {
        "rows": rows, "year": year, "q": query, "years": list(years), "may_create": _may_create(actor)})


@login_required
def desk_report_back_new(request):
    actor = _desk(request)
    if not _may_create(actor):
        raise PermissionDenied
    form = StaffReportForm(request.POST or None, request.FILES or None, congresses=_congresses(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = report_back.create_report(request.user, representative=data["representative"], year=data["year"], title=data["title"],
                                               text=data["text"], photos=data["photos"], congress=data["congress"])
        except DutyRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The report back was prepared with the summary of the archive."))
            return redirect("duty:desk_report_back", pk=report.pk)
    return render(request, "duty/desk/report_back_new.html", {"form": form}, status=400 if request.method == "POST" else 200)


DESK_ACTIONS = ("link_meeting", "new_meeting", "prepare_vote")


@login_required
def desk_report_back(request, pk):
    actor, report = _desk_report(request, pk)
    may_write = is_staff_of(actor, report.congress)
    forms = {"link_form": LinkMeetingForm(report=report), "meeting_form": MeetingForm(report=report), "vote_form": VoteSetupForm(report=report)}
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action not in DESK_ACTIONS:
            messages.error(request, _("Unknown action."))
            return redirect("duty:desk_report_back", pk=report.pk)
        form_name, form = {
            "link_meeting": ("link_form", LinkMeetingForm(request.POST, report=report)),
            "new_meeting": ("meeting_form", MeetingForm(request.POST, report=report)),
            "prepare_vote": ("vote_form", VoteSetupForm(request.POST, report=report)),
        }[action]
        forms[form_name] = form
        if form.is_valid():
            try:
                done = _desk_action(request, action, report, form.cleaned_data)
            except DutyRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, done)
                if action == "prepare_vote":
                    return redirect("voting:desk_detail", pk=ReportBack.objects.get(pk=report.pk).vote_id)
                return redirect("duty:desk_report_back", pk=report.pk)
        return _desk_page(request, actor, report, forms, may_write, open_form=action, status=400)
    return _desk_page(request, actor, report, forms, may_write)


def _desk_page(request, actor, report, forms, may_write, *, open_form="", status=200):
    return render(request, "duty/desk/report_back_detail.html", {
        **_facts(report), **forms, "may_write": may_write, "may_edit": report_back.may_edit(actor, report), "open_form": open_form,
        "has_free_meetings": forms["link_form"].fields["activity"].queryset.exists(),
    }, status=status)


def _desk_action(request, action, report, data):
    if action == "link_meeting":
        report_back.link_meeting(request.user, report, data["activity"])
        return _("The meeting was linked to the report.")
    if action == "new_meeting":
        report_back.create_meeting(request.user, report, starts_at=data["starts_at"], ends_at=data["ends_at"], place=data["place"],
                                   organiser=data["organiser"], station=data["station"])
        return _("The report-back meeting was created; the representative is invited and checks in with its code.")
    report_back.prepare_vote(request.user, report, electorate=data["electorate"], voter_names=data["voter_names"], group=data["group"],
                             tellers=list(data["tellers"]))
    return _("The satisfaction vote was prepared. Check it, then open it at the meeting.")


@login_required
def desk_report_back_edit(request, pk):
    actor, report = _desk_report(request, pk)
    if not is_staff_of(actor, report.congress):
        raise PermissionDenied
    return _edit(request, actor, report, "duty/desk/report_back_edit.html", "duty:desk_report_back")


def _edit(request, actor, report, template, detail_url):
    if report_back.is_locked(report):
        messages.error(request, _("The satisfaction vote on this report has opened: the report can no longer change."))
        return redirect(detail_url, pk=report.pk)
    form = EditReportForm(request.POST or None, request.FILES or None, report=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_back.change_report(request.user, report, title=data["title"], text=data["text"], photos=data["photos"],
                                      remove=list(data["remove_photos"]))
        except DutyRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The report back was saved."))
            return redirect(detail_url, pk=report.pk)
    return render(request, template, {"form": form, "report": report, "photos": list(report.photos.all())},
                  status=400 if request.method == "POST" else 200)


# --- The representative's phone -----------------------------------------------------------------------


def _member(request):
    return access.require_role(request.user, Role.REPRESENTATIVE, request=request)


def _own_report(request, pk):
    actor = _member(request)
    report = _reports().filter(representative_id__in=actor.representative_ids, pk=pk).first()
    if report is None:
        raise Http404
    return actor, report


@login_required
def rep_reports_back(request):
    actor = _member(request)
    reports = _reports().filter(representative_id__in=actor.representative_ids).order_by("-year", "-created_at", "-pk")
    rows = [{"report": report, "rate": report_back.rate_text(report_back.satisfaction(report)), "given": report_back.is_given(report)}
            for report in reports]
    return render(request, "duty/mobile/report_back_list.html", {"rows": rows})


@login_required
def rep_report_back_new(request):
    actor = _member(request)
    representative = Representative.objects.filter(pk__in=actor.representative_ids).order_by("pk").first()
    if representative is None:
        raise Http404
    form = RepresentativeReportForm(request.POST or None, request.FILES or None, representative=representative)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = report_back.create_report(request.user, representative=representative, year=data["year"], title=data["title"],
                                               text=data["text"], photos=data["photos"], congress=data.get("congress"))
        except DutyRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Your report back was saved with the summary of your archive. The congress's staff arrange the meeting."))
            return redirect("duty:rep_report_back", pk=report.pk)
    return render(request, "duty/mobile/report_back_form.html", {"form": form, "report": None},
                  status=400 if request.method == "POST" else 200)


@login_required
def rep_report_back(request, pk):
    actor, report = _own_report(request, pk)
    return render(request, "duty/mobile/report_back_detail.html", {**_facts(report), "may_edit": report_back.may_edit(actor, report)})


@login_required
def rep_report_back_edit(request, pk):
    actor, report = _own_report(request, pk)
    return _edit(request, actor, report, "duty/mobile/report_back_form.html", "duty:rep_report_back")


# --- Photos and the public page ---------------------------------------------------------------------


@require_GET
def report_back_photo(request, pk, variant="image"):
    """A photo of a report: for everyone once the report has been given, before that only for the
    representative and the congress's staff."""
    photo = ReportBackPhoto.objects.select_related("report__congress__region", "report__activity", "report__vote").filter(pk=pk).first()
    if photo is None:
        raise Http404
    report = photo.report
    if not report_back.is_given(report) and not report_back.may_see(access.actor_for(request.user), report):
        raise Http404
    stored = photo.thumbnail if variant == "thumbnail" and photo.thumbnail else photo.image
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def public_report_back(request, pk):
    """A report back as the voters read it, once given: text, photos, summary (without absences), rate."""
    report = _reports().filter(report_back.given_q(), pk=pk).first()
    if report is None:
        raise Http404
    return render(request, "duty/public/report_back.html", {**_facts(report, public=True), "page_title": report.title})
