"""The member's phone pages: the votes they belong to, check-in, the ballot, the receipt (shown once,
in the answer to the ballot itself: it is stored nowhere the member's name is), and the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role

from .. import results, services
from ..forms import BallotForm
from ..models import Elector, Vote
from ..services import VoteRefused


def _member(request):
    return access.require_role(request.user, Role.REPRESENTATIVE, request=request)


@login_required
def rep_list(request):
    actor = _member(request)
    electors = Elector.objects.filter(representative_id__in=actor.representative_ids).select_related("vote__congress").order_by("-vote__opened_at", "-vote_id")
    running = [e for e in electors if e.vote.state == Vote.State.OPEN]
    earlier = [e for e in electors if e.vote.state != Vote.State.OPEN][:30]
    return render(request, "voting/mobile/list.html", {"running": running, "earlier": earlier})


@login_required
def rep_detail(request, pk):
    actor = _member(request)
    elector = Elector.objects.filter(vote_id=pk, representative_id__in=actor.representative_ids).select_related("vote__congress").first()
    if elector is None:
        raise Http404
    vote = elector.vote
    options = list(vote.options.all())
    form = BallotForm(request.POST or None, vote=vote, options=options)
    receipt, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "check_in":
                services.check_in(request.user, vote)
                messages.success(request, _("You are checked in."))
                return redirect("voting:rep_detail", pk=vote.pk)
            if action == "cast" and form.is_valid():
                receipt = services.cast(request.user, vote, form.marks(), option_numbers=[o.position for o in options])
                elector.method = Elector.Method.ELECTRONIC
            elif action == "cast":
                status = 400
        except VoteRefused as refusal:
            form.add_error(None, str(refusal))
            status = 400
            elector.refresh_from_db()
            vote.refresh_from_db()
    return render(request, "voting/mobile/detail.html", {
        "vote": vote, "elector": elector, "form": form, "options": options, "receipt": receipt,
        "rows": results.rows(vote) if vote.state == Vote.State.PUBLISHED else [],
        "summary": results.summary(vote) if vote.state == Vote.State.PUBLISHED else None, "choices": results.choices(vote),
        "checked": set(request.POST.getlist("mark")) if request.method == "POST" and receipt is None else set(),
        "Method": Elector.Method,
        "next_round": Vote.objects.filter(previous_round=vote).first() if vote.state in (Vote.State.COUNTED, Vote.State.PUBLISHED) else None,
        # The ballot stands alone on the screen: no tab bar (nor the badges it would compute for each of
        # a thousand members at once); the back arrow leads to the votes.
        "mobile_nav": [],
    }, status=status)
