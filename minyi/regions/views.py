"""The region pages of the desk: browse the tree within one's scope, search it, add and
deactivate local regions. Thin: load through `access`, change through `services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from minyi.accounts import access
from minyi.accounts.models import Role

from . import services
from .codes import ancestor_codes
from .forms import LocalRegionForm, RegionSearchForm, village_choices
from .models import Level, Region, within

STAFF = (Role.CONGRESS_STAFF, Role.LEADER, Role.SYSTEM_ADMIN)
SEARCH_LIMIT = 100


def _exporter():
    """`minyi.transfers.exports.export_response` once the Excel transfers app can export
    regions (it records the export itself); until then the pages hide their export button."""
    try:
        from minyi.transfers import registry
        from minyi.transfers.exports import export_response

        registry.get("regions")
    except (ImportError, LookupError):
        return None
    return export_response


def _tops(user, actor):
    if actor.is_system_admin:
        return access.visible(user, Region.objects.filter(parent__isnull=True))
    codes = [prefix.ljust(12, "0") for prefix in actor.region_prefixes]
    return access.visible(user, Region.objects.filter(code__in=codes))


def _with_counts(queryset):
    return queryset.annotate(
        active_children=Count("children", filter=Q(children__is_active=True)),
        all_children=Count("children"),
    )


@login_required
def browse(request):
    """The top of the actor's tree: their congresses' regions (everything, for administrators)."""
    actor = access.require_role(request.user, *STAFF, request=request)
    tops = list(_with_counts(_tops(request.user, actor)).order_by("code"))
    if len(tops) == 1:
        return redirect("regions:detail", code=tops[0].code)
    return render(request, "regions/browse.html", {"regions": tops, "search_form": RegionSearchForm()})


@login_required
def detail(request, code):
    access.require_role(request.user, *STAFF, request=request)
    region = access.get_object(request.user, Region.objects.select_related("parent"), code=code)
    show_inactive = request.GET.get("inactive") == "1"
    children = _with_counts(access.visible(request.user, region.children.all())).order_by("code")
    inactive_count = children.filter(is_active=False).count()
    if not show_inactive:
        children = children.filter(is_active=True)
    ancestors = access.visible(request.user, Region.objects.filter(code__in=ancestor_codes(code))).order_by("level")
    context = {
        "region": region,
        "ancestors": ancestors,
        "children": children,
        "show_inactive": show_inactive,
        "inactive_count": inactive_count,
        "may_add": region.level < Level.VILLAGE and region.is_active and access.can(request.user, "add_child", region),
        "may_deactivate": region.is_local and region.is_active and access.can(request.user, "manage", region),
        "search_form": RegionSearchForm(),
        "export_available": _exporter() is not None,
        "child_level": Level(region.level + 1).label if region.level < Level.VILLAGE else "",
    }
    return render(request, "regions/detail.html", context)


def _search(user, query):
    regions = access.visible(user, Region.objects.select_related("parent"))
    query = query.strip()
    if query.isdigit():
        return regions.filter(within("code", query[:12]))
    return regions.filter(name__icontains=query)


@login_required
def search(request):
    access.require_role(request.user, *STAFF, request=request)
    form = RegionSearchForm(request.GET or None)
    results, total = [], 0
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    if query.strip():
        found = _search(request.user, query).order_by("level", "code")
        total = found.count()
        results = list(found[:SEARCH_LIMIT])
    context = {"search_form": form, "results": results, "total": total, "limit": SEARCH_LIMIT, "query": query,
               "export_available": _exporter() is not None}
    return render(request, "regions/search.html", context)


@login_required
def export(request):
    """The searched regions, or the children of `?parent=`, as an Excel file."""
    access.require_role(request.user, *STAFF, request=request)
    exporter = _exporter()
    if exporter is None:
        raise Http404
    parent, query = request.GET.get("parent", ""), request.GET.get("q", "")
    if parent:
        region = access.get_object(request.user, Region.objects.all(), code=parent)
        regions = access.visible(request.user, region.children.all()).order_by("code")
    else:
        regions = _search(request.user, query).order_by("level", "code") if query.strip() else Region.objects.none()
    return exporter("regions", regions, request, filters={"parent": parent, "q": query})


@login_required
def add_local(request, code):
    access.require_role(request.user, *STAFF, request=request)
    parent = access.get_object(request.user, Region.objects.all(), code=code, action="add_child", request=request)
    if parent.level >= Level.VILLAGE:
        raise Http404
    form = LocalRegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            region = services.add_local_region(
                parent,
                form.cleaned_data["name"],
                code=form.cleaned_data["code"],
                urban_rural_code=form.cleaned_data["urban_rural_code"],
                actor=request.user,
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("%(region)s was added with code %(code)s.") % {"region": region, "code": region.code})
            return redirect("regions:detail", code=parent.code)
    context = {"parent": parent, "form": form, "child_level": Level(parent.level + 1).label}
    return render(request, "regions/add_local.html", context)


@login_required
@require_POST
def deactivate(request, code):
    access.require_role(request.user, *STAFF, request=request)
    region = access.get_object(request.user, Region.objects.all(), code=code, action="manage", request=request)
    try:
        services.deactivate_local_region(region, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(region)s was deactivated.") % {"region": region})
    return redirect("regions:detail", code=region.code)


@login_required
@require_GET
def village_options(request):
    """<option>s of the villages in `?area=` for the village select of a region picker (htmx)."""
    access.require_role(request.user, *STAFF, request=request)
    choices = village_choices(request.user, request.GET.get("area", ""))
    html = format_html_join("", '<option value="{}">{}</option>', ((value, label) for value, label in choices))
    return HttpResponse(html)


def _attach(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


