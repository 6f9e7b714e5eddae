"""Every step of a project year, one function each, each one transaction.

collect ideas → review them (checklist, merge duplicates) → the candidate list → the vote (the voting
engine) → the chosen projects become matters on the closed-loop engine (plan, milestones, monthly
progress, inspections with findings, completion) → the year-end satisfaction vote → rectification
below the congress's rate.

Refusals are ProjectRefused with a message for the person who tried."""

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.accounts import access
from minyi.matters import attachments
from minyi.matters import services as engine
from minyi.matters.models import Assignment
from minyi.matters.policies import registry
from minyi.regions.models import prefix_of
from minyi.voting import services as voting
from minyi.voting.models import Body, Kind, Vote

from .models import Finding, Inspection, Milestone, ProgressReport, Project, ProjectYear, Proposal
from .policy import KIND

TITLE_LIMIT = 100
TEXT_MINIMUM = 10
TEXT_LIMIT = 3000

# The eligibility checklist (DOMAIN.md "Voting"): every item must hold for an idea to be eligible.
CHECKLIST = (
    ("fiscal", gettext_lazy("Mainly funded by the government budget")),
    ("public_welfare", gettext_lazy("Public welfare: benefits many citizens")),
    ("within_year", gettext_lazy("Can be finished within the year, or has a clear milestone for it")),
    ("not_major_investment", gettext_lazy("Not a major government investment project")),
    ("not_routine", gettext_lazy("Not routine government work")),
    ("not_from_above", gettext_lazy("Not a task assigned from above")),
    ("no_new_burden", gettext_lazy("Puts no new burden on citizens or firms")),
    ("no_debt_risk", gettext_lazy("Creates no government debt risk")),
)
CHECKLIST_KEYS = tuple(key for key, _label in CHECKLIST)


class ProjectRefused(Exception):
    """A step the year's stage or the rules do not allow; the message says what to do instead."""


def _actor(user):
    return user if isinstance(user, access.Actor) else access.actor_for(user)


def _user(actor):
    user = getattr(actor, "user", actor)
    return user if getattr(user, "is_authenticated", False) else None


def is_staff_of(actor, congress):
    return _actor(actor).may_edit_region(congress.region_id)


def _require_staff(actor, year):
    if not is_staff_of(actor, year.congress):
        raise ProjectRefused(_("Only the congress's staff may do this."))


def _require_stage(year, *stages, message):
    if year.stage not in stages:
        raise ProjectRefused(message)


def _locked_year(year):
    return ProjectYear.objects.select_for_update(of=("self",)).select_related("congress__region").get(pk=year.pk)


# --- The year -----------------------------------------------------------------------------------------


def _check_year(year):
    if year.collection_until < year.collection_from:
        raise ProjectRefused(_("Collecting cannot end before it starts."))


@transaction.atomic
def create_year(user, *, congress, **fields):
    year = ProjectYear(congress=congress, **fields)
    _require_staff(user, year)
    _check_year(year)
    if ProjectYear.objects.filter(congress=congress, year=year.year).exists():
        raise ProjectRefused(_("%(congress)s already has a project year %(year)s.") % {"congress": congress.name, "year": year.year})
    year.save()
    return year


@transaction.atomic
def change_year(user, year, **fields):
    year = _locked_year(year)
    _require_staff(user, year)
    locked = {"places", "selection", "council_members"} if year.stage not in (ProjectYear.Stage.COLLECTING, ProjectYear.Stage.REVIEWING, ProjectYear.Stage.CANDIDATES) else set()
    for name, value in fields.items():
        if name in locked and getattr(year, name) != value:
            raise ProjectRefused(_("The vote has started: the number of projects and the way they are chosen can no longer change."))
        setattr(year, name, value)
    _check_year(year)
    year.save()
    return year


def collecting_years(today=None):
    today = today or timezone.localdate()
    return ProjectYear.objects.filter(stage=ProjectYear.Stage.COLLECTING, collection_from__lte=today, collection_until__gte=today,
                                      congress__is_active=True).select_related("congress__region").order_by("congress__region_id")


# --- Collecting ideas ---------------------------------------------------------------------------------


