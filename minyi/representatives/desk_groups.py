"""Staff pages for representatives' groups (代表小组 and 专业代表小组) of each congress."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts.manage_exports import export_query, exporter, maybe_export
from minyi.accounts.manage_forms import add_service_errors

from . import services
from .desk_views import PAGE_SIZE, staff_page
from .forms import GroupFilterForm, GroupForm, manageable_congresses
from .models import RepresentativeGroup


def _serving(prefix):
    today = timezone.localdate()
    return Q(**{f"{prefix}__start__lte": today}) & (Q(**{f"{prefix}__end__isnull": True}) | Q(**{f"{prefix}__end__gte": today}))


@staff_page
def group_list(request):
    form = GroupFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    groups = access.visible(request.user, RepresentativeGroup.objects.select_related("congress"))
    if filters.get("q"):
        groups = groups.filter(name__icontains=filters["q"].strip())
    if filters.get("congress"):
        groups = groups.filter(congress=filters["congress"])
    if filters.get("kind"):
        groups = groups.filter(kind=filters["kind"])
    groups = groups.order_by("congress__region_id", "kind", "name")
    response = maybe_export(request, "representative_groups", groups)
    if response is not None:
        return response
    groups = groups.annotate(
        members=Count("mandates", filter=_serving("mandates"), distinct=True)
        + Count("professional_mandates", filter=_serving("professional_mandates"), distinct=True)
    )
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    for group in page:
        group.can_manage = access.can(request.user, "manage", group)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "representatives/desk/groups.html",
        {
            "page_title": _("Representatives' groups"),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": manageable_congresses(request.user).exists(),
            "export_available": exporter("representative_groups") is not None,
            "export_query": export_query(request),
        },
    )


@staff_page
def group_create(request):
    form = GroupForm(request.POST or None, user=request.user, initial={"congress": request.GET.get("congress", "")[:12] or None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.create_group(congress=data["congress"], name=data["name"], kind=data["kind"], actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The group %(name)s has been created.") % {"name": group.name})
            return redirect("representatives:groups")
    return render(request, "representatives/desk/group_form.html", {"form": form, "page_title": _("New group")})


@staff_page
def group_edit(request, pk):
    group = access.get_object(request.user, RepresentativeGroup.objects.select_related("congress"), action="manage", request=request, pk=pk)
    form = GroupForm(request.POST or None, user=request.user, group=group, initial={"name": group.name, "kind": group.kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_group(group, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"], actor=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The group has been saved."))
            return redirect("representatives:groups")
    return render(
        request,
        "representatives/desk/group_form.html",
        {"form": form, "group": group, "page_title": _("Edit %(name)s") % {"name": group.name}},
    )


@staff_page
@require_POST
def group_delete(request, pk):
    group = access.get_object(request.user, RepresentativeGroup.objects.all(), action="manage", request=request, pk=pk)
    try:
        services.delete_group(group, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("representatives:group_edit", pk=group.pk)
    messages.success(request, _("The group has been deleted."))
    return redirect("representatives:groups")
