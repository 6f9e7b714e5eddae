"""Staff pages for grids (网格) and the representatives responsible for them (代表入网、服务到格)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.manage_exports import export_query, exporter, maybe_export
from minyi.accounts.manage_forms import add_service_errors
from minyi.accounts.models import Role

from . import services
from .desk_views import PAGE_SIZE, staff_page
from .forms import GridAssignForm, GridEndForm, GridFilterForm, GridForm
from .models import Grid, GridResponsibility


def _may_create(user):
    who = access.actor_for(user)
    return who.is_system_admin or who.is_congress_staff


@staff_page
def grid_list(request):
    form = GridFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    grids = access.visible(request.user, Grid.objects.select_related("region"))
    q = (filters.get("q") or "").strip()
    if q:
        grids = grids.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(region__name__icontains=q) | Q(region__code=q))
    status = filters.get("status") or "active"
    if status != "all":
        grids = grids.filter(is_active=status == "active")
    grids = grids.order_by("region_id", "code")
    response = maybe_export(request, "grids", grids)
    if response is not None:
        return response
    current = GridResponsibility.objects.current().select_related("representative").order_by("representative__name")
    page = Paginator(grids.prefetch_related(Prefetch("responsibilities", queryset=current, to_attr="current")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "representatives/desk/grids.html",
        {
            "page_title": _("Grids"),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": _may_create(request.user),
            "export_available": exporter("grids") is not None,
            "export_query": export_query(request),
        },
    )


@staff_page
def grid_create(request):
    if not _may_create(request.user):
        access.require_role(request.user, Role.CONGRESS_STAFF, Role.SYSTEM_ADMIN, request=request)
    form = GridForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grid = services.create_grid(region=data["region"], name=data["name"], code=data["code"], actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The grid %(name)s has been created.") % {"name": grid.name})
            return redirect("representatives:grid_detail", pk=grid.pk)
    return render(request, "representatives/desk/grid_form.html", {"form": form, "page_title": _("New grid")})


def _grid(request, pk, action="view"):
    return access.get_object(request.user, Grid.objects.select_related("region"), action=action, request=request, pk=pk)


@staff_page
def grid_detail(request, pk):
    return _render_detail(request, _grid(request, pk))


def _render_detail(request, grid, assign_form=None):
    can_manage = access.can(request.user, "manage", grid)
    today = timezone.localdate()
    responsibilities = list(grid.responsibilities.select_related("representative").order_by("-start"))
    for responsibility in responsibilities:
        responsibility.can_end = can_manage and (responsibility.end is None or responsibility.end >= today)
    if assign_form is None and can_manage:
        assign_form = GridAssignForm(user=request.user)
    return render(
        request,
        "representatives/desk/grid_detail.html",
        {
            "grid": grid,
            "page_title": grid.name,
            "responsibilities": responsibilities,
            "can_manage": can_manage,
            "assign_form": assign_form,
            "end_form": GridEndForm(initial={"end": today}),
        },
    )


@staff_page
def grid_edit(request, pk):
    grid = _grid(request, pk, action="manage")
    form = GridForm(
        request.POST or None, user=request.user, grid=grid, initial={"name": grid.name, "code": grid.code, "is_active": grid.is_active}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_grid(grid, name=data["name"], code=data["code"], is_active=data["is_active"], actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The grid has been saved."))
            return redirect("representatives:grid_detail", pk=grid.pk)
    return render(
        request, "representatives/desk/grid_form.html", {"form": form, "grid": grid, "page_title": _("Edit %(name)s") % {"name": grid.name}}
    )


@staff_page
def grid_assign(request, pk):
    grid = _grid(request, pk, action="manage")
    if request.method != "POST":
        return redirect("representatives:grid_detail", pk=grid.pk)
    form = GridAssignForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assign_grid(grid, data["representative"], start=data["start"], end=data["end"], actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("%(name)s is now responsible for this grid.") % {"name": data["representative"].name})
            return redirect("representatives:grid_detail", pk=grid.pk)
    return _render_detail(request, grid, form)


@staff_page
def grid_responsibility_end(request, pk):
    responsibility = access.get_object(
        request.user, GridResponsibility.objects.select_related("grid", "representative"), action="manage", request=request, pk=pk
    )
    if request.method != "POST":
        return redirect("representatives:grid_detail", pk=responsibility.grid_id)
    form = GridEndForm(request.POST)
    if form.is_valid():
        try:
            services.end_grid_responsibility(responsibility, on=form.cleaned_data["end"], actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The responsibility has been ended."))
    else:
        messages.error(request, _("Enter a valid last day."))
    return redirect("representatives:grid_detail", pk=responsibility.grid_id)
