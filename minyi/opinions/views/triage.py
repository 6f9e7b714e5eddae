"""The congress staff's desk for opinions: the inbox (filters, search, tabs, bulk actions, Excel)
and one opinion's page with everything staff need and the actions they may take."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.matters import labels
from minyi.matters import services as engine
from minyi.matters.models import Assignment, Attachment, Channel, DeadlineState, HandlingClass, Matter, TimelineEvent
from minyi.organisations.models import Unit
from minyi.regions.models import Region

from .. import inbox as inbox_queries
from .. import services
from ..models import Category
from ..policy import KIND
from . import staff_actions

DESK_ROLES = (Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN)
BULK_LIMIT = 200


def _actor(request):
    return access.require_role(request.user, *DESK_ROLES, request=request)


# --- The inbox ----------------------------------------------------------------------------------


def _filter_options(actor):
    return {
        "statuses": inbox_queries.status_choices(),
        "categories": list(Category.objects.filter(is_active=True).values_list("code", "name")),
        "regions": inbox_queries.region_choices(actor),
        "channels": Channel.choices,
        "deadlines": DeadlineState.choices,
        "classes": HandlingClass.choices,
        "congresses": inbox_queries.congress_choices(actor),
        "sorts": [
            ("-created", _("Newest first")), ("created", _("Oldest first")), ("-updated", _("Recently changed")),
            ("status", _("By status")), ("region", _("By place")),
        ],
    }


def _sort_links(filters):
    """For each sortable column: the query that sorts by it (flipping when it is the current one)
    and the arrow to show."""
    links = {}
    for column, default in (("created", "-created"), ("updated", "-updated"), ("status", "status"), ("region", "region")):
        current = filters.sort.lstrip("-") == column
        target = (filters.sort[1:] if filters.sort.startswith("-") else "-" + filters.sort) if current else default
        arrow = ("down" if filters.sort.startswith("-") else "up") if current else ""
        links[column] = {"query": filters.as_query(sort=target), "arrow": arrow}
    return links


def _bulk_units(actor):
    """Units staff may assign to in bulk: those of their own congresses' regions."""
    if actor.is_system_admin:
        return Unit.objects.filter(is_active=True).order_by("region_id", "name")[:500]
    from minyi.organisations.models import Congress

    regions = Congress.objects.filter(pk__in=actor.congress_ids).values("region_id")
    return Unit.objects.filter(region_id__in=regions, is_active=True).order_by("region_id", "name")


def inbox_context(request, actor, filters):
    queryset = inbox_queries.staff_inbox(actor, filters)
    page = inbox_queries.page_of(queryset, filters.page)
    counts = inbox_queries.status_counts(actor, filters)
    tabs = [{"key": "", "label": _("All"), "count": counts[""], "query": filters.as_query(status="")}]
    tabs += [
        {"key": key, "label": label, "count": counts[key], "query": filters.as_query(status=key)} for key, label in inbox_queries.status_choices()
    ]
    may_write = actor.is_system_admin or Role.CONGRESS_STAFF in actor.roles
    return {
        "filters": filters,
        "page": page,
        "tabs": tabs,
        "options": _filter_options(actor),
        "sort_links": _sort_links(filters),
        "query": filters.as_query(),
        "may_write": may_write,
        "bulk_units": list(_bulk_units(actor)) if may_write else [],
        "bulk_categories": list(Category.objects.filter(is_active=True).values_list("code", "name")),
        "bulk_classes": HandlingClass.choices,
        "count_cap": inbox_queries.COUNT_CAP,
        "return_to": request.get_full_path(),
    }


@login_required
def inbox(request):
    actor = _actor(request)
    filters = inbox_queries.InboxFilters.from_query(request.GET)
    context = inbox_context(request, actor, filters)
    if request.htmx and request.htmx.target == "inbox-results":
        return render(request, "opinions/desk/_inbox_results.html", context)
    return render(request, "opinions/desk/inbox.html", context)


@login_required
def export(request):
    actor = _actor(request)
    filters = inbox_queries.InboxFilters.from_query(request.GET)
    return inbox_queries.export_response(request, inbox_queries.staff_inbox(actor, filters), filters.as_dict())


