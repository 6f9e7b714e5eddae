"""The claimers' pages: representatives on their phones (wishes to claim near them, and their own),
volunteers (a signed-in citizen's claims), and units on the desk (the wall's wishes to claim, and
their unit's claims: no unit sees another's). On a claimed wish the claimer posts the proof (what
was done and at least one photo) or gives the wish back with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.regions.models import prefix_of, within
from minyi.representatives.models import Mandate

from .. import services
from ..forms import FulfilForm, ReasonForm, attach_service_errors
from ..models import Wish
from .common import STATE_EXPLANATIONS, history, place
from .public import claimer_page, public_wishes

LIST_LIMIT = 100
CLAIMED_STATES = (Wish.State.CLAIMED, Wish.State.FULFILLED, Wish.State.CONFIRMED)


def _items(wishes):
    return [{"wish": wish, "place": place(wish)} for wish in wishes]


def _claim_from_list(request, actor, option_key):
    """A claim button on a list: the wish's id comes with the form; a refusal is told on the list."""
    wish = public_wishes().filter(pk=request.POST.get("wish") or 0).first() if str(request.POST.get("wish", "")).isdigit() else None
    if wish is None:
        raise Http404
    try:
        wish = services.claim(actor, wish, option_key=option_key)
    except (services.WishRefused, ValidationError) as refusal:
        messages.error(request, refusal.messages[0] if isinstance(refusal, ValidationError) else str(refusal))
        return None
    messages.success(request, _("You claimed the wish. Post the proof here when it is fulfilled."))
    return redirect(claimer_page(wish))


# --- Representatives ---------------------------------------------------------------------------------


def _mandate_regions(actor):
    """The areas of the congresses where the representative holds a seat today: "near me" on the list."""
    mandates = Mandate.objects.current().filter(representative_id__in=actor.representative_ids, congress__isnull=False).select_related("congress__region")
    return {prefix_of(m.congress.region_id, m.congress.region.level) for m in mandates}


@login_required
def rep_list(request):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    serving = services.serving_representatives(actor)
    if request.method == "POST":
        option = f"representative:{serving[0].pk}" if serving else ""
        return _claim_from_list(request, actor, option) or redirect(request.get_full_path())
    tab = "mine" if request.GET.get("tab") == "mine" else "open"
    show_all = request.GET.get("all") == "1"
    near = _mandate_regions(actor)
    if tab == "mine":
        wishes = Wish.objects.filter(claimer_representative_id__in=actor.representative_ids, state__in=CLAIMED_STATES)
        wishes = wishes.select_related("region", "station").order_by("state", "-claimed_at", "-pk")
    else:
        wishes = public_wishes().filter(state=Wish.State.PUBLISHED)
        if near and not show_all:
            query = Q(pk__in=[])
            for prefix in near:
                query |= within("region__code", prefix)
            wishes = wishes.filter(query)
        wishes = wishes.order_by("-reviewed_at", "-pk")
    context = {"tab": tab, "items": _items(wishes[:LIST_LIMIT]), "may_claim": bool(serving), "show_all": show_all, "has_near": bool(near),
               "page_title": _("Micro-wishes")}
    return render(request, "wishes/mobile/rep_list.html", context)


# --- Volunteers --------------------------------------------------------------------------------------


@login_required
def my_claims(request):
    access.require_role(request.user, Role.CITIZEN, request=request)
    wishes = (Wish.objects.filter(claimer_kind=Wish.ClaimerKind.VOLUNTEER, claimer_user=request.user, state__in=CLAIMED_STATES)
              .select_related("region", "station").order_by("state", "-claimed_at", "-pk"))
    return render(request, "wishes/mobile/my_claims.html", {"items": _items(wishes[:LIST_LIMIT]), "page_title": _("Wishes I claimed"),
                                                            "back_url": reverse("wishes:wall")})


# --- One claimed wish: fulfil it or give it back -------------------------------------------------------


def _act_on_claim(request, wish, list_url):
    """The claimer's two steps on a claimed wish. Returns (fulfil form, give-back form, response or None);
    after giving it back the claimer returns to their list (the wish is no longer theirs to open)."""
    fulfil_form = FulfilForm(prefix="done")
    back_form = ReasonForm(prefix="back", label=_("Why do you give it back?"), help_text=_("The wish returns to the wall for someone else."))
    if request.method != "POST":
        return fulfil_form, back_form, None
    action = request.POST.get("action")
    form = None
    try:
        if action == "reveal":
            return fulfil_form, back_form, None
        if action == "fulfil":
            form = fulfil_form = FulfilForm(request.POST, request.FILES, prefix="done")
            if fulfil_form.is_valid():
                services.fulfil(request.user, wish, text=fulfil_form.cleaned_data["text"], photos=fulfil_form.cleaned_data["photos"])
                messages.success(request, _("Thank you. The citizen is asked to confirm that they received it."))
                return fulfil_form, back_form, redirect(request.path)
        elif action == "give_back":
            form = back_form = ReasonForm(request.POST, prefix="back", label=_("Why do you give it back?"),
                                          help_text=_("The wish returns to the wall for someone else."))
            if back_form.is_valid():
                services.give_back(request.user, wish, reason=back_form.cleaned_data["reason"])
                messages.success(request, _("You gave the wish back; it is on the wall again."))
                return fulfil_form, back_form, redirect(list_url)
        else:
            raise Http404
    except services.WishRefused as refusal:
        # Said above the page: the form it came from may no longer be shown in the wish's new state.
        messages.error(request, str(refusal))
        wish.refresh_from_db()
    except ValidationError as error:
        attach_service_errors(form, error)
    return fulfil_form, back_form, None


