"""Who may see matters and act on their assignments.

Congress staff and leaders: matters their congress holds, or whose region lies within their
congresses' regions. Unit staff: matters with an assignment to their unit, and only those
assignments. A representative: matters addressed to them or to a station they serve. A citizen
with an account: what they raised (access by tracking code is the kind's business)."""

from django.db.models import F, Q

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.organisations.models import StationAssignment

from .models import (
    Assignment,
    Attachment,
    DeadlineExtension,
    Evaluation,
    Matter,
    ReassignmentRequest,
    Reply,
    Supervision,
    TimelineEvent,
)

_representative_sources = []


def register_representative_matters(source):
    """A kind adds matters its representatives take part in beyond the one addressed (the co-signers
    of a joint suggestion): `source(representative_ids)` returns a values() queryset of matter ids."""
    _representative_sources.append(source)
    return source


def _matter_q(actor, prefix=""):
    """Q over Matter (prefix "" ) or over a model reaching it through `prefix` ("matter__")."""
    query = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    if actor.is_congress_staff:
        query |= Q(**{f"{prefix}owner_congress_id__in": actor.congress_ids})
        for region_prefix in actor.region_prefixes:
            query |= _within(prefix, region_prefix)
    if actor.unit_ids:
        query |= Q(**{f"{prefix}pk__in": Assignment.objects.filter(unit_id__in=actor.unit_ids).values("matter_id")})
    if actor.representative_ids:
        stations = StationAssignment.objects.current().filter(representative_id__in=actor.representative_ids).values("station_id")
        query |= Q(**{f"{prefix}representative_id__in": actor.representative_ids}) | Q(**{f"{prefix}station_id__in": stations})
        for source in _representative_sources:
            query |= Q(**{f"{prefix}pk__in": source(actor.representative_ids)})
    if actor.user is not None and Role.CITIZEN in actor.roles:
        query |= Q(**{f"{prefix}raised_by": actor.user})
    return query


def _within(prefix, region_prefix):
    from minyi.regions.models import within

    return within(f"{prefix}region_code", region_prefix)


def _matter_scope(actor, queryset, prefix=""):
    if actor.is_system_admin:
        return queryset
    if not actor.is_authenticated:
        return queryset.none()
    return queryset.filter(_matter_q(actor, prefix))


@access.scope(Matter)
def matters_in_scope(actor, queryset):
    return _matter_scope(actor, queryset)


def _sees_whole_matter(actor):
    return actor.is_system_admin or actor.is_congress_staff


@access.scope(Assignment)
def assignments_in_scope(actor, queryset):
    if _sees_whole_matter(actor):
        return _matter_scope(actor, queryset, "matter__")
    if not actor.is_authenticated:
        return queryset.none()
    # A unit sees its own assignments only, never the other units' on the same matter.
    query = Q(unit_id__in=actor.unit_ids)
    if actor.representative_ids or Role.CITIZEN in actor.roles:
        others = _matter_q(_as_reader(actor), "matter__")
        query |= others
    return queryset.filter(query)


def _as_reader(actor):
    from dataclasses import replace

    return replace(actor, unit_ids=frozenset(), roles=actor.roles - {Role.CONGRESS_STAFF, Role.LEADER})


@access.scope(TimelineEvent)
def events_in_scope(actor, queryset):
    if _sees_whole_matter(actor) or actor.unit_ids:
        return _matter_scope(actor, queryset, "matter__")
    # Representatives and citizens see the public part of the timeline.
    return _matter_scope(actor, queryset, "matter__").filter(visibility=TimelineEvent.Visibility.PUBLIC)


@access.scope(Supervision)
def supervisions_in_scope(actor, queryset):
    return _matter_scope(actor, queryset, "matter__")


@access.scope(Evaluation)
def evaluations_in_scope(actor, queryset):
    """Back to back: while a reply waits for its judgements, the units do not see who has said what."""
    queryset = _matter_scope(actor, queryset, "matter__")
    if _sees_whole_matter(actor) or not actor.unit_ids:
        return queryset
    return queryset.exclude(matter__status="replied", round=F("matter__round"))


@access.scope(Reply)
def replies_in_scope(actor, queryset):
    if _sees_whole_matter(actor):
        return _matter_scope(actor, queryset, "matter__")
    query = _matter_scope(actor, queryset, "matter__")
    # Contributions travel between units and staff only: a unit sees its own, and the lead unit
    # sees those sent to it.
    if actor.unit_ids:
        led = Assignment.objects.filter(unit_id__in=actor.unit_ids, role=Assignment.Role.LEAD).values("matter_id")
        return query.filter(Q(kind=Reply.Kind.REPLY) | Q(assignment__unit_id__in=actor.unit_ids) | Q(matter_id__in=led))
    return query.filter(kind=Reply.Kind.REPLY)


@access.scope(DeadlineExtension)
@access.scope(ReassignmentRequest)
def extensions_in_scope(actor, queryset):
    if _sees_whole_matter(actor):
        return _matter_scope(actor, queryset, "assignment__matter__")
    return queryset.filter(assignment__unit_id__in=actor.unit_ids)


@access.scope(Attachment)
def attachments_in_scope(actor, queryset):
    if _sees_whole_matter(actor) or actor.unit_ids:
        return _matter_scope(actor, queryset, "matter__")
    return _matter_scope(actor, queryset, "matter__").filter(visibility=TimelineEvent.Visibility.PUBLIC)


@access.rule(Assignment, "sign", "progress", "reply", "contribute", "request_extension", "request_reassignment")
def may_act_for_unit(actor, assignment):
    return actor.is_system_admin or assignment.unit_id in actor.unit_ids


def _owner_staff(actor, matter):
    return actor.is_system_admin or (Role.CONGRESS_STAFF in actor.roles and matter.owner_congress_id in actor.congress_ids)


@access.rule(Matter, "decide_extension", "decide_reassignment")
def may_decide_extension(actor, matter):
    return _owner_staff(actor, matter)


@access.rule(Matter, "supervise")
def may_supervise(actor, matter):
    # Leaders lead supervision (领衔督办) as well as staff.
    return actor.is_system_admin or (actor.is_congress_staff and matter.owner_congress_id in actor.congress_ids)
