"""The published opinions as the portal and the open data show them: what the citizen raised, where
(down to the township, never the village or the address) and in which category, the answers of the
units or the representative on the spot, and the public steps of the timeline in words only (no
notes, no names). Every free text goes through opinions.publication.scrub."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.matters import labels as matter_labels
from minyi.matters.models import Assignment, Reply, TimelineEvent
from minyi.matters.search import matching, query_words
from minyi.opinions import publication
from minyi.opinions.models import Category
from minyi.regions.models import PREFIX_LENGTH, Level, Region

from . import places

# Steps a visitor may see. Not accepted, merged, sent up or down and the deadline colours are the
# staff's business; progress notes and evaluations' comments are never read here.
PUBLIC_ACTIONS = ("open", "forward", "accept", "assign", "sign", "reply", "resolve_on_spot", "extension_approved", "evaluate",
                  "rehandle", "close", "auto_close")
# How many candidates a word search checks again against the scrubbed texts (see search_ids).
SEARCH_CHECKED = 1000


def _queryset():
    return (publication.published().select_related("opinion", "raised_by")
            .prefetch_related(Prefetch("replies", queryset=Reply.objects.filter(kind=Reply.Kind.REPLY)
                                       .select_related("assignment__unit").order_by("round", "at", "id"), to_attr="public_replies"),
                              Prefetch("timeline", queryset=TimelineEvent.objects.filter(action="resolve_on_spot")
                                       .order_by("at", "id"), to_attr="on_spot_answers"),
                              Prefetch("assignments", queryset=Assignment.objects.filter(role=Assignment.Role.LEAD)
                                       .select_related("unit").order_by("-round", "-id"), to_attr="lead_assignments")))


def published(region=None, category=""):
    """The published opinions in `region` (and below it), newest answer first."""
    matters = _queryset()
    if region is not None:
        matters = matters.filter(places.within_region("region_code", region))
    if category:
        matters = matters.filter(category=category)
    return matters.order_by("-replied_at", "-pk")


def search_ids(region, category, query):
    """The ids of published opinions with every word of `query` in their scrubbed title or text,
    newest answer first. The word index holds the texts as typed, with any name or number the
    citizen wrote in them: a match is checked again on the scrubbed text, so that searching for a
    name or a phone never finds whose opinion it was. At most SEARCH_CHECKED candidates are checked."""
    words = query_words(query)
    candidates = matching(published(region, category), query)
    found = []
    for matter in (candidates.select_related(None).prefetch_related(None).select_related("opinion", "raised_by")
                   .only("pk", "title", "text", "raised_by", "raised_by__full_name", "opinion__citizen_name", "opinion__address")[:SEARCH_CHECKED]):
        private = publication.matter_private_words(matter)
        seen = (publication.scrub(matter.title, private) + " " + publication.scrub(matter.text, private)).lower()
        if all(word in seen for word in words):
            found.append(matter.pk)
    return found


def category_names():
    return dict(Category.objects.values_list("code", "name"))


def _township_code(code):
    """The township a village's code lies in (the region shown for it)."""
    if len(code) != 12 or not code.isdigit():
        return code
    return code[: PREFIX_LENGTH[Level.TOWNSHIP]].ljust(12, "0") if code[PREFIX_LENGTH[Level.TOWNSHIP]:] != "000" else code


def region_names(codes):
    """{village or township code: the name of its township (or of the region itself when higher)}."""
    shown = {code: _township_code(code) for code in codes}
    names = dict(Region.objects.filter(code__in=set(shown.values())).values_list("code", "name"))
    return {code: names.get(township, "") for code, township in shown.items()}


@dataclass
class Answer:
    by: str
    text: str
    at: object
    round: int


@dataclass
class PublishedOpinion:
    pk: int
    title: str
    text: str
    category: str
    category_name: str
    region_code: str
    region_name: str
    status: str
    status_label: str
    raised_at: object
    answered_at: object
    closed_at: object
    unit: str
    answers: list = field(default_factory=list)

    @property
    def latest_answer(self):
        return self.answers[-1] if self.answers else None


def _answers(matter, private):
    answers = [Answer(r.assignment.unit.name, publication.scrub(r.text, private), r.at, r.round) for r in matter.public_replies]
    answers += [Answer(_("The representative, on the spot"), publication.scrub(e.note, private), e.at, matter.round)
                for e in matter.on_spot_answers if e.note]
    return sorted(answers, key=lambda answer: answer.at)


def present(matters, categories=None, regions=None):
    """PublishedOpinion rows of matters from published() (two lookups for the whole page)."""
    matters = list(matters)
    categories = category_names() if categories is None else categories
    regions = region_names({m.region_code for m in matters}) if regions is None else regions
    rows = []
    for matter in matters:
        private = publication.matter_private_words(matter)
        lead = next(iter(matter.lead_assignments), None)
        state = matter.policy.states.get(matter.status)
        rows.append(PublishedOpinion(
            pk=matter.pk, title=publication.scrub(matter.title, private), text=publication.scrub(matter.text, private),
            category=matter.category, category_name=categories.get(matter.category, ""), region_code=_township_code(matter.region_code),
            region_name=regions.get(matter.region_code, ""), status=matter.status, status_label=str(state.label) if state else matter.status,
            raised_at=matter.created_at, answered_at=matter.replied_at, closed_at=matter.closed_at,
            unit=lead.unit.name if lead else "", answers=_answers(matter, private),
        ))
    return rows


def one_or_404(pk):
    matter = _queryset().filter(pk=pk).first()
    if matter is None:
        raise Http404
    return matter, present([matter])[0]


def public_steps(matter):
    """The timeline's public steps in words, one per action and day."""
    events = matter.timeline.filter(visibility=TimelineEvent.Visibility.PUBLIC, action__in=PUBLIC_ACTIONS).order_by("at", "id")
    steps = []
    for event in events:
        step = {"at": event.at, "label": str(matter_labels.event_label(event))}
        if not steps or (steps[-1]["label"], timezone.localdate(steps[-1]["at"])) != (step["label"], timezone.localdate(step["at"])):
            steps.append(step)
    return steps