def _claim_context(request, wish, fulfil_form, back_form):
    """The claimed wish with the claimer's forms and how to reach the citizen: a representative or unit
    may read the phone number (each reading audited), a volunteer goes through the station or the staff."""
    claimed = wish.state == Wish.State.CLAIMED
    context = {"wish": wish, "place": place(wish), "explanation": STATE_EXPLANATIONS.get(wish.state, ""),
               "history": history(wish, with_photos=True), "fulfil_form": fulfil_form if claimed else None,
               "back_form": back_form if claimed else None, "photos_sent": bool(fulfil_form.is_bound and fulfil_form.errors),
               "page_title": wish.title, "may_see_contact": services.may_see_contact(request.user, wish), "phone": ""}
    if request.method == "POST" and request.POST.get("action") == "reveal" and context["may_see_contact"]:
        context["phone"] = services.reveal_phone(request.user, wish)
    return context


def _render_claim(request, template, context):
    status = 400 if request.method == "POST" and request.POST.get("action") != "reveal" else 200
    response = render(request, template, context, status=status)
    if context["phone"]:
        response["Cache-Control"] = "no-store"
    return response


@login_required
def claim_detail(request, pk):
    """A representative's or a volunteer's claimed wish, on the phone."""
    actor = access.actor_for(request.user)
    mine = Q(claimer_kind=Wish.ClaimerKind.REPRESENTATIVE, claimer_representative_id__in=actor.representative_ids)
    mine |= Q(claimer_kind=Wish.ClaimerKind.VOLUNTEER, claimer_user=request.user)
    wish = Wish.objects.filter(mine, pk=pk).select_related("region", "station").first()
    if wish is None:
        raise Http404
    if wish.claimer_kind == Wish.ClaimerKind.REPRESENTATIVE:
        list_url = reverse("wishes:rep_list") + "?tab=mine"
    else:
        list_url = reverse("wishes:my_claims")
    fulfil_form, back_form, response = _act_on_claim(request, wish, list_url)
    if response is not None:
        return response
    context = _claim_context(request, wish, fulfil_form, back_form)
    context["back_url"] = list_url
    return _render_claim(request, "wishes/mobile/claim.html", context)


# --- Units on the desk ---------------------------------------------------------------------------------


@login_required
def unit_list(request):
    actor = access.require_role(request.user, Role.UNIT_STAFF, Role.UNIT_ADMIN, request=request)
    options = [o for o in services.claim_options(actor) if o.kind == Wish.ClaimerKind.UNIT]
    if request.method == "POST":
        chosen = f"unit:{request.POST.get('unit', '')}"
        if len(options) == 1:
            chosen = options[0].key
        return _claim_from_list(request, actor, chosen) or redirect(request.get_full_path())
    tab = "open" if request.GET.get("tab") == "open" else "mine"
    if tab == "mine":
        wishes = (Wish.objects.filter(claimer_unit_id__in=actor.unit_ids, state__in=CLAIMED_STATES)
                  .select_related("region", "station", "claimer_unit").order_by("state", "-claimed_at", "-pk"))
    else:
        wishes = public_wishes().filter(state=Wish.State.PUBLISHED).order_by("-reviewed_at", "-pk")
    context = {"tab": tab, "items": _items(wishes[:LIST_LIMIT]), "units": [o.unit for o in options], "page_title": _("Micro-wishes")}
    return render(request, "wishes/desk/unit_list.html", context)


@login_required
def unit_detail(request, pk):
    actor = access.require_role(request.user, Role.UNIT_STAFF, Role.UNIT_ADMIN, request=request)
    wish = (Wish.objects.filter(pk=pk, claimer_kind=Wish.ClaimerKind.UNIT, claimer_unit_id__in=actor.unit_ids)
            .select_related("region", "station", "claimer_unit").first())
    if wish is None:
        raise Http404
    fulfil_form, back_form, response = _act_on_claim(request, wish, reverse("wishes:unit_list"))
    if response is not None:
        return response
    return _render_claim(request, "wishes/desk/unit_detail.html", _claim_context(request, wish, fulfil_form, back_form))
