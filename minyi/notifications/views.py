from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minyi.accounts import access
from minyi.accounts.access import STAFF_ROLES, UNIT_ROLES

from . import services


def layout_for(actor):
    """Staff and unit people read notifications at a desk; citizens and representatives on a phone."""
    if actor.is_system_admin or actor.roles & (STAFF_ROLES | UNIT_ROLES):
        return "layouts/desk.html"
    return "layouts/mobile.html"


@login_required
def centre(request):
    actor = access.actor_for(request.user)
    page = Paginator(services.for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/centre.html",
        {"layout": layout_for(actor), "is_desk": layout_for(actor) == "layouts/desk.html", "page": page, "unread": services.unread_count(request.user)},
    )


@login_required
@require_POST
def mark_read(request, pk):
    notification = services.mark_read(request.user, pk)
    if request.POST.get("open") and notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.link)
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(request.user)
    return redirect("notifications:centre")


@login_required
def preferences(request):
    actor = access.actor_for(request.user)
    if request.method == "POST":
        services.save_preferences(request.user, request.POST)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    layout = layout_for(actor)
    return render(
        request,
        "notifications/preferences.html",
        {"layout": layout, "is_desk": layout == "layouts/desk.html", "rows": services.preferences_for(request.user)},
    )
