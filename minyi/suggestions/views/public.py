"""The public pages of representatives' suggestions, without signing in: the published suggestions
(the representative consented, the unit's letter does not refuse publication, and it has been
replied to) with their replies, searchable in Chinese, and each one's letter, judgement and public
timeline. Nothing about citizens appears beyond how many opinions were taken up."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.matters import labels as matter_labels
from minyi.matters import search
from minyi.matters.models import Matter, Reply, TimelineEvent
from minyi.opinions.publication import scrub
from minyi.organisations.models import Congress

from ..models import Category, ReplyLetter, Signer, Suggestion
from ..policy import CLASS_WORDS, KIND

PAGE_SIZE = 20
PUBLIC_STATES = ("replied", "following_up", "supervised", "closed")
# Timeline steps a visitor may see, in words only (no notes, no names).
PUBLIC_ACTIONS = ("open", "submit", "resubmit", "register", "assign", "sign", "contact", "reply", "evaluate", "rehandle",
                  "extension_approved", "designate_key", "roll_over", "renumber", "close")


def _latest_reply():
    return Reply.objects.filter(matter_id=OuterRef("pk"), kind=Reply.Kind.REPLY).order_by("-at", "-id")


def published():
    """Suggestions anyone may read: the policy's `is_public` as one query (consent, replied or later,
    the latest reply's letter not refusing publication)."""
    refused = ReplyLetter.objects.filter(publish_consent=False).values("reply_id")
    return (
        Suggestion.objects.filter(matter__kind=KIND, publish_consent=True, matter__status__in=PUBLIC_STATES)
        .annotate(latest_reply=Subquery(_latest_reply().values("pk")[:1]),
                  latest_class=Subquery(_latest_reply().values("reply_class")[:1]),
                  lead_unit_name=Subquery(_latest_reply().values("assignment__unit__name")[:1]))
        .filter(latest_reply__isnull=False)
        .exclude(latest_reply__in=refused)
    )


def published_or_404(pk):
    suggestion = (published().select_related("matter__owner_congress", "term", "session").filter(pk=pk).first())
    if suggestion is None or not suggestion.matter.policy.is_public(suggestion.matter):
        raise Http404
    return suggestion


