"""The citizen's phone pages: raise an opinion (also behind a station's or a representative's QR
code), follow it with the tracking code, add to it, and judge the answer. No account is needed;
a signed-in citizen also sees everything they raised."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from minyi.accounts import access
from minyi.matters import attachments
from minyi.matters import services as engine
from minyi.matters.labels import event_label
from minyi.matters.models import Attachment, Channel, Evaluation, Matter, Reply
from minyi.organisations.models import Station
from minyi.representatives import personal_data
from minyi.representatives.models import Representative

from .. import services, tracking
from ..forms import AddInformationForm, EvaluationForm, IntakeForm, TrackForm, attach_service_errors, picker_levels, place_name
from ..policy import KIND

PAGE_SIZE = 20
HOME_ITEMS = 10
CODE_MAX_LENGTH = 16


def submit_rate_per_address():
    return settings.OPINION_SUBMIT_RATE_PER_ADDRESS


def submit_rate_per_phone():
    return settings.OPINION_SUBMIT_RATE_PER_PHONE


def track_rate_per_address():
    return settings.OPINION_TRACK_RATE_PER_ADDRESS


# What each state means to the person who raised the opinion, and what happens next.
STATUS_EXPLANATIONS = {
    "with_representative": gettext_lazy("The representative or station you chose has it. They may settle it on the spot or pass it to the congress staff."),
    "submitted": gettext_lazy("The congress staff will read it and decide who should handle it."),
    "accepted": gettext_lazy("The congress staff accepted it and are choosing the unit that will handle it."),
    "assigned": gettext_lazy("A unit has been asked to handle it and will confirm soon."),
    "handling": gettext_lazy("The unit is handling it. You will see its answer here."),
    "replied": gettext_lazy("There is an answer. Please tell us whether you are satisfied with it."),
    "closed": gettext_lazy("It is finished. Thank you for raising it."),
    "returned": gettext_lazy("It was not accepted; the reason is in the timeline below."),
    "merged": gettext_lazy("It was joined with an opinion about the same problem; you receive that answer and can judge it."),
    "converted": gettext_lazy("A representative took it up into a formal suggestion to the government; follow it below."),
}


# --- Raising an opinion ------------------------------------------------------------------------


def _target(request, source):
    """The station or representative a QR code pointed at: (station, representative, notice)."""
    station_code = (source.get("station") or "").strip()
    rep_code = (source.get("rep") or "").strip()
    if station_code:
        station = None
        if station_code.isalnum() and len(station_code) <= CODE_MAX_LENGTH:
            station = Station.objects.filter(public_code__in={station_code, station_code.lower(), station_code.upper()}, is_active=True).select_related("congress").first()
        if station is None or not station.congress.is_active:
            return None, None, _("We could not find a station with that code. You can still send your opinion: it goes to the congress of the place you choose.")
        return station, None, ""
    if rep_code:
        representative = None
        if rep_code.isalnum() and len(rep_code) <= CODE_MAX_LENGTH:
            representative = Representative.objects.filter(public_code__in={rep_code, rep_code.lower(), rep_code.upper()}).first()
        if representative is None or not representative.mandates.current().exists():
            return None, None, _("We could not find a serving representative with that code. You can still send your opinion: it goes to the congress of the place you choose.")
        return None, representative, ""
    return None, None, ""


def _phone_key(group, request):
    try:
        number = personal_data.normalise_phone(request.POST.get("phone", ""))
    except ValidationError:
        number = ""
    return personal_data.lookup_hash(number) if number else ""


def _too_many_submissions(request):
    if is_ratelimited(request, group="opinions:submit:ip", key="ip", rate=submit_rate_per_address(), method="POST", increment=True):
        return True
    if not _phone_key("", request):
        return False
    return is_ratelimited(request, group="opinions:submit:phone", key=_phone_key, rate=submit_rate_per_phone(), method="POST", increment=True)


def new(request):
    """The intake form. GET ?station=<code> or ?rep=<code> (from a QR code) addresses it."""
    source = request.POST if request.method == "POST" else request.GET
    station, representative, notice = _target(request, source)
    status = 200
    if request.method == "POST":
        if _too_many_submissions(request):
            # Keep what was typed (the photos cannot be kept by a browser); refuse before the photos are read.
            form = IntakeForm(request.POST)
            form.is_valid()
            form.add_error(None, _("Too many opinions have been sent from this network or phone number in the last hour. Please try again later; what you typed is kept below."))
            status = 429
        else:
            form = IntakeForm(request.POST, request.FILES)
            if form.is_valid():
                channel = Channel.STATION_CODE if station else Channel.REPRESENTATIVE_CODE if representative else Channel.H5
                try:
                    matter, _created = services.submit(
                        form.submission(), actor=request.user, channel=channel, representative=representative, station=station,
                        idempotency_key=form.cleaned_data["idempotency_key"] or None,
                    )
                except ValidationError as error:
                    attach_service_errors(form, error)
                else:
                    tracking.remember(request, matter)
                    return redirect("opinions:sent", code=matter.tracking_code)
    else:
        initial = {"station": station.public_code if station else "", "rep": representative.public_code if representative else ""}
        if station is not None:
            initial["region_code"] = station.region_id
        form = IntakeForm(initial=initial)
    region_code = form.data.get("region_code", "") if form.is_bound else form.initial.get("region_code", "")
    photos_lost = form.is_bound and bool(form.errors) and bool(request.FILES)
    context = {
        "form": form, "station": station, "representative": representative, "target_notice": notice,
        "picker": picker_levels(region_code), "photo_limit": attachments.MAX_PHOTOS, "photos_lost": photos_lost,
        "page_title": _("Raise an opinion"),
    }
    return render(request, "opinions/mobile/new.html", context, status=status)


@require_GET
def region_options(request):
    """The region picker for the place chosen so far (htmx swaps it in when a select changes)."""
    code = (request.GET.get("pick") or request.GET.get("code") or "").strip()
    if not (code.isdigit() and len(code) == 12):
        code = ""
    return render(request, "opinions/mobile/_region_picker.html", {"picker": picker_levels(code)})


def sent(request, code):
    """After sending: the tracking code, big. Only for the browser that sent it (or proved the code)."""
    matter = _proven_matter(request, code)
    if matter is None:
        return redirect(_track_url(code))
    return render(request, "opinions/mobile/sent.html", {"matter": matter, "opinion": matter.opinion, "page_title": _("Opinion sent")})


# --- Following it with the tracking code -----------------------------------------------------


def _track_url(code=""):
    url = reverse("opinions:track")
    return f"{url}?{urlencode({'code': code})}" if code else url


def _proven_matter(request, code):
    """The opinion behind `code` when this browser proved the code, or the signed-in citizen raised it."""
    code = (code or "").strip().upper()
    if not code.isalnum() or len(code) > CODE_MAX_LENGTH:
        return None
    matter = Matter.objects.filter(kind=KIND, tracking_code=code).select_related("opinion", "merged_into", "converted_to", "station", "representative").first()
    if matter is None:
        return None
    if tracking.is_proven(request, matter):
        return matter
    if request.user.is_authenticated and matter.raised_by_id == request.user.pk:
        return matter
    return None


def track(request):
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if is_ratelimited(request, group="opinions:track:ip", key="ip", rate=track_rate_per_address(), method="POST", increment=True):
            form.is_valid()
            form.add_error(None, _("Too many tracking codes were tried from this network in the last hour. Please try again later."))
            status = 429
        elif form.is_valid():
            try:
                matter = services.find_by_code(form.cleaned_data["code"], form.cleaned_data["phone_last4"])
            except services.CodeRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                tracking.remember(request, matter)
                return redirect("opinions:detail", code=matter.tracking_code)
    else:
        form = TrackForm(initial={"code": request.GET.get("code", "")[:20]})
    return render(request, "opinions/mobile/track.html", {"form": form, "page_title": _("Follow my opinion")}, status=status)


def _answers(matter):
    """The answers the citizen is waiting for: the unit's replies, or what the representative did
    on the spot, newest first; for a merged opinion, those of the opinion it joined."""
    source = matter.merged_into if matter.merged_into_id else matter
    replies = [{"at": r.at, "text": r.text, "by": _("The handling unit"), "round": r.round}
               for r in Reply.objects.filter(matter=source, kind=Reply.Kind.REPLY)]
    on_spot = [{"at": e.at, "text": e.note, "by": _("The representative, on the spot"), "round": source.round}
               for e in source.timeline.filter(action="resolve_on_spot")]
    return sorted(replies + on_spot, key=lambda answer: answer["at"], reverse=True)


def _taken_up(matter):
    """Where the citizen's voice went when a representative adopted it into a suggestion: its number,
    title, state and, once published, the way to its public page with the answer."""
    target = matter.converted_to
    if target is None:
        return None
    suggestion = getattr(target, "suggestion", None)
    public_url = ""
    if target.policy.is_public(target):
        try:
            public_url = reverse("suggestions:public_detail", args=[target.pk])
        except NoReverseMatch:
            public_url = ""
    return {"number": getattr(suggestion, "number_label", ""), "title": target.title, "status_label": target.policy.states[target.status].label,
            "representative": target.representative.name if target.representative_id else "", "public_url": public_url}


def _may_evaluate(matter):
    if matter.status == "replied":
        return True
    root = matter.merged_into
    if root is None or matter.status != "merged" or root.replied_at is None:
        return False
    return not Evaluation.objects.filter(matter=matter, round=root.round).exists()


def timeline_items(events):
    """Events with their words and their photos and documents apart (photos show as thumbnails)."""
    items = []
    for event in events:
        files = list(event.attachments.all())
        items.append({"event": event, "label": event_label(event), "photos": [f for f in files if f.kind == Attachment.Kind.IMAGE],
                      "documents": [f for f in files if f.kind != Attachment.Kind.IMAGE]})
    return items


def _expected_version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def detail(request, code):
    """The tracking page: status in plain words, the timeline, the answer; add more; judge it."""
    matter = _proven_matter(request, code)
    if matter is None:
        return redirect(_track_url(code))
    add_form = AddInformationForm(prefix="add")
    evaluation_form = EvaluationForm(prefix="rate")
    kept_text = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = AddInformationForm(request.POST, request.FILES, prefix="add")
                if add_form.is_valid():
                    services.add_information(matter, text=add_form.cleaned_data["text"], photos=add_form.cleaned_data["photos"],
                                             actor=request.user)
                    messages.success(request, _("Your additional information was added."))
                    return redirect("opinions:detail", code=matter.tracking_code)
            elif action == "rate":
                evaluation_form = EvaluationForm(request.POST, prefix="rate")
                if evaluation_form.is_valid():
                    # With the page's version: a judgement of an answer that has meanwhile changed is refused.
                    services.evaluate_by_code(matter, rating=evaluation_form.cleaned_data["rating"],
                                              comment=evaluation_form.cleaned_data["comment"].strip(),
                                              expected_version=_expected_version(request))
                    messages.success(request, _("Thank you: your evaluation was recorded."))
                    return redirect("opinions:detail", code=matter.tracking_code)
            else:
                raise Http404
        except (engine.StaleMatter, engine.TransitionNotAllowed) as refusal:
            messages.error(request, refusal.message)
            kept_text = request.POST.get("add-text") or request.POST.get("rate-comment") or ""
            matter.refresh_from_db()
        except ValidationError as error:
            attach_service_errors(add_form if action == "add" else evaluation_form, error)
    is_open = not matter.policy.is_terminal(matter.status)
    context = {
        "matter": matter, "opinion": matter.opinion, "status_label": matter.policy.states[matter.status].label,
        "place": place_name(matter.region_code), "status_explanation": STATUS_EXPLANATIONS.get(matter.status, ""), "timeline": timeline_items(services.public_timeline(matter)), "answers": _answers(matter), "taken_up": _taken_up(matter),
        "add_form": add_form if is_open else None, "evaluation_form": evaluation_form if _may_evaluate(matter) else None,
        "kept_text": kept_text, "photo_limit": attachments.MAX_PHOTOS, "photos_sent": bool(request.FILES), "page_title": _("My opinion"), "back_url": reverse("opinions:mine") if request.user.is_authenticated else "",
    }
    return render(request, "opinions/mobile/detail.html", context)


@login_required
def mine(request):
    """Everything the signed-in citizen raised."""
    matters = access.visible(request.user, Matter.objects.filter(kind=KIND, raised_by=request.user)).order_by("-created_at", "-id")
    page = Paginator(matters, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"matter": m, "status_label": m.policy.states[m.status].label} for m in page]
    return render(request, "opinions/mobile/mine.html", {"page": page, "items": items, "page_title": _("My opinions")})


def citizen_home_items(actor):
    """The citizen home's list (minyi.public.portal): the latest opinions they raised, and the way
    to all of them when there are more."""
    if actor.user is None:
        return []
    matters = access.visible(actor.user, Matter.objects.filter(kind=KIND, raised_by=actor.user)).order_by("-created_at", "-id")
    latest = list(matters[:HOME_ITEMS + 1])
    items = [{"title": m.title, "status": m.policy.states[m.status].label, "url": reverse("opinions:detail", args=[m.tracking_code])}
             for m in latest[:HOME_ITEMS]]
    if len(latest) > HOME_ITEMS:
        items.append({"title": _("All my opinions"), "status": _("%(count)d in all") % {"count": matters.count()}, "url": reverse("opinions:mine")})
    return items


def front_sections():
    """The public front page's card: raise an opinion, or follow one."""
    return [{"template": "opinions/mobile/_front_section.html"}]
