"""The congress staff's pages for votes: the list, preparing a vote, and one vote with the steps its
state allows (open, the hall's attendance and paper ballots, close, count, publish, a second round).
While a vote runs the page shows turnout, refreshed every few seconds, and never a partial result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.organisations.models import Congress

from .. import presets, results, services
from ..forms import VoteForm
from ..models import Elector, Vote
from ..services import VoteRefused

PAGE_SIZE = 25
STATE_TABS = ("running", "draft", "done")


def desk_actor(request):
    return access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, request=request)


def congresses_for(actor):
    if actor.is_system_admin:
        return list(Congress.objects.filter(is_active=True).order_by("region_id"))
    return list(Congress.objects.filter(pk__in=actor.congress_ids, is_active=True).order_by("region_id"))


def load(request, pk, action="view"):
    return access.get_object(request.user, Vote.objects.select_related("congress__region", "session__term", "group"),
                             action=action, request=request, pk=pk)


@login_required
def desk_list(request):
    actor = desk_actor(request)
    votes = access.visible(request.user, Vote.objects.select_related("congress"))
    tab = request.GET.get("tab") if request.GET.get("tab") in STATE_TABS else "running"
    states = {"running": [Vote.State.OPEN, Vote.State.CLOSED, Vote.State.COUNTED], "draft": [Vote.State.DRAFT],
              "done": [Vote.State.PUBLISHED]}[tab]
    query = (request.GET.get("q") or "").strip()[:50]
    listed = votes.filter(state__in=states)
    if query:
        listed = listed.filter(Q(title__icontains=query) | Q(options__label__icontains=query)).distinct()
    page = Paginator(listed.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {name: votes.filter(state__in=s).count() for name, s in (
        ("running", [Vote.State.OPEN, Vote.State.CLOSED, Vote.State.COUNTED]), ("draft", [Vote.State.DRAFT]), ("done", [Vote.State.PUBLISHED]))}
    return render(request, "voting/desk/list.html", {
        "page": page, "tab": tab, "q": query, "counts": counts, "may_create": access.Role.CONGRESS_STAFF in actor.roles or actor.is_system_admin,
    })


def _save_form(request, form, vote=None):
    try:
        if vote is None:
            vote = services.create_vote(request.user, congress=form.cleaned_data["congress"], options=form.cleaned_data["options_text"],
                                        **form.service_fields())
        else:
            vote = services.change_draft(request.user, vote, options=form.cleaned_data["options_text"], **form.service_fields())
        services.set_tellers(request.user, vote, list(form.cleaned_data["tellers"]))
    except VoteRefused as refusal:
        form.add_error(None, str(refusal))
        return None
    return vote


@login_required
def desk_new(request):
    actor = desk_actor(request)
    congresses = congresses_for(actor)
    if not congresses or not (Role.CONGRESS_STAFF in actor.roles or actor.is_system_admin):
        raise PermissionDenied
    form = VoteForm(request.POST or None, congresses=congresses, initial=presets.initial_for(actor, request.GET))
    if request.method == "POST" and form.is_valid():
        vote = _save_form(request, form)
        if vote is not None:
            messages.success(request, _("The vote was prepared. Check it, then open it when the members are ready."))
            return redirect("voting:desk_detail", pk=vote.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "voting/desk/form.html", {"form": form, "vote": None}, status=status)


@login_required
def desk_edit(request, pk):
    desk_actor(request)
    vote = load(request, pk, "manage")
    if vote.locked:
        messages.error(request, _("The vote is open: its rules, options and electorate can no longer change."))
        return redirect("voting:desk_detail", pk=vote.pk)
    form = VoteForm(request.POST or None, instance=vote, congresses=[vote.congress])
    if request.method == "POST" and form.is_valid():
        if _save_form(request, form, Vote.objects.get(pk=vote.pk)) is not None:
            messages.success(request, _("The vote was saved."))
            return redirect("voting:desk_detail", pk=vote.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "voting/desk/form.html", {"form": form, "vote": vote}, status=status)


def _positions(request):
    return [int(p) for p in request.POST.getlist("position") if p.isdigit()]


ACTIONS = {
    "open": (services.open_vote, _("The vote is open. Members can check in and vote.")),
    "close": (services.close_vote, _("The vote is closed. The tellers can now enter the paper ballots.")),
    "count": (services.count_vote, _("The ballots have been counted.")),
    "publish": (services.publish, _("The result is published.")),
}


@login_required
def desk_detail(request, pk):
    actor = desk_actor(request)
    vote = load(request, pk)
    if request.method == "POST":
        vote = load(request, pk, "manage")
        action = request.POST.get("action", "")
        try:
            if action in ACTIONS:
                service, done = ACTIONS[action]
                service(request.user, vote)
                messages.success(request, done)
            elif action == "second_round":
                second = services.open_second_round(request.user, vote)
                messages.success(request, _("The second round is open among the tied candidates."))
                return redirect("voting:desk_detail", pk=second.pk)
            else:
                messages.error(request, _("Unknown action."))
        except VoteRefused as refusal:
            messages.error(request, str(refusal))
        return redirect("voting:desk_detail", pk=vote.pk)
    return render(request, "voting/desk/detail.html", _detail_context(request, actor, vote))


def _detail_context(request, actor, vote):
    counted = vote.state in (Vote.State.COUNTED, Vote.State.PUBLISHED)
    rounds = services.rounds(vote.previous_round or vote) if (vote.previous_round_id or counted) else [vote]
    return {
        "vote": vote, "options": list(vote.options.all()), "tellers": [t.user for t in vote.tellers.select_related("user")],
        "may_manage": access.can(request.user, "manage", vote), "is_teller": vote.tellers.filter(user=request.user).exists(),
        "turnout": services.turnout(vote) if vote.locked else None,
        "paper": services.paper_progress(vote) if vote.state == Vote.State.CLOSED else None,
        "rows": results.rows(vote) if counted else [], "summary": results.summary(vote) if counted else None,
        "choices": results.choices(vote), "rounds": rounds if len(rounds) > 1 else [],
        "next_round": Vote.objects.filter(previous_round=vote).first(),
        "final": services.final_choice(vote) if counted and vote.is_choice else None,
        "project_year": _project_year(vote),
    }


def _project_year(vote):
    """The livelihood-project year this vote decides or judges, if any (its page applies the result)."""
    from minyi.projects.models import ProjectYear

    while vote.previous_round_id:
        vote = vote.previous_round
    return ProjectYear.objects.filter(Q(selection_vote=vote) | Q(evaluation_vote=vote)).first()


@login_required
def desk_turnout(request, pk):
    """The turnout card alone, for the page's refresh while the vote is open."""
    desk_actor(request)
    vote = load(request, pk)
    return render(request, "voting/desk/detail.html#turnout", {"vote": vote, "turnout": services.turnout(vote)})


