"""The congress staff's desk for micro-wishes: the list (waiting for review first), a wish entered for
a citizen, and one wish with the citizen's contact, the review (publish, possibly with corrected
wording, or decline with a reason), the claim and its proof, and the confirmation of receipt on the
citizen's behalf when they cannot confirm themselves. Leaders read the same without the buttons;
staff of another congress do not find the wish at all."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.opinions.forms import picker_levels

from .. import services
from ..forms import PublishForm, ReasonForm, StaffPostingForm, attach_service_errors
from ..models import Wish
from .common import history, place

LIST_LIMIT = 300
STATE_ORDER = ["reviewing", "fulfilled", "claimed", "published", "confirmed", "declined"]


def _desk(request):
    return access.require_role(request.user, Role.CONGRESS_STAFF, Role.LEADER, request=request)


def in_scope(actor):
    return Wish.objects.filter(actor.region_q("congress__region"))


def waiting_for_review(actor):
    """The desk menu's badge and the workbench line: wishes the actor's congresses have not reviewed."""
    if not (actor.is_system_admin or Role.CONGRESS_STAFF in actor.roles):
        return None
    return in_scope(actor).filter(state=Wish.State.REVIEWING).count() or None


@login_required
def desk_list(request):
    actor = _desk(request)
    wishes = in_scope(actor).select_related("region", "station", "congress")
    counts = dict(in_scope(actor).order_by().values("state").annotate(n=Count("pk")).values_list("state", "n"))
    state = request.GET.get("state", "")
    if state in Wish.State.values:
        wishes = wishes.filter(state=state)
    else:
        state = ""
    search = (request.GET.get("q") or "").strip()[:50]
    if search:
        wishes = wishes.filter(Q(title__icontains=search) | Q(text__icontains=search) | Q(code__iexact=search))
    rows = sorted(wishes.order_by("-posted_at", "-pk")[:LIST_LIMIT], key=lambda wish: STATE_ORDER.index(wish.state))
    states = [(value, label, counts.get(value, 0)) for value, label in Wish.State.choices]
    context = {"rows": [{"wish": w, "place": place(w)} for w in rows], "states": states, "state": state, "search": search,
               "may_enter": actor.may_edit_organisation, "page_title": _("Micro-wishes")}
    return render(request, "wishes/desk/list.html", context)


@login_required
def desk_new(request):
    """A wish a citizen brought to the staff (by phone, at the office)."""
    actor = _desk(request)
    if not actor.may_edit_organisation:
        raise PermissionDenied
    form = StaffPostingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                wish = services.post_for_citizen(actor, form.posting(), publish_now=form.cleaned_data["publish_now"])
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                messages.success(request, _("The wish was entered. Give the citizen its tracking code: %(code)s") % {"code": wish.code})
                return redirect("wishes:desk_detail", pk=wish.pk)
    region_code = form.data.get("region_code", "") if form.is_bound else ""
    return render(request, "wishes/desk/new.html", {"form": form, "picker": picker_levels(region_code), "page_title": _("Enter a micro-wish")},
                  status=status)


def _forms(wish, data=None, action=""):
    publish_data = data if action == "publish" else None
    decline_data = data if action == "decline" else None
    confirm_data = data if action == "confirm" else None
    return {
        "publish": PublishForm(publish_data, prefix="pub", initial={"title": wish.title, "text": wish.text, "for_whom": wish.for_whom}),
        "decline": ReasonForm(decline_data, prefix="decline", label=_("Why is it not published?"),
                              help_text=_("The citizen reads this on the wish's page.")),
        "confirm": ReasonForm(confirm_data, prefix="confirm", label=_("How do you know the wish was received?"),
                              help_text=_("For a citizen who cannot confirm it themselves, e.g. 村委会工作人员上门核实, 本人电话确认.")),
    }


@login_required
def desk_detail(request, pk):
    actor = _desk(request)
    wish = in_scope(actor).select_related("region", "station", "congress__region", "claimer_unit", "claimer_representative").filter(pk=pk).first()
    if wish is None:
        raise Http404
    may_write = services.may_review(actor, wish)
    forms = _forms(wish)
    status, phone = 200, ""
    if request.method == "POST" and request.POST.get("action") == "reveal":
        if not may_write:
            raise PermissionDenied
        phone = services.reveal_phone(actor, wish)
    elif request.method == "POST":
        if not may_write:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action not in forms:
            raise Http404
        forms = _forms(wish, request.POST, action)
        form = forms[action]
        status = 400
        if form.is_valid():
            try:
                if action == "publish":
                    services.publish(actor, wish, **form.cleaned_data)
                    messages.success(request, _("The wish is on the wall."))
                elif action == "decline":
                    services.decline(actor, wish, reason=form.cleaned_data["reason"])
                    messages.success(request, _("The wish was declined; the citizen can read why."))
                else:
                    services.confirm_for_citizen(actor, wish, reason=form.cleaned_data["reason"])
                    messages.success(request, _("The receipt was confirmed for the citizen."))
                return redirect("wishes:desk_detail", pk=wish.pk)
            except services.WishRefused as refusal:
                # Said above the page: the form it came from may no longer be shown in the wish's new state.
                messages.error(request, str(refusal))
                wish.refresh_from_db()
            except ValidationError as error:
                attach_service_errors(form, error)
    context = {"wish": wish, "place": place(wish), "history": history(wish, with_photos=True), "may_write": may_write, "forms": forms,
               "may_see_contact": may_write, "phone": phone, "page_title": wish.title}
    response = render(request, "wishes/desk/detail.html", context, status=status)
    if phone:
        response["Cache-Control"] = "no-store"
    return response


def workbench_items(actor):
    """The workbench lines: wishes to review (staff), claimed wishes to fulfil (units)."""
    items = []
    waiting = waiting_for_review(actor)
    if waiting:
        items.append({"label": _("Micro-wishes waiting for review"), "count": waiting, "url": reverse("wishes:desk_list") + "?state=reviewing"})
    if actor.unit_ids:
        to_fulfil = Wish.objects.filter(claimer_unit_id__in=actor.unit_ids, state=Wish.State.CLAIMED).count()
        if to_fulfil:
            items.append({"label": _("Micro-wishes your unit claimed, to fulfil"), "count": to_fulfil, "url": reverse("wishes:unit_list")})
    return items