def _back(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("opinions:inbox")


def _selected(request, actor):
    """[(pk, version)] of the ticked rows, read from values "pk:version"; malformed ones are skipped."""
    chosen = []
    for value in request.POST.getlist("items")[:BULK_LIMIT]:
        pk, _sep, version = value.partition(":")
        if pk.isdigit() and version.isdigit():
            chosen.append((int(pk), int(version)))
    return chosen


def _bulk_one(request, actor, pk, version, action, unit=None, category="", handling_class=HandlingClass.GENERAL):
    matter = access.visible(request.user, Matter.objects.filter(kind=KIND)).select_related("owner_congress").filter(pk=pk).first()
    if matter is None:
        return None, _("not found")
    try:
        if action == "accept":
            services.accept(matter, actor=request.user, category=category, handling_class=handling_class, expected_version=version)
        else:
            if not services.assignable_units(matter).filter(pk=unit.pk).exists():
                return matter, _("the unit does not belong to the congress holding it")
            engine.assign(matter, lead=unit, actor=request.user, expected_version=version)
    except (engine.StaleMatter, engine.TransitionNotAllowed) as error:
        return matter, str(error.message)
    except PermissionDenied:
        return matter, _("you may not do this")
    except ValidationError as error:
        return matter, " ".join(error.messages)
    return matter, None


@login_required
@require_POST
def bulk(request):
    """Accept, assign or export the ticked opinions, each through its own service call: one that
    fails (changed meanwhile, not allowed) is reported and the others still go through."""
    actor = _actor(request)
    action = request.POST.get("action", "")
    chosen = _selected(request, actor)
    if not chosen:
        messages.warning(request, _("Tick at least one opinion first."))
        return redirect(_back(request))
    if action == "export":
        queryset = access.visible(request.user, Matter.objects.filter(kind=KIND, pk__in=[pk for pk, _v in chosen])).order_by("-created_at", "-id")
        return inbox_queries.export_response(request, queryset, {"selected": [pk for pk, _v in chosen]})
    if not (actor.is_system_admin or Role.CONGRESS_STAFF in actor.roles) or action not in ("accept", "assign", "sheets"):
        messages.error(request, _("You may not do this."))
        return redirect(_back(request))
    if action == "sheets":
        return _sheets(request, [pk for pk, _v in chosen])
    unit, category, handling_class = None, "", HandlingClass.GENERAL
    if action == "assign":
        unit_id = request.POST.get("unit", "")
        unit = _bulk_units(actor).filter(pk=int(unit_id)).first() if unit_id.isdigit() else None
        if unit is None:
            messages.error(request, _("Choose the lead unit to assign the ticked opinions to."))
            return redirect(_back(request))
    else:
        category = request.POST.get("category", "")
        if category and not Category.objects.filter(code=category, is_active=True).exists():
            messages.error(request, _("Choose a category from the list."))
            return redirect(_back(request))
        handling_class = request.POST.get("handling_class") or HandlingClass.GENERAL
        if handling_class not in HandlingClass.values:
            handling_class = HandlingClass.GENERAL
    done, failures = 0, []
    for pk, version in chosen:
        matter, problem = _bulk_one(request, actor, pk, version, action, unit=unit, category=category, handling_class=handling_class)
        if problem is None:
            done += 1
        else:
            failures.append(f"{matter.tracking_code if matter else pk}: {problem}")
    if done:
        if action == "accept":
            messages.success(request, _("%(count)d opinions were accepted.") % {"count": done})
        else:
            messages.success(request, _("%(count)d opinions were assigned to %(unit)s.") % {"count": done, "unit": unit.name})
    if failures:
        messages.error(request, _("%(count)d could not be done: %(items)s") % {"count": len(failures), "items": "；".join(failures)})
    return redirect(_back(request))


def _sheets(request, matter_ids):
    """The assignment sheets (交办单) of the ticked opinions' current assignments, lead unit first,
    as one Word file for the assignment meeting."""
    assignments = (
        access.visible(request.user, Assignment.objects.filter(matter_id__in=matter_ids, matter__kind=KIND))
        .exclude(state=Assignment.State.WITHDRAWN)
        .filter(round=F("matter__round"))
        .order_by("matter__created_at", "matter_id", "role", "id")
        .values_list("pk", flat=True)
    )
    ids = list(assignments)
    if not ids:
        messages.warning(request, _("None of the ticked opinions has been assigned yet: there is no sheet to print."))
        return redirect(_back(request))
    return redirect(f"{reverse('matters:assignment_sheets_docx')}?ids={','.join(map(str, ids))}")


# --- One opinion --------------------------------------------------------------------------------


def _matter(request, pk):
    queryset = Matter.objects.filter(kind=KIND).select_related(
        "opinion", "owner_congress__parent", "owner_congress__region", "representative", "station", "merged_into", "escalated_from",
    )
    return access.get_object(request.user, queryset, pk=pk, request=request)


def detail_context(request, actor, matter, bound=None):
    opinion = getattr(matter, "opinion", None)
    name, phone = opinion.contact_for(actor) if opinion else ("", "")
    region = Region.objects.filter(pk=matter.region_code).first()
    attachments = list(access.visible(request.user, Attachment.objects.filter(matter=matter)))
    events = list(access.visible(request.user, TimelineEvent.objects.filter(matter=matter)).order_by("at", "id"))
    by_event = {}
    for attachment in attachments:
        by_event.setdefault(attachment.event_id, []).append(attachment)
    timeline = [{"event": e, "label": labels.event_label(e), "attachments": by_event.get(e.pk, [])} for e in events]
    assignments = list(
        matter.assignments.select_related("unit").prefetch_related("extensions", "reassignment_requests").order_by("round", "role", "id")
    )
    keys = staff_actions.offered(actor, matter)
    extensions = staff_actions.pending_extensions(matter) if "decide_extension" in keys else []
    reassignments = staff_actions.pending_reassignments(matter) if "decide_reassignment" in keys else []

    def decision_forms(items, form_class):
        result = []
        for item in items:
            form = bound if isinstance(bound, form_class) and bound.request_id == item.pk else form_class(matter=matter, actor=actor, request_id=item.pk)
            result.append({"item": item, "form": form})
        return result

    merge_query = request.GET.get("merge_q", "").strip()[:100] or (bound.data.get("merge-q", "") if bound is not None and bound.key == "merge" else "")
    panels = staff_actions.panels(actor, matter, keys, bound)
    category = Category.objects.filter(code=matter.category).first() if matter.category else None
    return {
        "matter": matter,
        "opinion": opinion,
        "contact_name": name,
        "contact_phone": phone,
        "region": region,
        "category": category,
        "state_label": matter.policy.states.get(matter.status).label if matter.status in matter.policy.states else matter.status,
        "photos": [a for a in attachments if a.kind == Attachment.Kind.IMAGE],
        "documents": [a for a in attachments if a.kind == Attachment.Kind.DOCUMENT],
        "timeline": timeline,
        "assignments": assignments,
        "replies": list(access.visible(request.user, matter.replies.select_related("assignment__unit", "by"))),
        "evaluations": list(matter.evaluations.all()),
        "supervisions": list(matter.supervisions.select_related("by")),
        "merged_from": list(matter.merged_from.all().only("pk", "tracking_code", "title", "status")),
        "extension_decisions": decision_forms(extensions, staff_actions.ExtensionDecisionForm),
        "reassignment_decisions": decision_forms(reassignments, staff_actions.ReassignmentDecisionForm),
        "panels": panels,
        "panel_keys": [p.key for p in panels],
        "merge_query": merge_query,
        "merge_candidates": staff_actions.merge_candidates(request.user, matter, merge_query) if "merge" in keys and merge_query else [],
        "bound": bound,
        "may_write": actor.is_system_admin or Role.CONGRESS_STAFF in actor.roles,
        "states": matter.policy.states,
    }


@login_required
def detail(request, pk):
    actor = _actor(request)
    matter = _matter(request, pk)
    if request.method == "POST":
        key = request.POST.get("action", "")
        form = staff_actions.bind(key, request.POST, matter=matter, actor=actor, request_id=request.POST.get("request_id"))
        if form is None:
            messages.error(request, _("That request has already been decided or no longer exists; the page shows the opinion as it is now."))
            return redirect("opinions:desk_detail", pk=matter.pk)
        if form.is_valid():
            message = staff_actions.run(form, request.user)
            if message is not None:
                messages.success(request, message)
                return redirect("opinions:desk_detail", pk=matter.pk)
        # Show the page again with the form as typed and why it did not go through. A stale form
        # now carries the current version: the page shows the opinion as it is, and sending the
        # same input again is a deliberate second decision.
        matter = _matter(request, pk)
        stale = _is_stale(form)
        if stale:
            form.data = form.data.copy()
            form.data[form.add_prefix("expected_version")] = str(matter.version)
        form.matter = matter
        context = detail_context(request, actor, matter, bound=form)
        return render(request, "opinions/desk/detail.html", context, status=409 if stale else 400)
    context = detail_context(request, actor, matter)
    if request.htmx and request.htmx.target == "merge-candidates":
        return render(request, "opinions/desk/_merge_candidates.html", context)
    return render(request, "opinions/desk/detail.html", context)


def _is_stale(form):
    return str(engine.StaleMatter.message) in [str(e) for e in form.non_field_errors()]

