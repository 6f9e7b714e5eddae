"""The citizen's phone pages: post a wish (also behind a station's QR code, ?station=<code>), see
its tracking code, follow it with the code and the phone's last four digits, and confirm that it
arrived. No account is needed; a signed-in citizen also finds the wishes they posted."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from minyi.accounts import access
from minyi.opinions.forms import picker_levels
from minyi.organisations.models import Station
from minyi.representatives import personal_data

from .. import services
from ..forms import NotReceivedForm, PostingForm, TrackForm, attach_service_errors
from ..models import Wish, WishPhoto
from .common import STATE_EXPLANATIONS, history, place

CODE_MAX_LENGTH = 16
SESSION_KEY = "minyi_tracked_wishes"
SESSION_LIMIT = 20
HOME_ITEMS = 5


# The same limits as the opinions' intake: a station's staff may post for many people from one network.
def post_rate_per_address():
    return settings.OPINION_SUBMIT_RATE_PER_ADDRESS


def post_rate_per_phone():
    return settings.OPINION_SUBMIT_RATE_PER_PHONE


def track_rate_per_address():
    return settings.OPINION_TRACK_RATE_PER_ADDRESS


# --- Which wishes this browser may follow ------------------------------------------------------------
# After posting, or entering the code with the phone's last digits, the wish's id is kept in the
# session, so the sent page, the wish's page and its photos do not ask again. Nothing else is kept.


def remember(request, wish):
    ids = [pk for pk in request.session.get(SESSION_KEY, []) if pk != wish.pk]
    request.session[SESSION_KEY] = [wish.pk, *ids][:SESSION_LIMIT]


def proven_ids(request):
    return set(request.session.get(SESSION_KEY, [])) if hasattr(request, "session") else set()


def proven_wish(request, code):
    code = services.normalised_code(code)
    if not code.isalnum() or len(code) > CODE_MAX_LENGTH:
        return None
    wish = Wish.objects.filter(code=code).select_related("region", "station", "congress").first()
    if wish is None:
        return None
    if wish.pk in proven_ids(request):
        return wish
    if request.user.is_authenticated and wish.citizen_id == request.user.pk:
        return wish
    return None


def track_url(code=""):
    url = reverse("wishes:track")
    return f"{url}?{urlencode({'code': code})}" if code else url


# --- Posting ---------------------------------------------------------------------------------------


def station_from(source):
    """The station a QR code pointed at, and a notice when the code is unknown."""
    code = (source.get("station") or "").strip()
    if not code:
        return None, ""
    station = None
    if code.isalnum() and len(code) <= CODE_MAX_LENGTH:
        station = (Station.objects.filter(public_code__in={code, code.lower(), code.upper()}, is_active=True)
                   .select_related("congress").first())
    if station is None or not station.congress.is_active:
        return None, _("We could not find a station with that code. You can still post your wish: it goes to the congress of the place you choose.")
    return station, ""


def _phone_key(group, request):
    try:
        number = personal_data.normalise_phone(request.POST.get("phone", ""))
    except ValidationError:
        number = ""
    return personal_data.lookup_hash(number) if number else ""


def _too_many_postings(request):
    if is_ratelimited(request, group="wishes:post:ip", key="ip", rate=post_rate_per_address(), method="POST", increment=True):
        return True
    if not _phone_key("", request):
        return False
    return is_ratelimited(request, group="wishes:post:phone", key=_phone_key, rate=post_rate_per_phone(), method="POST", increment=True)


def new(request):
    source = request.POST if request.method == "POST" else request.GET
    station, notice = station_from(source)
    status = 200
    if request.method == "POST":
        form = PostingForm(request.POST)
        status = 400  # unless it is saved below
        if _too_many_postings(request):
            form.is_valid()
            form.add_error(None, _("Too many wishes have been posted from this network or phone number in the last hour. Please try again later; what you typed is kept below."))
            status = 429
        elif form.is_valid():
            channel = Wish.Channel.STATION_CODE if station else Wish.Channel.H5
            try:
                wish, _created = services.post(form.posting(), user=request.user, station=station, channel=channel,
                                               idempotency_key=form.cleaned_data["idempotency_key"] or None)
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                remember(request, wish)
                return redirect("wishes:sent", code=wish.code)
    else:
        initial = {"station": station.public_code if station else ""}
        if station is not None:
            initial["region_code"] = station.region_id
        form = PostingForm(initial=initial)
    region_code = form.data.get("region_code", "") if form.is_bound else form.initial.get("region_code", "")
    context = {"form": form, "station": station, "target_notice": notice, "picker": picker_levels(region_code), "page_title": _("Post a micro-wish"),
               "back_url": reverse("wishes:wall")}
    return render(request, "wishes/mobile/new.html", context, status=status)


def sent(request, code):
    wish = proven_wish(request, code)
    if wish is None:
        return redirect(track_url(code))
    return render(request, "wishes/mobile/sent.html", {"wish": wish, "page_title": _("Wish posted")})


# --- Following it ----------------------------------------------------------------------------------


def track(request):
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        status = 400
        if is_ratelimited(request, group="wishes:track:ip", key="ip", rate=track_rate_per_address(), method="POST", increment=True):
            form.is_valid()
            form.add_error(None, _("Too many tracking codes were tried from this network in the last hour. Please try again later."))
            status = 429
        elif form.is_valid():
            try:
                wish = services.find_by_code(form.cleaned_data["code"], form.cleaned_data["phone_last4"])
            except services.CodeRefused:
                form.add_error(None, _("No wish matches this code and these digits. Check both and try again."))
            else:
                remember(request, wish)
                return redirect("wishes:detail", code=wish.code)
    else:
        form = TrackForm(initial={"code": request.GET.get("code", "")[:20]})
    return render(request, "wishes/mobile/track.html", {"form": form, "page_title": _("Follow my wish"), "back_url": reverse("wishes:wall")},
                  status=status)


def detail(request, code):
    """The wish as its citizen sees it: its state in words, the history, the proof; confirm receipt."""
    wish = proven_wish(request, code)
    if wish is None:
        return redirect(track_url(code))
    missing_form = NotReceivedForm(prefix="missing")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                services.confirm_received(wish)
                messages.success(request, _("Thank you: you confirmed that the wish arrived."))
                return redirect("wishes:detail", code=wish.code)
            if action == "not_received":
                missing_form = NotReceivedForm(request.POST, prefix="missing")
                if missing_form.is_valid():
                    services.report_not_received(wish, note=missing_form.cleaned_data["note"])
                    messages.success(request, _("We told the claimer what is missing."))
                    return redirect("wishes:detail", code=wish.code)
            else:
                raise Http404
        except services.WishRefused as refusal:
            messages.error(request, str(refusal))
            wish.refresh_from_db()
        except ValidationError as error:
            attach_service_errors(missing_form, error)
        status = 400
    context = {
        "wish": wish, "place": place(wish), "explanation": STATE_EXPLANATIONS.get(wish.state, ""),
        "history": history(wish, with_photos=True), "missing_form": missing_form if wish.state == Wish.State.FULFILLED else None,
        "page_title": _("My micro-wish"), "back_url": reverse("wishes:wall"),
    }
    return render(request, "wishes/mobile/detail.html", context, status=status)


# --- Proof photos ----------------------------------------------------------------------------------


@require_GET
def photo(request, pk, variant="file"):
    """A proof photo for those who may see the wish: its citizen (by code), its claimer, the staff."""
    found = access.visible(request.user, WishPhoto.objects.filter(pk=pk)).first()
    if found is None:
        found = WishPhoto.objects.filter(pk=pk, wish_id__in=proven_ids(request)).first()
    if found is None:
        raise Http404
    stored = found.thumbnail if variant == "thumbnail" and found.thumbnail else found.file
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The citizen's home --------------------------------------------------------------------------------


def citizen_home_items(actor):
    """The citizen home's lines (minyi.public.portal): the wishes they posted signed in, then those
    they claimed as a volunteer, and the way to the wall."""
    if actor.user is None:
        return []
    posted = Wish.objects.filter(citizen=actor.user).order_by("-posted_at", "-pk")[:HOME_ITEMS]
    items = [{"title": _("My wish: %(title)s") % {"title": wish.title}, "status": wish.get_state_display(),
              "url": reverse("wishes:detail", args=[wish.code])} for wish in posted]
    claimed = Wish.objects.filter(claimer_kind=Wish.ClaimerKind.VOLUNTEER, claimer_user=actor.user).order_by("-claimed_at", "-pk")[:HOME_ITEMS]
    items += [{"title": _("Claimed by me: %(title)s") % {"title": wish.title}, "status": wish.get_state_display(),
               "url": reverse("wishes:claim_detail", args=[wish.pk])} for wish in claimed]
    items.append({"title": _("Micro-wishes wall"), "status": _("Post a wish, or claim one and make it come true"), "url": reverse("wishes:wall")})
    return items
