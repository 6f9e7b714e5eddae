"""The published suggestions and their replies as the portal and the open data show them, read
through the suggestions' own public rule (suggestions.views.public.published: the representative
consented, replied, the unit's letter does not refuse publication). Free texts are scrubbed of
numbers the way opinions are: a representative may quote a citizen's phone in a suggestion."""

from django.db.models import Prefetch

from minyi.matters.models import Matter, Reply
from minyi.matters.search import matching
from minyi.opinions.publication import scrub
from minyi.suggestions.models import Category, Signer
from minyi.suggestions.policy import CLASS_WORDS, KIND
from minyi.suggestions.views.public import published as published_suggestions

from . import places


def published(region=None, year=None, query=""):
    suggestions = (published_suggestions().select_related("matter__owner_congress")
                   .prefetch_related(Prefetch("signers", queryset=Signer.objects.filter(state=Signer.State.CONFIRMED)
                                              .select_related("representative").order_by("id"), to_attr="confirmed_signers")))
    if region is not None:
        suggestions = suggestions.filter(places.within_region("matter__region_code", region))
    if year:
        suggestions = suggestions.filter(year=year)
    if query:
        suggestions = suggestions.filter(pk__in=matching(Matter.objects.filter(kind=KIND), query).values("pk"))
    return suggestions.order_by("-matter__replied_at", "-pk")


def present(suggestions):
    """Rows of published() suggestions with their latest reply (one more query for the page)."""
    suggestions = list(suggestions)
    replies = {r.pk: r for r in Reply.objects.filter(pk__in=[s.latest_reply for s in suggestions]).only("pk", "text", "at")}
    areas = dict(Category.objects.values_list("code", "name"))
    rows = []
    for suggestion in suggestions:
        matter = suggestion.matter
        reply = replies.get(suggestion.latest_reply)
        state = matter.policy.states.get(matter.status)
        rows.append({
            "pk": suggestion.pk, "number": suggestion.number_label, "year": suggestion.year, "congress": matter.owner_congress.name,
            "title": scrub(matter.title), "text": scrub(matter.text),
            "representatives": [s.representative.name for s in suggestion.confirmed_signers],
            "area": areas.get(matter.category, ""), "lead_unit": suggestion.lead_unit_name or "",
            "reply_class": suggestion.latest_class or "", "class_words": str(CLASS_WORDS.get(suggestion.latest_class or "", "")),
            "reply": scrub(reply.text) if reply else "", "replied_at": reply.at if reply else matter.replied_at,
            "status_label": str(state.label) if state else matter.status,
        })
    return rows