def propose(*, year, source, title, text, actor=None, region=None, proposer_name="", phone="", representative=None, station=None,
            unit=None, idempotency_key=None):
    """An idea for next year's projects. A repeated idempotency key returns the first idea
    (a browser that sends twice), with created False."""
    if idempotency_key:
        existing = Proposal.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
    today = timezone.localdate()
    if year.stage != ProjectYear.Stage.COLLECTING or not year.collection_from <= today <= year.collection_until:
        raise ValidationError(_("%(title)s is not collecting ideas now.") % {"title": year.title})
    title, text = (title or "").strip(), (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the idea a short title.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("The title has at most %(limit)s characters.") % {"limit": TITLE_LIMIT}
    if len(text) < TEXT_MINIMUM:
        errors["text"] = _("Say in a few sentences what should be done and why (at least 10 characters).")
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("At most %(limit)s characters.") % {"limit": TEXT_LIMIT}
    if region is not None and not region.code.startswith(prefix_of(year.congress.region_id, year.congress.region.level)):
        errors["region"] = _("The place is outside %(congress)s: choose a place it serves.") % {"congress": year.congress.name}
    if source == Proposal.Source.CITIZEN and not phone:
        errors["phone"] = _("Leave a mobile number: with it and the code you get you can follow your idea.")
    if source == Proposal.Source.REPRESENTATIVE and representative is None:
        errors["representative"] = _("Choose the representative who proposes it.")
    if source == Proposal.Source.DEPARTMENT and unit is None:
        errors["unit"] = _("Choose the department that proposes it.")
    proposal = Proposal(year=year, source=source, title=title, text=text, region=region, proposer_name=(proposer_name or "").strip()[:50],
                        representative=representative, station=station, unit=unit, submitted_by=_user(actor) if actor else None,
                        submitted_at=timezone.now(), idempotency_key=idempotency_key or None)
    if phone:
        try:
            proposal.phone = phone
        except ValidationError as error:
            errors["phone"] = error.messages[0]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        existing = Proposal.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None:
            raise
        return existing, False
    return proposal, True


def find_proposal(code, last4):
    """The idea with this code, when the phone's last four digits match (a citizen's own check)."""
    code = (code or "").strip().upper()
    last4 = (last4 or "").strip()
    if not code or len(last4) != 4:
        return None
    return Proposal.objects.filter(code=code, phone_last4=last4).select_related("year__congress", "merged_into", "project").first()


def outcome(proposal):
    """What became of an idea, in words for its proposer: (state key, the project it joined or None)."""
    current = proposal
    seen = set()
    while current.merged_into_id and current.pk not in seen:
        seen.add(current.pk)
        current = current.merged_into
    project = current.project
    if project is not None:
        if project.state == Project.State.CHOSEN:
            return "chosen", project
        if project.state == Project.State.NOT_CHOSEN:
            return "not_chosen", project
        return "candidate", project
    if current.state == Proposal.State.REJECTED:
        return "rejected", None
    if current.state == Proposal.State.ELIGIBLE:
        return "eligible", None
    return "received", None


@transaction.atomic
def close_collection(user, year):
    year = _locked_year(year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.COLLECTING, message=_("The collection is already closed."))
    year.stage = ProjectYear.Stage.REVIEWING
    year.save(update_fields=["stage"])
    return year


def _reviewable(user, proposal):
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("year__congress__region").get(pk=proposal.pk)
    _require_staff(user, proposal.year)
    _require_stage(proposal.year, ProjectYear.Stage.COLLECTING, ProjectYear.Stage.REVIEWING,
                   message=_("The candidate list is published: ideas are no longer reviewed."))
    return proposal


@transaction.atomic
def merge(user, proposal, *, into):
    proposal = _reviewable(user, proposal)
    if into.pk == proposal.pk or into.year_id != proposal.year_id:
        raise ProjectRefused(_("Merge an idea into another idea of the same year."))
    target = Proposal.objects.get(pk=into.pk)
    while target.merged_into_id:
        target = target.merged_into
    if target.pk == proposal.pk:
        raise ProjectRefused(_("These ideas are already merged the other way round."))
    proposal.state = Proposal.State.MERGED
    proposal.merged_into = target
    proposal.reviewed_by, proposal.reviewed_at = _user(_actor(user)), timezone.now()
    proposal.save()
    return proposal


@transaction.atomic
def review(user, proposal, *, checklist, eligible, note=""):
    """Record the checklist. An eligible idea meets every item; a rejected one says why."""
    proposal = _reviewable(user, proposal)
    if proposal.state in (Proposal.State.MERGED, Proposal.State.CANDIDATE):
        raise ProjectRefused(_("This idea is merged or already on the candidate list."))
    answers = {key: bool(checklist.get(key)) for key in CHECKLIST_KEYS}
    note = (note or "").strip()
    if eligible and not all(answers.values()):
        raise ProjectRefused(_("An eligible idea meets every item of the checklist; untick 'eligible' or check the items."))
    if not eligible and not note:
        raise ProjectRefused(_("Say why the idea is not eligible: the proposer will read it."))
    proposal.checklist = answers
    proposal.state = Proposal.State.ELIGIBLE if eligible else Proposal.State.REJECTED
    proposal.review_note = note
    proposal.reviewed_by, proposal.reviewed_at = _user(_actor(user)), timezone.now()
    proposal.save()
    return proposal


# --- The candidate list --------------------------------------------------------------------------------


def _check_candidate(year, *, name, content, investment, unit, completion_date):
    if not (name or "").strip() or not (content or "").strip():
        raise ProjectRefused(_("A candidate project needs a name and its content."))
    if investment is None or Decimal(investment) < 0:
        raise ProjectRefused(_("Give the planned investment in 10,000 yuan."))
    if completion_date.year > year.year + 1 or completion_date.year < year.year:
        raise ProjectRefused(_("The project must be finished within %(year)s (or with a clear milestone in it): choose a date in that year.") % {"year": year.year})
    if not unit.is_active:
        raise ProjectRefused(_("The responsible unit is no longer active."))


@transaction.atomic
def add_candidate(user, year, *, name, content, investment, unit, completion_date, proposals=()):
    year = _locked_year(year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.REVIEWING, message=_("Candidates are listed after the collection closes and before the list is published."))
    _check_candidate(year, name=name, content=content, investment=investment, unit=unit, completion_date=completion_date)
    number = (year.projects.aggregate(n=Max("number"))["n"] or 0) + 1
    project = Project.objects.create(year=year, number=number, name=name.strip(), content=content.strip(), investment=investment,
                                     unit=unit, completion_date=completion_date)
    _attach_proposals(year, project, proposals)
    return project


def _attach_proposals(year, project, proposals):
    current = Proposal.objects.select_for_update().filter(pk__in=[p.pk for p in proposals])
    for proposal in current:
        if proposal.year_id != year.pk or proposal.state not in (Proposal.State.ELIGIBLE, Proposal.State.CANDIDATE):
            raise ProjectRefused(_("Only eligible ideas of this year can be taken into a candidate project."))
    current.update(state=Proposal.State.CANDIDATE, project=project)


@transaction.atomic
def change_candidate(user, project, *, name, content, investment, unit, completion_date, proposals=None):
    year = _locked_year(project.year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.REVIEWING, message=_("The candidate list is published and can no longer change."))
    _check_candidate(year, name=name, content=content, investment=investment, unit=unit, completion_date=completion_date)
    project = Project.objects.get(pk=project.pk)
    project.name, project.content, project.investment, project.unit, project.completion_date = name.strip(), content.strip(), investment, unit, completion_date
    project.save()
    if proposals is not None:
        project.proposals.exclude(pk__in=[p.pk for p in proposals]).update(state=Proposal.State.ELIGIBLE, project=None)
        _attach_proposals(year, project, proposals)
    return project


@transaction.atomic
def withdraw_candidate(user, project):
    year = _locked_year(project.year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.REVIEWING, message=_("The candidate list is published and can no longer change."))
    project.proposals.update(state=Proposal.State.ELIGIBLE, project=None)
    Project.objects.filter(pk=project.pk).update(state=Project.State.WITHDRAWN)


def candidates(year):
    return year.projects.exclude(state=Project.State.WITHDRAWN).select_related("unit", "matter").order_by("number")


@transaction.atomic
def publish_candidates(user, year):
    year = _locked_year(year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.REVIEWING, message=_("Close the collection and list the candidates first."))
    count = candidates(year).count()
    if year.selection == ProjectYear.Selection.DIFFERENTIAL and count <= year.places:
        raise ProjectRefused(_("A differential vote needs more candidates than the %(places)s projects to choose: %(count)s are listed.")
                             % {"places": year.places, "count": count})
    if count < year.places:
        raise ProjectRefused(_("List at least %(places)s candidates.") % {"places": year.places})
    year.stage = ProjectYear.Stage.CANDIDATES
    year.save(update_fields=["stage"])
    return year


def _vote_body(year, session):
    if year.congress.is_council:
        return {"body": Body.COUNCIL, "member_names": year.council_members}
    return {"body": Body.SESSION, "session": session}


def _option_text(project):
    return _("%(content)s Investment %(investment)s (10,000 yuan); responsible: %(unit)s; to be completed by %(date)s.") % {
        "content": project.content, "investment": project.investment, "unit": project.unit.name, "date": project.completion_date.isoformat()}


@transaction.atomic
def prepare_selection_vote(user, year, *, session=None):
    """The vote on the candidate list, prepared on the voting desk (its staff open it at the session)."""
    year = _locked_year(year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.CANDIDATES, message=_("Publish the candidate list before preparing the vote."))
    if year.selection_vote_id:
        raise ProjectRefused(_("The vote is already prepared."))
    kind = Kind.DIFFERENTIAL if year.selection == ProjectYear.Selection.DIFFERENTIAL else Kind.POLL
    try:
        vote = voting.create_vote(
            user, congress=year.congress, title=_("%(title)s: vote") % {"title": year.title}, kind=kind, places=year.places,
            options=[(p.name, _option_text(p), p.option_reference) for p in candidates(year)], **_vote_body(year, session),
        )
    except voting.VoteRefused as refusal:
        raise ProjectRefused(str(refusal)) from None
    year.selection_vote = vote
    year.stage = ProjectYear.Stage.VOTING
    year.save(update_fields=["selection_vote", "stage"])
    return vote


def _counted_rounds(vote, message):
    rounds = voting.rounds(vote)
    if any(r.state not in (Vote.State.COUNTED, Vote.State.PUBLISHED) for r in rounds):
        raise ProjectRefused(message)
    return rounds


@transaction.atomic
def apply_selection(user, year):
    """The counted vote (with any second round) decides: chosen projects become matters assigned to
    their units; the others are marked not chosen."""
    year = _locked_year(year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.VOTING, message=_("The vote has not been prepared yet."))
    rounds = _counted_rounds(year.selection_vote, _("Count the vote (and any second round) first."))
    chosen_refs, open_tie = voting.final_choice(year.selection_vote)
    if open_tie:
        raise ProjectRefused(_("A tie at the last place is still open: open the second round among the tied candidates and count it."))
    votes = {}
    for round_vote in rounds:
        references = dict(round_vote.options.values_list("position", "reference"))
        for number, count in round_vote.result["ranking"]:
            votes.setdefault(references[number], count)
    actor = _actor(user)
    for project in candidates(year):
        project.votes = votes.get(project.option_reference)
        if project.option_reference in chosen_refs:
            project.state = Project.State.CHOSEN
            project.save(update_fields=["state", "votes"])
            _open_matter(actor, year, project)
        else:
            project.state = Project.State.NOT_CHOSEN
            project.save(update_fields=["state", "votes"])
    year.stage = ProjectYear.Stage.IMPLEMENTING
    year.save(update_fields=["stage"])
    return year


def _open_matter(actor, year, project):
    matter = engine.open_matter(
        KIND, actor=actor, title=project.name, text=project.content, region_code=year.congress.region_id, owner_congress=year.congress,
        channel="representative_on_behalf", category="livelihood_project", raised_by=_user(actor),
        data={"project": project.pk, "year": year.year, "votes": project.votes},
    )
    project.matter = matter
    project.save(update_fields=["matter"])
    matter.project = project
    engine.assign(matter, lead=project.unit, actor=actor, note=_("Chosen by the representatives' vote; to be completed by %(date)s.")
                  % {"date": project.completion_date.isoformat()})
    return matter


# --- Carrying the projects out ----------------------------------------------------------------------


def lead_assignment(project):
    return Assignment.objects.filter(matter_id=project.matter_id, role=Assignment.Role.LEAD).order_by("-round", "-pk").first()


def _require_unit_or_staff(actor, project):
    actor = _actor(actor)
    if is_staff_of(actor, project.year.congress):
        return
    if project.unit_id in actor.unit_ids:
        return
    raise ProjectRefused(_("Only the responsible unit or the congress's staff may do this."))


def _record(project, action, *, actor, note="", data=None):
    try:
        return engine.transition(project.matter, action, actor=actor, note=note, data=data)
    except engine.TransitionNotAllowed:
        state = registry.get(KIND).states[project.matter.status].label
        raise ProjectRefused(_("This step does not fit the project's present state (%(state)s).") % {"state": state}) from None
    except PermissionDenied:
        raise ProjectRefused(_("Only the responsible unit or the congress's staff may do this.")) from None


def _sign_if_needed(actor, project):
    assignment = lead_assignment(project)
    if assignment is not None and assignment.state == Assignment.State.ASSIGNED and project.unit_id in _actor(actor).unit_ids:
        try:
            engine.sign(assignment, actor=actor)
        except PermissionDenied:
            raise ProjectRefused(_("Only the responsible unit or the congress's staff may do this.")) from None


@transaction.atomic
def set_plan(user, project, *, plan, budget, milestones):
    """The plan: text, budget and milestones [(title, due)], replacing the milestones not reached."""
    project = Project.objects.select_for_update(of=("self",)).select_related("year__congress__region", "matter").get(pk=project.pk)
    actor = _actor(user)
    _require_unit_or_staff(actor, project)
    if not (plan or "").strip():
        raise ProjectRefused(_("Describe how the project will be carried out."))
    for title, due in milestones:
        if not title.strip():
            raise ProjectRefused(_("Every milestone needs a name."))
        if due.year > project.year.year + 1:
            raise ProjectRefused(_("A milestone falls after the project's year."))
    _sign_if_needed(actor, project)
    project.plan, project.budget = plan.strip(), budget
    project.save(update_fields=["plan", "budget"])
    project.milestones.filter(done_on__isnull=True).delete()
    Milestone.objects.bulk_create(Milestone(project=project, title=title.strip(), due=due) for title, due in milestones)
    _record(project, "plan", actor=actor, note=plan.strip()[:500],
            data={"budget": str(budget) if budget is not None else None, "milestones": [[t, d.isoformat()] for t, d in milestones]})
    return project


@transaction.atomic
def reach_milestone(user, milestone, *, on):
    milestone = Milestone.objects.select_for_update(of=("self",)).select_related("project__year__congress__region", "project__matter").get(pk=milestone.pk)
    project = milestone.project
    actor = _actor(user)
    _require_unit_or_staff(actor, project)
    if on > timezone.localdate():
        raise ProjectRefused(_("A milestone cannot be reached in the future."))
    milestone.done_on = on
    milestone.save(update_fields=["done_on"])
    _record(project, "milestone", actor=actor, note=milestone.title, data={"milestone": milestone.pk, "on": on.isoformat()})
    return milestone


def month_start(day):
    return day.replace(day=1)


@transaction.atomic
def report_progress(user, project, *, month, percent, text, spent=None, photos=(), kind=ProgressReport.Kind.MONTHLY):
    """The unit's monthly (or mid-year) report: percent done, what was done, photos. One per month and
    kind; a second for the same month replaces nothing and is refused."""
    project = Project.objects.select_for_update(of=("self",)).select_related("year__congress__region", "matter").get(pk=project.pk)
    actor = _actor(user)
    if project.unit_id not in actor.unit_ids and not actor.is_system_admin:
        raise ProjectRefused(_("Only the responsible unit reports progress."))
    month = datetime.date(project.year.year, 6, 1) if kind == ProgressReport.Kind.MID_YEAR else month_start(month)
    if month > month_start(timezone.localdate()):
        raise ProjectRefused(_("Progress is reported for this month or an earlier one."))
    earliest = min(datetime.date(project.year.year, 1, 1), month_start(timezone.localtime(project.matter.created_at).date()))
    if month < earliest:
        raise ProjectRefused(_("Progress is reported from %(month)s onwards.") % {"month": earliest.strftime("%Y-%m")})
    if not 0 <= percent <= 100:
        raise ProjectRefused(_("Progress is a percentage from 0 to 100."))
    if percent < project.progress:
        raise ProjectRefused(_("Progress cannot go back: the last report said %(percent)s%%.") % {"percent": project.progress})
    if not (text or "").strip():
        raise ProjectRefused(_("Say what was done this month."))
    if project.reports.filter(kind=kind, month=month).exists():
        raise ProjectRefused(_("This month's report has already been sent; add what is new to next month's."))
    _sign_if_needed(actor, project)
    event = _record(project, "report_progress", actor=actor, note=text.strip(),
                    data={"month": month.isoformat(), "percent": percent, "kind": kind, "spent": str(spent) if spent is not None else None})
    if photos:
        attachments.save_photos(project.matter, photos, event=event, user=_user(actor))
    report = ProgressReport.objects.create(project=project, kind=kind, month=month, percent=percent, text=text.strip(), spent=spent,
                                           event=event, by=_user(actor), at=timezone.now())
    project.progress = percent
    project.save(update_fields=["progress"])
    return report


@transaction.atomic
def record_inspection(user, project, *, date, members, summary, findings, answer_due, group=None):
    """A supervision group's visit; each finding is an issue the unit answers by `answer_due`."""
    project = Project.objects.select_for_update(of=("self",)).select_related("year__congress__region", "matter").get(pk=project.pk)
    actor = _actor(user)
    if not is_staff_of(actor, project.year.congress):
        raise ProjectRefused(_("Only the congress's staff record inspections."))
    if date > timezone.localdate():
        raise ProjectRefused(_("An inspection is recorded after it took place."))
    if not (members or "").strip() or not (summary or "").strip():
        raise ProjectRefused(_("Name the representatives who inspected and say what they saw."))
    findings = [text.strip() for text in findings if text.strip()]
    if findings and (answer_due is None or answer_due <= timezone.localdate()):
        raise ProjectRefused(_("Give the unit a date after today to answer the findings."))
    event = _record(project, "inspect", actor=actor, note=summary.strip(), data={"date": date.isoformat(), "members": members.strip(), "findings": findings})
    inspection = Inspection.objects.create(project=project, date=date, group=group, members=members.strip(), summary=summary.strip(),
                                           event=event, by=_user(actor), at=timezone.now())
    Finding.objects.bulk_create(Finding(inspection=inspection, text=text, answer_due=answer_due) for text in findings)
    return inspection


@transaction.atomic
def answer_finding(user, finding, *, answer):
    finding = Finding.objects.select_for_update(of=("self",)).select_related("inspection__project__year__congress__region", "inspection__project__matter").get(pk=finding.pk)
    project = finding.inspection.project
    actor = _actor(user)
    if project.unit_id not in actor.unit_ids and not actor.is_system_admin:
        raise ProjectRefused(_("Only the responsible unit answers inspection findings."))
    if finding.answered_at:
        raise ProjectRefused(_("This finding has been answered."))
    if not (answer or "").strip():
        raise ProjectRefused(_("Write the answer: what was done about the finding."))
    finding.answer, finding.answered_by, finding.answered_at = answer.strip(), _user(actor), timezone.now()
    finding.save()
    _record(project, "answer_finding", actor=actor, note=answer.strip(), data={"finding": finding.pk, "issue": finding.text})
    return finding


@transaction.atomic
def report_completion(user, project, *, text, photos=()):
    """The unit reports the project finished (the engine's reply)."""
    project = Project.objects.select_for_update(of=("self",)).select_related("year__congress__region", "matter").get(pk=project.pk)
    actor = _actor(user)
    if project.unit_id not in actor.unit_ids and not actor.is_system_admin:
        raise ProjectRefused(_("Only the responsible unit reports completion."))
    if project.milestones.filter(done_on__isnull=True).exists():
        raise ProjectRefused(_("Mark every milestone reached before reporting the project completed."))
    if not (text or "").strip():
        raise ProjectRefused(_("Say what was built or done."))
    _sign_if_needed(actor, project)
    try:
        engine.reply(lead_assignment(project), text=text.strip(), actor=actor, photos=photos)
    except (engine.TransitionNotAllowed, ValidationError, PermissionDenied) as error:
        raise ProjectRefused(getattr(error, "message", None) or _("The project cannot be reported completed now.")) from None
    Project.objects.filter(pk=project.pk).update(progress=100)
    return project


def overdue_milestones(today=None):
    today = today or timezone.localdate()
    return Milestone.objects.filter(done_on__isnull=True, due__lt=today, project__state=Project.State.CHOSEN,
                                    project__matter__status="implementing").select_related("project__unit")


def flag_overdue_milestones(today=None):
    """Tell each unit once about each milestone it let pass (the worker runs this daily)."""
    from minyi.notifications.services import notify

    from .notify import unit_users

    flagged = 0
    for milestone in overdue_milestones(today).filter(overdue_notified=False):
        recipients = unit_users(milestone.project.unit_id)
        if recipients:
            notify(recipients, "project_milestone_overdue",
                   _("Milestone overdue: %(project)s") % {"project": milestone.project.name},
                   _("%(milestone)s was due on %(due)s and is not marked reached.") % {"milestone": milestone.title, "due": milestone.due.isoformat()},
                   link=f"/unit/projects/{milestone.project_id}/")
        Milestone.objects.filter(pk=milestone.pk).update(overdue_notified=True)
        flagged += 1
    return flagged


# --- The year-end evaluation -------------------------------------------------------------------------


def chosen(year):
    return year.projects.filter(state=Project.State.CHOSEN).select_related("unit", "matter").order_by("number")


@transaction.atomic
def prepare_evaluation_vote(user, year, *, session=None):
    year = _locked_year(year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.IMPLEMENTING, message=_("The year-end evaluation follows the year's work."))
    projects = list(chosen(year))
    try:
        vote = voting.create_vote(
            user, congress=year.congress, title=_("%(title)s: year-end satisfaction vote") % {"title": year.title}, kind=Kind.SATISFACTION,
            options=[(p.name, p.unit.name, p.option_reference) for p in projects], quorum="none", **_vote_body(year, session),
        )
    except voting.VoteRefused as refusal:
        raise ProjectRefused(str(refusal)) from None
    year.evaluation_vote = vote
    year.stage = ProjectYear.Stage.EVALUATING
    year.save(update_fields=["evaluation_vote", "stage"])
    return vote


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def apply_evaluation(user, year):
    """Each project's satisfaction rate from the counted vote; below the congress's rate it must be
    rectified by a date."""
    year = _locked_year(year)
    _require_staff(user, year)
    _require_stage(year, ProjectYear.Stage.EVALUATING, message=_("Prepare the year-end vote first."))
    vote = year.evaluation_vote
    _counted_rounds(vote, _("Count the year-end vote first."))
    by_reference = dict(vote.options.values_list("reference", "position"))
    actor = _actor(user)
    due = _add_months(timezone.localdate(), year.rectification_months)
    for project in chosen(year):
        rate = vote.result["rates"].get(str(by_reference.get(project.option_reference)))
        percent = None if rate is None else (Decimal(rate[0]) * 100 / Decimal(rate[1])).quantize(Decimal("0.01"))
        project.satisfaction = percent
        below = percent is None or percent < year.satisfaction_threshold
        if below:
            project.rectification_due = due
        project.save(update_fields=["satisfaction", "rectification_due"])
        note = _("Satisfaction rate %(rate)s%%.") % {"rate": percent if percent is not None else "—"}
        if below:
            note += " " + _("Below %(needed)s%%: rectify by %(due)s.") % {"needed": year.satisfaction_threshold, "due": due.isoformat()}
        engine.transition(project.matter, "judge_rectify" if below else "judge_satisfied", actor=actor, note=note,
                          data={"satisfaction": str(percent) if percent is not None else None, "vote": vote.pk})
    year.stage = ProjectYear.Stage.CLOSED
    year.save(update_fields=["stage"])
    return year


@transaction.atomic
def report_rectification(user, project, *, text):
    project = Project.objects.select_for_update(of=("self",)).select_related("year__congress__region", "matter").get(pk=project.pk)
    actor = _actor(user)
    if project.unit_id not in actor.unit_ids and not actor.is_system_admin:
        raise ProjectRefused(_("Only the responsible unit reports its rectification."))
    if not (text or "").strip():
        raise ProjectRefused(_("Say what was rectified."))
    project.rectification_report = text.strip()
    project.save(update_fields=["rectification_report"])
    _record(project, "report_rectification", actor=actor, note=text.strip())
    return project


@transaction.atomic
def accept_rectification(user, project, *, note=""):
    project = Project.objects.select_for_update(of=("self",)).select_related("year__congress__region", "matter").get(pk=project.pk)
    actor = _actor(user)
    if not is_staff_of(actor, project.year.congress):
        raise ProjectRefused(_("Only the congress's staff accept a rectification."))
    if not project.rectification_report:
        raise ProjectRefused(_("The unit has not reported its rectification yet."))
    _record(project, "rectified", actor=actor, note=note)
    project.rectified_at = timezone.now()
    project.save(update_fields=["rectified_at"])
    return project
