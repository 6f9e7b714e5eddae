"""The congress staff's desk for the project year: the years, one year with the step its stage
allows (close the collection, list and publish the candidates, prepare the vote, apply its result,
prepare and apply the year-end evaluation), the ideas and their review, the candidates, and one
project with its inspections and rectification. Leaders see the same pages without the buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.matters.labels import label as action_label
from minyi.matters.policies import registry
from minyi.organisations.models import Congress
from minyi.representatives import personal_data

from .. import services
from ..forms_desk import CandidateForm, InspectionForm, MergeForm, ReviewForm, SessionForm, YearForm
from ..models import Inspection, ProgressReport, Project, ProjectYear, Proposal
from ..policy import KIND
from ..services import ProjectRefused

STAGES = list(ProjectYear.Stage)


def _desk(request):
    return access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, request=request)


def _years(actor):
    years = ProjectYear.objects.select_related("congress__region")
    return years if actor.is_system_admin else years.filter(actor.region_q("congress__region"))


def _year(request, pk):
    actor = _desk(request)
    year = _years(actor).filter(pk=pk).first()
    if year is None:
        raise Http404
    return actor, year


def _may_write(actor, year):
    return services.is_staff_of(actor, year.congress)


def _congresses(actor):
    """The staff's own congresses, and the residents' councils within them (a council runs its
    projects with the help of the congress office above it)."""
    congresses = Congress.objects.filter(is_active=True).select_related("region").order_by("region_id")
    if actor.is_system_admin:
        return list(congresses)
    return list(congresses.filter(Q(pk__in=actor.congress_ids) | (actor.region_q("region") & Q(kind=Congress.Kind.COUNCIL))))


@login_required
def desk_years(request):
    actor = _desk(request)
    years = _years(actor).annotate(
        ideas=Count("proposals", distinct=True),
        candidates=Count("projects", filter=~Q(projects__state=Project.State.WITHDRAWN), distinct=True),
        chosen_count=Count("projects", filter=Q(projects__state=Project.State.CHOSEN), distinct=True),
    ).order_by("-year", "congress__region_id")
    return render(request, "projects/desk/years.html", {"years": years, "may_create": Role.CONGRESS_STAFF in actor.roles or actor.is_system_admin})


@login_required
def desk_year_new(request):
    actor = _desk(request)
    if not (Role.CONGRESS_STAFF in actor.roles or actor.is_system_admin):
        raise PermissionDenied
    congresses = _congresses(actor)
    today = timezone.localdate()
    form = YearForm(request.POST or None, congresses=congresses, initial={
        "year": today.year + 1, "collection_from": today, "collection_until": today.replace(month=12, day=31)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            year = services.create_year(request.user, **data)
        except ProjectRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The project year was set up. Citizens can propose from %(date)s.") % {"date": year.collection_from.isoformat()})
            return redirect("projects:desk_year", pk=year.pk)
    return render(request, "projects/desk/year_form.html", {"form": form, "year": None}, status=400 if request.method == "POST" else 200)


@login_required
def desk_year_edit(request, pk):
    actor, year = _year(request, pk)
    if not _may_write(actor, year):
        raise PermissionDenied
    form = YearForm(request.POST or None, instance=year, congresses=[year.congress])
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "congress"}
        try:
            services.change_year(request.user, ProjectYear.objects.get(pk=year.pk), **data)
        except ProjectRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Saved."))
            return redirect("projects:desk_year", pk=year.pk)
    return render(request, "projects/desk/year_form.html", {"form": form, "year": year}, status=400 if request.method == "POST" else 200)


YEAR_ACTIONS = {
    "close_collection": (services.close_collection, _("The collection is closed. Review the ideas and list the candidates.")),
    "publish_candidates": (services.publish_candidates, _("The candidate list is published.")),
    "apply_selection": (services.apply_selection, _("The chosen projects were handed to their units.")),
    "apply_evaluation": (services.apply_evaluation, _("The year-end evaluation was applied.")),
}


@login_required
def desk_year(request, pk):
    actor, year = _year(request, pk)
    may_write = _may_write(actor, year)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action in YEAR_ACTIONS:
                service, done = YEAR_ACTIONS[action]
                service(request.user, year)
                messages.success(request, done)
            elif action in ("prepare_selection", "prepare_evaluation"):
                form = SessionForm(request.POST, year=year)
                session = form.cleaned_data.get("session") if form.is_valid() else None
                prepare = services.prepare_selection_vote if action == "prepare_selection" else services.prepare_evaluation_vote
                vote = prepare(request.user, year, session=session)
                messages.success(request, _("The vote is prepared. Check it and open it at the meeting."))
                return redirect("voting:desk_detail", pk=vote.pk)
            elif action == "withdraw":
                project = year.projects.filter(pk=request.POST.get("project")).first()
                if project is None:
                    raise Http404
                services.withdraw_candidate(request.user, project)
                messages.success(request, _("%(name)s was taken off the candidate list.") % {"name": project.name})
            else:
                messages.error(request, _("Unknown action."))
        except ProjectRefused as refusal:
            messages.error(request, str(refusal))
        return redirect("projects:desk_year", pk=year.pk)
    return render(request, "projects/desk/year.html", _year_context(year, may_write))


def _year_context(year, may_write):
    year = ProjectYear.objects.select_related("congress__region", "selection_vote", "evaluation_vote").get(pk=year.pk)
    ideas = year.proposals.values("state").annotate(n=Count("pk"))
    idea_counts = {row["state"]: row["n"] for row in ideas}
    candidates = list(services.candidates(year).prefetch_related("proposals"))
    chosen = [p for p in candidates if p.state == Project.State.CHOSEN]
    today = timezone.localdate()
    month = today.replace(day=1)
    reported = set(ProgressReport.objects.filter(project__in=chosen, kind=ProgressReport.Kind.MONTHLY, month=month).values_list("project_id", flat=True))
    overdue = {}
    for milestone in services.overdue_milestones(today).filter(project__year=year):
        overdue.setdefault(milestone.project_id, []).append(milestone)
    quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    inspected = set(Inspection.objects.filter(project__in=chosen, date__gte=quarter_start).values_list("project_id", flat=True))
    open_findings = dict(year.projects.filter(inspections__findings__answered_at__isnull=True, inspections__findings__isnull=False)
                         .values_list("pk").annotate(n=Count("inspections__findings")))
    states = registry.get(KIND).states
    rows = [{
        "project": p, "status": states[p.matter.status].label if p.matter_id else "", "reported": p.pk in reported,
        "overdue": overdue.get(p.pk, []), "open_findings": open_findings.get(p.pk, 0),
        "inspected_this_quarter": p.pk in inspected,
    } for p in chosen]
    return {
        "year": year, "may_write": may_write, "stages": STAGES, "stage_index": STAGES.index(year.stage),
        "idea_counts": idea_counts, "idea_total": sum(idea_counts.values()), "candidates": candidates, "rows": rows,
        "session_form": SessionForm(year=year), "selection_rounds": _rounds(year.selection_vote), "evaluation_vote": year.evaluation_vote,
        "checklist": services.CHECKLIST,
    }


def _rounds(vote):
    from minyi.voting import services as voting

    return voting.rounds(vote) if vote else []


@login_required
def desk_ideas(request, pk):
    actor, year = _year(request, pk)
    ideas = year.proposals.select_related("region", "representative", "unit", "merged_into", "project")
    state = request.GET.get("state", "")
    if state in Proposal.State.values:
        ideas = ideas.filter(state=state)
    query = (request.GET.get("q") or "").strip()[:50]
    if query:
        ideas = ideas.filter(Q(title__icontains=query) | Q(text__icontains=query) | Q(code__iexact=query))
    page = Paginator(ideas.order_by("-submitted_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(request, "projects/desk/ideas.html", {
        "year": year, "page": page, "state": state, "q": query, "states": Proposal.State.choices,
        "counts": dict(year.proposals.values_list("state").annotate(n=Count("pk"))),
    })


@login_required
def desk_idea(request, pk):
    actor = _desk(request)
    idea = Proposal.objects.select_related("year__congress__region", "region", "representative", "unit", "station", "merged_into", "project").filter(pk=pk).first()
    if idea is None or not _years(actor).filter(pk=idea.year_id).exists():
        raise Http404
    may_write = _may_write(actor, idea.year)
    review_form = ReviewForm(initial={"eligible": "yes" if idea.state == Proposal.State.ELIGIBLE else "no" if idea.state == Proposal.State.REJECTED else None,
                                      "note": idea.review_note, **{f"check_{k}": v for k, v in idea.checklist.items()}})
    merge_form = MergeForm(proposal=idea)
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "merge":
                merge_form = MergeForm(request.POST, proposal=idea)
                if merge_form.is_valid():
                    services.merge(request.user, idea, into=merge_form.cleaned_data["into"])
                    messages.success(request, _("The idea was merged."))
                    return redirect("projects:desk_ideas", pk=idea.year_id)
            else:
                review_form = ReviewForm(request.POST)
                if review_form.is_valid():
                    services.review(request.user, idea, checklist=review_form.checklist(), eligible=review_form.cleaned_data["eligible"],
                                    note=review_form.cleaned_data["note"])
                    messages.success(request, _("The review was recorded."))
                    return redirect("projects:desk_ideas", pk=idea.year_id)
        except ProjectRefused as refusal:
            (merge_form if request.POST.get("action") == "merge" else review_form).add_error(None, str(refusal))
        status = 400
    phone = idea.phone if idea.phone_ciphertext else ""
    return render(request, "projects/desk/idea.html", {
        "idea": idea, "year": idea.year, "may_write": may_write, "review_form": review_form, "merge_form": merge_form,
        "phone": personal_data.mask_phone(phone) if phone else "", "merged": idea.merged.all(), "outcome": services.outcome(idea)[0],
        "checklist": services.CHECKLIST,
    }, status=status)


@login_required
def desk_candidate(request, pk, project_pk=None):
    actor, year = _year(request, pk)
    if not _may_write(actor, year):
        raise PermissionDenied
    project = year.projects.filter(pk=project_pk).first() if project_pk else None
    if project_pk and project is None:
        raise Http404
    form = CandidateForm(request.POST or None, instance=project, year=year)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("name", "content", "investment", "unit", "completion_date")}
        try:
            if project is None:
                services.add_candidate(request.user, year, proposals=list(form.cleaned_data["proposals"]), **data)
            else:
                services.change_candidate(request.user, project, proposals=list(form.cleaned_data["proposals"]), **data)
        except ProjectRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The candidate list was updated."))
            return redirect("projects:desk_year", pk=year.pk)
    return render(request, "projects/desk/candidate_form.html", {"form": form, "year": year, "project": project},
                  status=400 if request.method == "POST" else 200)


@login_required
def desk_project(request, pk):
    actor = _desk(request)
    project = Project.objects.select_related("year__congress__region", "unit", "matter").filter(pk=pk).first()
    if project is None or not _years(actor).filter(pk=project.year_id).exists():
        raise Http404
    may_write = _may_write(actor, project.year)
    form = InspectionForm(project=project)
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "accept_rectification":
                services.accept_rectification(request.user, project, note=request.POST.get("note", "")[:500])
                messages.success(request, _("The rectification was accepted and the project closed."))
                return redirect("projects:desk_project", pk=project.pk)
            form = InspectionForm(request.POST, project=project)
            if form.is_valid():
                data = form.cleaned_data
                services.record_inspection(request.user, project, date=data["date"], group=data["group"], members=data["members"],
                                           summary=data["summary"], findings=form.finding_lines(), answer_due=data["answer_due"])
                messages.success(request, _("The inspection was recorded; the unit is asked to answer its findings."))
                return redirect("projects:desk_project", pk=project.pk)
        except ProjectRefused as refusal:
            if request.POST.get("action") == "accept_rectification":
                messages.error(request, str(refusal))
                return redirect("projects:desk_project", pk=project.pk)
            form.add_error(None, str(refusal))
        status = 400
    timeline = project.matter.timeline.select_related("actor").order_by("at", "pk") if project.matter_id else []
    return render(request, "projects/desk/project.html", {
        "project": project, "year": project.year, "may_write": may_write, "form": form,
        "milestones": project.milestones.all(), "reports": project.reports.select_related("event").prefetch_related("event__attachments"),
        "inspections": project.inspections.prefetch_related("findings"), "today": timezone.localdate(),
        "status": registry.get(KIND).states[project.matter.status].label if project.matter_id else project.get_state_display(),
        "timeline": [{"event": e, "label": action_label(e.action)} for e in timeline], "lead": services.lead_assignment(project) if project.matter_id else None,
    }, status=status)
