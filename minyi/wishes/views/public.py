"""The public wall (心愿墙): the wishes the congress staff published, with what became of them, for
anyone; no name, no phone, no one the wish is for. A signed-in representative, unit staff member or
citizen volunteer claims a wish from its page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minyi.opinions.forms import served_roots
from minyi.regions.models import Region, prefix_of, within

from .. import services
from ..forms import STATE_FILTERS, ClaimForm, attach_service_errors
from ..models import PUBLIC_STATES, Wish
from .common import history, place

PAGE_SIZE = 20


def area_choices():
    """The districts and counties of the served area (below the city when one city is served)."""
    roots = served_roots()
    if len(roots) == 1:
        return list(Region.objects.filter(parent=roots[0], is_active=True).order_by("code").only("code", "name"))
    return roots


def _chosen(code, options):
    return next((region for region in options if region.code == code), None)


def wall_filters(params):
    """The wall's region and state filters from the query string; anything unknown is ignored."""
    areas = area_choices()
    area = _chosen((params.get("area") or "").strip(), areas)
    towns = list(Region.objects.filter(parent=area, is_active=True).order_by("code").only("code", "name")) if area else []
    town = _chosen((params.get("town") or "").strip(), towns)
    state = (params.get("state") or "").strip()
    if state not in dict(STATE_FILTERS):
        state = ""
    return {"areas": areas, "area": area, "towns": towns, "town": town, "state": state, "states": STATE_FILTERS}


def public_wishes():
    return Wish.objects.filter(state__in=PUBLIC_STATES).select_related("region", "station")


def wall(request):
    filters = wall_filters(request.GET)
    wishes = public_wishes()
    chosen = filters["town"] or filters["area"]
    if chosen is not None:
        wishes = wishes.filter(within("region__code", prefix_of(chosen.code, chosen.level)))
    if filters["state"]:
        wishes = wishes.filter(state=filters["state"])
    page = Paginator(wishes.order_by("-reviewed_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"wish": wish, "place": place(wish)} for wish in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "items": items, "filters": filters, "query": query.urlencode(), "page_title": _("Micro-wishes wall")}
    return render(request, "wishes/public/wall.html", context)


def claimer_page(wish):
    """Where the claimer fulfils the wish: the unit's desk page, or the phone page of a representative or volunteer."""
    return reverse("wishes:unit_detail" if wish.claimer_kind == Wish.ClaimerKind.UNIT else "wishes:claim_detail", args=[wish.pk])


def public_detail(request, pk):
    wish = public_wishes().filter(pk=pk).first()
    if wish is None:
        raise Http404
    options = services.claim_options(request.user) if request.user.is_authenticated else []
    form = ClaimForm(options=options, user=request.user) if options else None
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = ClaimForm(request.POST, options=options, user=request.user)
        status = 400
        if not options:
            messages.error(request, _("Sign in as a representative, a unit's staff member or a citizen to claim a wish."))
        elif form.is_valid():
            try:
                wish = services.claim(request.user, wish, option_key=form.cleaned_data["option"], volunteer_name=form.cleaned_data.get("name", ""))
            except services.WishRefused as refusal:
                # Said above the page: the claim form is gone once someone else holds the wish.
                messages.error(request, str(refusal))
                wish.refresh_from_db()
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("You claimed the wish. Post the proof here when it is fulfilled."))
                return redirect(claimer_page(wish))
    context = {
        "wish": wish, "place": place(wish), "history": history(wish, public=True), "form": form if wish.state == Wish.State.PUBLISHED else None,
        "is_mine": request.user.is_authenticated and services.is_claimer(request.user, wish), "page_title": wish.title,
    }
    if context["is_mine"]:
        context["mine_url"] = claimer_page(wish)
    return render(request, "wishes/public/detail.html", context, status=status)


def front_sections():
    """The public front page's card: the wall with its latest wishes waiting to be claimed."""
    waiting = list(public_wishes().filter(state=Wish.State.PUBLISHED).order_by("-reviewed_at", "-pk")[:3])
    return [{"template": "wishes/public/_front_section.html", "wishes": [{"wish": w, "place": place(w)} for w in waiting]}]
