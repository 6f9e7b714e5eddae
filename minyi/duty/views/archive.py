"""The archive pages (一人一档): the representative's own on the phone, the same for the congress's
staff on the desk, its PDF, and activities the representative adds with evidence, which staff
confirm. Everything shown is counted by minyi.duty.archive."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.core import navigation
from minyi.core.documents import pdf_response, render_pdf
from minyi.representatives.models import Representative

from .. import archive, self_reports
from ..models import Activity, SelfReport
from ..services import DutyRefused
from .desk import DESK_ROLES


def register():
    section = gettext_lazy("Representatives' duty")
    navigation.register("desk", gettext_lazy("Activities to confirm"), "duty:desk_self_reports", roles=DESK_ROLES, icon="file-check",
                        order=292, section=section)


def _archive_context(representative, request, *, public_only=False):
    period = archive.choose_period(representative, request.GET)
    built = archive.build(representative, period.start, period.end, public_only=public_only)
    return {
        "person": representative, "period": period, "archive": built, "sections": built.sections(),
        "years": archive.years_of(representative), "terms": [t for t, _s, _e in archive.terms_of(representative)],
        "self_reports": SelfReport.objects.filter(representative=representative, happened_on__gte=period.start,
                                                  happened_on__lte=period.end).exclude(state=SelfReport.State.CONFIRMED),
    }


def _own_representative(request):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    representative = Representative.objects.filter(pk__in=actor.representative_ids).order_by("pk").first()
    if representative is None:
        raise Http404
    return representative


@login_required
def rep_archive(request):
    representative = _own_representative(request)
    context = _archive_context(representative, request)
    context["pdf_url"] = f"{reverse('duty:rep_archive_pdf')}?{context['period'].query}"
    return render(request, "duty/mobile/archive.html", context)


@login_required
def rep_archive_pdf(request):
    representative = _own_representative(request)
    return _pdf(request, representative)


def _staff_representative(request, pk):
    access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, request=request)
    return access.get_object(request.user, Representative.objects.all(), pk=pk)


@login_required
def desk_archive(request, pk):
    representative = _staff_representative(request, pk)
    context = _archive_context(representative, request)
    context["pdf_url"] = f"{reverse('duty:desk_archive_pdf', args=[pk])}?{context['period'].query}"
    return render(request, "duty/desk/archive.html", context)


@login_required
def desk_archive_pdf(request, pk):
    return _pdf(request, _staff_representative(request, pk))


def _pdf(request, representative):
    context = _archive_context(representative, request)
    context["printed_on"] = timezone.localdate()
    pdf = render_pdf("duty/documents/archive.html", context, request=request)
    filename = _("Duty archive of %(name)s, %(period)s.pdf") % {"name": representative.name, "period": context["period"].label}
    return pdf_response(pdf, filename)


class SelfReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Activity.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    happened_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    description = forms.CharField(label=gettext_lazy("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    evidence = forms.FileField(label=gettext_lazy("Evidence"), help_text=gettext_lazy("A photo, a notice or minutes of the activity (photo, PDF or Word)."))


@login_required
def rep_self_report_new(request):
    _own_representative(request)
    form = SelfReportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                self_reports.add_self_report(request.user, **form.cleaned_data)
            except (DutyRefused, ValidationError) as error:
                for message in getattr(error, "messages", [str(error)]):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The activity is sent to the congress's staff to confirm."))
                return redirect("duty:rep_archive")
        status = 400
    return render(request, "duty/mobile/self_report.html", {"form": form}, status=status)


class DecisionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note to the representative"), max_length=300, required=False)


def _self_reports(actor):
    return SelfReport.objects.select_related("representative", "congress__region").filter(actor.region_q("congress__region"))


@login_required
def desk_self_reports(request):
    actor = access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, request=request)
    reports = _self_reports(actor)
    pending = list(reports.filter(state=SelfReport.State.PENDING).order_by("submitted_at"))
    decided = list(reports.exclude(state=SelfReport.State.PENDING).order_by("-decided_at")[:30])
    errors = {}
    may_decide = actor.is_system_admin or Role.CONGRESS_STAFF in actor.roles
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        report = reports.filter(pk=request.POST.get("report", "")).first() if request.POST.get("report", "").isdigit() else None
        if report is None:
            raise Http404
        form = DecisionForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            self_reports.decide_self_report(request.user, report, accept=request.POST.get("decision") == "confirm", note=note)
        except DutyRefused as error:
            errors[report.pk] = str(error)
        else:
            messages.success(request, _("Decided: %(title)s") % {"title": report.title})
            return redirect("duty:desk_self_reports")
    for report in pending:
        report.error = errors.get(report.pk, "")
    return render(request, "duty/desk/self_reports.html", {
        "pending": pending, "decided": decided, "errors": errors, "may_decide": may_decide, "posted": request.POST,
    }, status=400 if errors else 200)
