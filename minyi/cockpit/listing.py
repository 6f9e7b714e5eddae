"""The matters behind one cockpit figure (figures.queries), an optional search word, and the rows
and filter chips the list shows."""

from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.figures import queries
from minyi.matters import search
from minyi.matters.notify import link_for
from minyi.matters.policies import registry
from minyi.regions.models import Region

from .dashboard import dimension_label


def matters(chosen):
    """Newest first. Without search words, pages read on the figures' facts (queries.MatterList:
    milliseconds over a million matters); with words, the matters table narrowed by them."""
    if not chosen.words:
        return queries.MatterList(chosen.scope, stage=chosen.stage, dimension=chosen.dimension, value=chosen.value)
    found = queries.matters(chosen.scope, stage=chosen.stage, dimension=chosen.dimension, value=chosen.value)
    return search.matching(found, chosen.words).order_by("-created_at", "-pk")


def chips(chosen):
    """[{label, text}] of every filter in force, in reading order."""
    kinds = dict(_kinds())
    found = [
        {"label": _("Region"), "text": chosen.region.name},
        {"label": _("Period of collection"), "text": f"{chosen.start_param} — {chosen.end_param}"},
        {"label": _("Kind of matter"), "text": kinds.get(chosen.kind, _("All kinds of matter"))},
    ]
    if chosen.stage:
        found.append({"label": _("Stage of the loop"), "text": str(queries.STAGE_LABELS[chosen.stage])})
    if chosen.dimension:
        labels = queries.labels_of(chosen.dimension, [chosen.value]) if chosen.dimension != "keyword" else {}
        found.append({"label": dimension_label(chosen.dimension), "text": labels.get(chosen.value) or chosen.value})
    if chosen.words:
        found.append({"label": _("Search"), "text": chosen.words})
    return found


def _kinds():
    from .filters import kinds

    return kinds()


def _status(kind, status):
    policy = registry.get(kind) if kind in registry else None
    state = policy.states.get(status) if policy else None
    return str(state.label) if state else status


def rows(matters_page):
    """Plain dicts of the matters, with their region's name and the staff desk page of each."""
    matters_page = list(matters_page)
    regions = dict(Region.objects.filter(code__in={m.region_code for m in matters_page}).values_list("code", "name"))
    categories = queries.labels_of("category", list({m.category for m in matters_page if m.category}))
    result = []
    for matter in matters_page:
        result.append(
            {
                "pk": matter.pk,
                "code": matter.tracking_code,
                "title": matter.title,
                "kind": str(registry.get(matter.kind).label) if matter.kind in registry else matter.kind,
                "status": _status(matter.kind, matter.status),
                "region": regions.get(matter.region_code, matter.region_code),
                "region_code": matter.region_code,
                "category": categories.get(matter.category, matter.category),
                "channel": matter.get_channel_display(),
                "created": timezone.localtime(matter.created_at).date().isoformat(),
                "url": link_for(matter, "staff"),
            }
        )
    return result
