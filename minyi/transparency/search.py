"""One search box over everything the public may read: published opinions, published suggestions,
livelihood projects and serving representatives. Chinese words are cut by jieba and matched on the
word index (matters.search) for opinions and suggestions; projects and representatives are few and
matched by their names and texts. A query is refused with a message, never an error, when it is
empty, too long, has no word to look for, or looks like a phone or ID number: the portal is not a
way to find out who raised what."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from minyi.matters.search import query_words
from minyi.opinions.publication import scrub
from minyi.projects import public_data
from minyi.projects.models import Project
from minyi.representatives import listing

from . import opinions, suggestions

MAX_LENGTH = 50
SHOWN = 10


class QueryRefused(ValueError):
    """str() is the message for the visitor."""


def clean(query):
    """The query stripped, or QueryRefused with the reason."""
    query = " ".join((query or "").split())
    if not query:
        raise QueryRefused(_("Type a few words to look for, e.g. 路灯 or 加装电梯."))
    if len(query) > MAX_LENGTH:
        raise QueryRefused(_("That is too long to look for. Use at most %(limit)d characters: a few key words work best.") % {"limit": MAX_LENGTH})
    if scrub(query) != query:
        raise QueryRefused(_("Phone and ID numbers cannot be searched for: the portal never shows who raised an opinion."))
    if not query_words(query):
        raise QueryRefused(_("There is no word to look for in that. Try Chinese words such as 路灯 or 医保."))
    return query


@dataclass
class Results:
    query: str
    opinions: list = field(default_factory=list)
    opinions_more: bool = False
    suggestions: list = field(default_factory=list)
    suggestions_more: bool = False
    projects: list = field(default_factory=list)
    representatives: list = field(default_factory=list)
    representatives_more: bool = False

    @property
    def empty(self):
        return not (self.opinions or self.suggestions or self.projects or self.representatives)


def _projects(words):
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word) | Q(content__icontains=word) | Q(unit__name__icontains=word)
    return list(Project.objects.filter(condition, state__in=public_data.LISTED_STATES)
                .exclude(year__stage__in=public_data.DRAFT_STAGES).select_related("year", "unit")
                .order_by("-year__year", "year_id", "number")[:SHOWN])


def run(query, region=None):
    """Results of a cleaned query (see clean)."""
    results = Results(query=query)
    ids = opinions.search_ids(region, "", query)
    matters = {m.pk: m for m in opinions.published().filter(pk__in=ids[:SHOWN])}
    results.opinions = opinions.present([matters[pk] for pk in ids[:SHOWN] if pk in matters])
    results.opinions_more = len(ids) > SHOWN
    found = list(suggestions.published(region, query=query)[:SHOWN + 1])
    results.suggestions, results.suggestions_more = suggestions.present(found[:SHOWN]), len(found) > SHOWN
    results.projects = _projects(query_words(query))
    people = list(listing.public_search(query)[:SHOWN + 1])
    results.representatives, results.representatives_more = people[:SHOWN], len(people) > SHOWN
    return results
