"""A published vote's result for everyone, and the receipt check: a member types the code their phone
showed and learns whether their ballot is in the counted box — nothing about how it was marked."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from .. import results, services
from ..models import Vote


@ratelimit(key="ip", rate="30/m", method="GET", block=False)
def public_detail(request, pk):
    vote = get_object_or_404(Vote.objects.select_related("congress"), pk=pk, state=Vote.State.PUBLISHED)
    code = (request.GET.get("receipt") or "").strip()[:40]
    checked = None
    if code:
        if getattr(request, "limited", False):
            checked = "limited"
        else:
            checked = "counted" if services.receipt_counted(vote, code) else "unknown"
    rounds = services.rounds(vote.previous_round or vote) if vote.previous_round_id or Vote.objects.filter(previous_round=vote).exists() else []
    return render(request, "voting/public/detail.html", {
        "vote": vote, "rows": results.rows(vote), "summary": results.summary(vote), "choices": results.choices(vote),
        "receipt": code, "checked": checked, "rounds": [r for r in rounds if r.state == Vote.State.PUBLISHED],
        "page_title": _("Vote result"),
    })