@login_required
def desk_electorate(request, pk):
    """The hall: who is present, who has a paper ballot, who voted on the phone; the chair records
    attendance and hands out paper ballots here."""
    desk_actor(request)
    vote = load(request, pk)
    if request.method == "POST":
        vote = load(request, pk, "manage")
        action = request.POST.get("action")
        try:
            if action in ("present", "absent"):
                changed = services.record_attendance(request.user, vote, _positions(request), present=action == "present")
                messages.success(request, _("Attendance recorded for %(count)s members.") % {"count": changed})
            elif action == "paper":
                for position in _positions(request):
                    elector = services.hand_out_paper(request.user, vote, position)
                    messages.success(request, _("Paper ballot handed to %(name)s.") % {"name": elector.name})
            else:
                messages.error(request, _("Unknown action."))
        except VoteRefused as refusal:
            messages.error(request, str(refusal))
        query = request.POST.get("q", "")
        return redirect(f"{request.path}?q={query}" if query else request.path)
    electors = vote.electors.select_related("representative")
    query = (request.GET.get("q") or "").strip()[:50]
    if query:
        electors = electors.filter(name__icontains=query)
    state = request.GET.get("state", "")
    if state == "absent":
        electors = electors.filter(attendance="")
    elif state == "not_voted":
        electors = electors.filter(method="")
    return render(request, "voting/desk/electorate.html", {
        "vote": vote, "electors": electors, "q": query, "state": state, "turnout": services.turnout(vote),
        "may_manage": access.can(request.user, "manage", vote) and vote.state == Vote.State.OPEN, "Method": Elector.Method,
    })
