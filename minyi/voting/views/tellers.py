"""The tellers' page: each paper ballot entered by number, twice by two tellers. A teller sees which
numbers wait for a second reading or disagree, never the other teller's reading (they look at the
paper again instead)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minyi.accounts import access

from .. import services
from ..forms import PaperEntryForm
from ..models import Vote
from ..services import VoteRefused

OUTCOMES = {
    "waiting": (messages.INFO, _("Ballot %(number)s entered. It waits for a second teller.")),
    "agreed": (messages.SUCCESS, _("Ballot %(number)s: both tellers agree. It is in the box.")),
    "mismatch": (messages.WARNING, _("Ballot %(number)s: your entry differs from another teller's. Look at the paper ballot again and enter it once more.")),
}


@login_required
def paper_entry(request, pk):
    vote = access.get_object(request.user, Vote.objects.select_related("congress"), request=request, pk=pk)
    if not vote.tellers.filter(user=request.user).exists():
        raise PermissionDenied
    options = list(vote.options.all())
    form = PaperEntryForm(request.POST or None, vote=vote, options=options)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            number = form.cleaned_data["number"]
            try:
                outcome = services.enter_paper_ballot(request.user, vote, number, form.marks(), spoilt=form.cleaned_data["spoilt"])
            except VoteRefused as refusal:
                form.add_error(None, str(refusal))
                status = 400
            else:
                level, text = OUTCOMES[outcome]
                messages.add_message(request, level, text % {"number": number})
                return redirect("voting:paper_entry", pk=vote.pk)
        else:
            status = 400
    mine = vote.paper_entries.filter(teller=request.user).order_by("-entered_at")[:20]
    return render(request, "voting/desk/paper.html", {
        "vote": vote, "form": form, "progress": services.paper_progress(vote), "mine": mine,
        "open_for_entry": vote.state == Vote.State.CLOSED,
    }, status=status)