def _year_choices():
    return range(timezone.localdate().year, 2017, -1)


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Words"), required=False, max_length=100)
    congress = forms.ModelChoiceField(label=gettext_lazy("Congress"), required=False, queryset=Congress.objects.none(),
                                      empty_label=gettext_lazy("All congresses"))
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None)
    area = forms.ChoiceField(label=gettext_lazy("Area"), required=False)
    reply_class = forms.ChoiceField(label=gettext_lazy("Reply class"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = Congress.objects.filter(is_active=True, kind=Congress.Kind.CONGRESS).order_by(
            "region__level", "region_id")
        self.fields["year"].choices = [("", _("All years"))] + [(str(y), str(y)) for y in _year_choices()]
        self.fields["area"].choices = [("", _("All areas"))] + list(Category.objects.filter(is_active=True).values_list("code", "name"))
        self.fields["reply_class"].choices = [("", _("All classes"))] + [(key, str(words)) for key, words in CLASS_WORDS.items()]


def _filtered(filters):
    suggestions = published()
    if filters.get("congress"):
        suggestions = suggestions.filter(matter__owner_congress=filters["congress"])
    if filters.get("year"):
        suggestions = suggestions.filter(year=filters["year"])
    if filters.get("area"):
        suggestions = suggestions.filter(matter__category=filters["area"])
    if filters.get("reply_class"):
        suggestions = suggestions.filter(latest_class=filters["reply_class"])
    if filters.get("q"):
        matters = search.matching(Matter.objects.filter(kind=KIND), filters["q"])
        suggestions = suggestions.filter(pk__in=matters.values("pk"))
    return suggestions


def _status_label(matter):
    state = matter.policy.states.get(matter.status)
    return str(state.label) if state else matter.status


def _signers_prefetch():
    return Prefetch("signers", queryset=Signer.objects.filter(state=Signer.State.CONFIRMED).select_related("representative"),
                    to_attr="confirmed_signers")


def _rows(suggestions):
    areas = dict(Category.objects.values_list("code", "name"))
    rows = []
    for suggestion in suggestions:
        matter = suggestion.matter
        rows.append({
            "pk": suggestion.pk, "number": suggestion.number_label, "title": matter.title,
            "representatives": [s.representative.name for s in suggestion.confirmed_signers],
            "area": areas.get(matter.category, ""), "lead_unit": suggestion.lead_unit_name or "",
            "reply_class": suggestion.latest_class or "", "status": _status_label(matter), "year": suggestion.year,
            "congress": matter.owner_congress.name, "is_session": suggestion.is_session_suggestion,
        })
    return rows


def public_list(request):
    """The published suggestions and their replies, newest first, filtered and searched."""
    form = PublicFilterForm(request.GET or None)
    form.is_valid()  # a field with a bad value is shown with its error; the valid ones still filter
    filters = getattr(form, "cleaned_data", {})
    suggestions = (_filtered(filters).select_related("matter__owner_congress").prefetch_related(_signers_prefetch())
                   .order_by("-year", "-matter__replied_at", "-pk"))
    page = Paginator(suggestions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "suggestions/public/list.html", {
        "form": form, "page": page, "rows": _rows(page.object_list), "query": query.urlencode(),
        "page_title": _("Representatives' suggestions and their replies"),
    })


def _public_timeline(matter):
    events = matter.timeline.filter(visibility=TimelineEvent.Visibility.PUBLIC, action__in=PUBLIC_ACTIONS).order_by("at", "id")
    steps = []
    for event in events:
        step = {"at": event.at, "label": str(matter_labels.event_label(event))}
        # The lead and co-units signing the same day read as one step.
        if not steps or (steps[-1]["label"], timezone.localtime(steps[-1]["at"]).date()) != (step["label"], timezone.localtime(step["at"]).date()):
            steps.append(step)
    return steps


def _judgements(matter):
    """The ratings of each settled round, without who gave them (a round still open is not shown)."""
    rounds = {}
    for evaluation in matter.evaluations.order_by("round", "at", "id"):
        settled = evaluation.round < matter.round or matter.status != "replied"
        if settled:
            rounds.setdefault(evaluation.round, []).append(evaluation.get_rating_display())
    return [{"round": number, "ratings": ratings} for number, ratings in sorted(rounds.items())]


def public_detail(request, pk):
    suggestion = published_or_404(pk)
    matter = suggestion.matter
    replies = []
    for answer in matter.replies.filter(kind=Reply.Kind.REPLY).select_related("assignment__unit").order_by("round", "at", "id"):
        letter = ReplyLetter.objects.filter(reply=answer).select_related("letter").first()
        replies.append({
            "pk": answer.pk, "round": answer.round, "text": scrub(answer.text), "unit": answer.assignment.unit.name, "at": answer.at,
            "reply_class": answer.reply_class, "class_words": CLASS_WORDS.get(answer.reply_class, ""),
            "has_letter": bool(letter and letter.letter_id and letter.publish_consent),
        })
    signers = Signer.objects.filter(suggestion=suggestion, state=Signer.State.CONFIRMED).select_related("representative")
    context = {
        "suggestion": suggestion, "matter": matter, "page_title": matter.title, "text": scrub(matter.text),
        "representatives": [s.representative.name for s in signers],
        "area": Category.objects.filter(code=matter.category).values_list("name", flat=True).first() or "",
        "status": _status_label(matter), "replies": replies, "judgements": _judgements(matter),
        "timeline": _public_timeline(matter), "adopted": Matter.objects.filter(converted_to=matter).count(),
        "is_key": hasattr(suggestion, "key") and suggestion.key is not None,
    }
    return render(request, "suggestions/public/detail.html", context)


def public_letter(request, pk, reply_pk):
    """The reply letter of a published suggestion, when the unit agreed to its publication."""
    from minyi.matters.api import file_response

    suggestion = published_or_404(pk)
    letter = ReplyLetter.objects.filter(reply_id=reply_pk, reply__matter_id=suggestion.pk, reply__kind=Reply.Kind.REPLY,
                                        publish_consent=True, letter__isnull=False).select_related("letter").first()
    if letter is None:
        raise Http404
    response = file_response(letter.letter, "file")
    response["Cache-Control"] = "public, max-age=600"
    return response


def front_sections():
    """The public front page's card."""
    return [{"template": "suggestions/public/_front_section.html"}]


def register_navigation():
    """Menu entries and workbench items of these pages: the public front page's card, and the
    staff's handling report in the desk menu."""
    from django.utils.translation import gettext_lazy as _l

    from minyi.accounts.models import Role
    from minyi.core import navigation
    from minyi.public import portal

    portal.register_front_section(front_sections)
    navigation.register("desk", _l("Suggestion handling report"), "suggestions:report",
                        roles={Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN}, icon="report-analytics", order=206,
                        section=_l("Suggestions"))

