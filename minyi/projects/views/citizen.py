"""The citizen's phone pages for livelihood-project ideas (民生实事项目征集): propose an idea (also
behind a station's or a representative's QR code), see its tracking code, and follow what became of
it with the code and the phone's last four digits. No account is needed.

`outcome_words` says what became of an idea in plain words; the representatives' and departments'
pages (views/proposing.py) show the same words."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from minyi.opinions.forms import picker_levels, place_name
from minyi.organisations.models import Station
from minyi.representatives.models import Representative

from .. import services
from ..forms_proposal import CitizenProposalForm, TrackProposalForm, attach_service_errors
from ..models import ProjectYear, Proposal

CODE_MAX_LENGTH = 16
SESSION_KEY = "minyi_tracked_proposals"
SESSION_LIMIT = 20


def submit_rate_per_address():
    return settings.OPINION_SUBMIT_RATE_PER_ADDRESS


def track_rate_per_address():
    return settings.OPINION_TRACK_RATE_PER_ADDRESS


# --- Which ideas this browser may see ------------------------------------------------------------
# After sending an idea, or entering its code with the phone's last digits, the idea's id is kept in
# the session, so the sent page and the idea's page do not ask again. Nothing else is remembered.


def remember(request, proposal):
    ids = [pk for pk in request.session.get(SESSION_KEY, []) if pk != proposal.pk]
    request.session[SESSION_KEY] = [proposal.pk, *ids][:SESSION_LIMIT]


def _proven_proposal(request, code):
    code = (code or "").strip().upper()
    if not code.isalnum() or len(code) > CODE_MAX_LENGTH:
        return None
    proposal = Proposal.objects.filter(code=code).select_related("year__congress", "region", "station", "representative").first()
    if proposal is None:
        return None
    if proposal.pk in request.session.get(SESSION_KEY, []):
        return proposal
    if request.user.is_authenticated and proposal.submitted_by_id == request.user.pk:
        return proposal
    return None


def _track_url(code=""):
    url = reverse("projects:proposal_track")
    return f"{url}?{urlencode({'code': code})}" if code else url


# --- Where a QR code points ------------------------------------------------------------------------


def qr_target(source):
    """The station or representative a QR code pointed at: (station, representative, notice)."""
    station_code = (source.get("station") or "").strip()
    rep_code = (source.get("rep") or "").strip()
    if station_code:
        station = None
        if station_code.isalnum() and len(station_code) <= CODE_MAX_LENGTH:
            station = (Station.objects.filter(public_code__in={station_code, station_code.lower(), station_code.upper()}, is_active=True)
                       .select_related("congress__parent").first())
        if station is None or not station.congress.is_active:
            return None, None, _("We could not find a station with that code. You can still send your idea.")
        return station, None, ""
    if rep_code:
        representative = None
        if rep_code.isalnum() and len(rep_code) <= CODE_MAX_LENGTH:
            representative = Representative.objects.filter(public_code__in={rep_code, rep_code.lower(), rep_code.upper()}).first()
        if representative is None or not representative.mandates.current().exists():
            return None, None, _("We could not find a serving representative with that code. You can still send your idea.")
        return None, representative, ""
    return None, None, ""


def _up_the_chain(congress):
    """The congress, then its higher congresses, nearest first."""
    seen = set()
    while congress is not None and congress.pk not in seen:
        seen.add(congress.pk)
        yield congress
        congress = congress.parent


def current_mandate_congresses(representative):
    """The active congresses where the representative holds a seat today, closest to the people first."""
    mandates = (representative.mandates.current().filter(congress__isnull=False, congress__is_active=True)
                .select_related("congress__region", "congress__parent"))
    return [m.congress for m in sorted(mandates, key=lambda mandate: -mandate.congress.region.level)]


def year_for_target(years, *, station=None, representative=None):
    """The collecting year a QR code points to: that of the station's congress (or the
    representative's congress), else of the nearest higher congress that is collecting."""
    by_congress = {year.congress_id: year for year in years}
    if station is not None:
        congresses = [station.congress]
    elif representative is not None:
        congresses = current_mandate_congresses(representative)
    else:
        congresses = []
    for congress in congresses:
        for candidate in _up_the_chain(congress):
            if candidate.pk in by_congress:
                return by_congress[candidate.pk]
    return None


# --- What became of an idea ----------------------------------------------------------------------


def _root(proposal):
    """The idea this one was merged into, following the chain to its end (itself when not merged)."""
    current, seen = proposal, set()
    while current.merged_into_id and current.pk not in seen:
        seen.add(current.pk)
        current = current.merged_into
    return current


def public_project_url(project):
    try:
        return reverse("projects:public_project", kwargs={"pk": project.pk})
    except NoReverseMatch:
        return ""


# The project kind's states (policy.py) in which a chosen project's work is done.
FINISHED_STATES = {"completed", "closed"}

# The proposer's words for each outcome (not the models' state names: "chosen" here is the project
# the idea went into, chosen by the representatives' vote).
OUTCOME_LABELS = {
    "received": gettext_lazy("Being collected and reviewed"),
    "eligible": gettext_lazy("Meets the criteria"),
    "rejected": gettext_lazy("Does not meet the criteria"),
    "candidate": gettext_lazy("In a candidate project"),
    "chosen": gettext_lazy("Chosen by the representatives' vote"),
    "not_chosen": gettext_lazy("Not chosen in the vote"),
}


def outcome_words(proposal):
    """What became of an idea, for its proposer: the state's name, one plain sentence, and what
    belongs to it (the idea it was merged into — its title only —, the reviewers' reason, the
    candidate project, its progress and public page). Nothing personal about anyone else."""
    key, project = services.outcome(proposal)
    root = _root(proposal)
    words = {"key": key, "label": OUTCOME_LABELS[key], "merged_title": "", "note": "", "project_name": "", "progress": None, "project_url": ""}
    if root.pk != proposal.pk:
        words["merged_title"] = root.title
        words["merged_label"] = _("Joined with a similar idea")
        words["merged_text"] = _("Your idea was joined with the similar idea “%(title)s” and shares its outcome.") % {"title": root.title}
    if key == "received":
        if proposal.year.stage == ProjectYear.Stage.COLLECTING:
            words["text"] = _("Ideas are still being collected; after the collection closes the congress staff check each one against the criteria for a livelihood project.")
        else:
            words["text"] = _("The congress staff are checking the ideas against the criteria for a livelihood project.")
    elif key == "eligible":
        words["text"] = _("Your idea meets every criterion for a livelihood project; the government may take it into the list of candidate projects.")
    elif key == "rejected":
        words["text"] = _("Your idea does not meet the criteria for a livelihood project; the reviewers' reason is given below.")
        words["note"] = root.review_note
    elif key == "candidate":
        words["text"] = _("Your idea is part of the candidate project “%(name)s”, on which the representatives will vote.") % {"name": project.name}
    elif key == "chosen":
        if project.matter_id and project.matter.status in FINISHED_STATES:
            words["text"] = _("The representatives chose the project “%(name)s”, which takes up your idea; it has been completed.") % {"name": project.name}
        else:
            words["text"] = _("The representatives chose the project “%(name)s”, which takes up your idea; it is being carried out.") % {"name": project.name}
        words["progress"] = project.progress
        words["project_url"] = public_project_url(project)
    elif key == "not_chosen":
        words["text"] = _("Your idea was part of the candidate project “%(name)s”, which the representatives did not choose.") % {"name": project.name}
    if project is not None:
        words["project_name"] = project.name
    return words


# --- Proposing ---------------------------------------------------------------------------------


def _too_many_submissions(request):
    return is_ratelimited(request, group="projects:propose:ip", key="ip", rate=submit_rate_per_address(), method="POST", increment=True)


def _kept_text(data):
    """What the person typed, to show when no form can take it any more."""
    return "\n\n".join(part for part in ((data.get("title") or "").strip(), (data.get("text") or "").strip()) if part)


def public_years_url():
    try:
        return reverse("projects:public_years")
    except NoReverseMatch:
        return "/public/projects/"


def propose(request, year_pk=None):
    """The H5 form. GET ?station=<code> or ?rep=<code> (from a QR code) preselects the year and
    records who passed the idea on; p/new/<year>/ (from a year's public page) preselects that year."""
    years = list(services.collecting_years())
    source = request.POST if request.method == "POST" else request.GET
    station, representative, notice = qr_target(source)
    if not years:
        context = {"kept_text": _kept_text(request.POST) if request.method == "POST" else "", "public_years_url": public_years_url(),
                   "page_title": _("Propose a livelihood project")}
        return render(request, "projects/citizen/closed.html", context)
    status = 200
    if request.method == "POST":
        form = CitizenProposalForm(request.POST, years=years)
        status = 400  # unless it is saved below
        if _too_many_submissions(request):
            form.is_valid()
            form.add_error(None, _("Too many ideas have been sent from this network in the last hour. Please try again later; what you typed is kept below."))
            status = 429
        elif form.is_valid():
            try:
                proposal, _created = services.propose(
                    source=Proposal.Source.CITIZEN, station=station, representative=representative,
                    actor=request.user if request.user.is_authenticated else None, **form.proposal(),
                )
            except ValidationError as error:
                attach_service_errors(form, error)
            else:
                remember(request, proposal)
                return redirect("projects:proposal_sent", code=proposal.code)
    else:
        chosen = (next((year for year in years if year.pk == year_pk), None) or year_for_target(years, station=station, representative=representative)
                  or (years[0] if len(years) == 1 else None))
        initial = {"year": chosen.pk if chosen else None, "station": station.public_code if station else "",
                   "rep": representative.public_code if representative else ""}
        if station is not None:
            initial["region_code"] = station.region_id
        form = CitizenProposalForm(initial=initial, years=years)
    region_code = form.data.get("region_code", "") if form.is_bound else form.initial.get("region_code", "")
    context = {"form": form, "station": station, "representative": representative, "target_notice": notice, "picker": picker_levels(region_code),
               "page_title": _("Propose a livelihood project")}
    return render(request, "projects/citizen/propose.html", context, status=status)


def sent(request, code):
    """After sending: the tracking code, big. Only for the browser that sent it (or proved the code)."""
    proposal = _proven_proposal(request, code)
    if proposal is None:
        return redirect(_track_url(code))
    return render(request, "projects/citizen/sent.html", {"proposal": proposal, "page_title": _("Idea sent")})


# --- Following it -------------------------------------------------------------------------------


def track(request):
    status = 200
    if request.method == "POST":
        form = TrackProposalForm(request.POST)
        if is_ratelimited(request, group="projects:track:ip", key="ip", rate=track_rate_per_address(), method="POST", increment=True):
            form.is_valid()
            form.add_error(None, _("Too many tracking codes were tried from this network in the last hour. Please try again later."))
            status = 429
        elif form.is_valid():
            proposal = services.find_proposal(form.cleaned_data["code"], form.cleaned_data["phone_last4"])
            if proposal is not None:
                remember(request, proposal)
                return redirect("projects:proposal_detail", code=proposal.code)
            form.add_error(None, _("No idea matches this code and these digits. Check both and try again."))
            status = 400
        else:
            status = 400
    else:
        form = TrackProposalForm(initial={"code": request.GET.get("code", "")[:20]})
    return render(request, "projects/citizen/track.html", {"form": form, "page_title": _("Follow my idea")}, status=status)


def detail(request, code):
    """The idea and what became of it, for the browser that proved its code."""
    proposal = _proven_proposal(request, code)
    if proposal is None:
        return redirect(_track_url(code))
    context = {"proposal": proposal, "outcome": outcome_words(proposal), "place": place_name(proposal.region_id) if proposal.region_id else "",
               "page_title": _("My project idea")}
    return render(request, "projects/citizen/detail.html", context)


# --- The public front page and the menus ---------------------------------------------------------------


def front_sections():
    """The front page's card while a year collects ideas: its title and closing date, and the way to propose."""
    years = list(services.collecting_years())
    if not years:
        return []
    return [{"template": "projects/citizen/_front_section.html", "years": years}]


def register():
    """The front page's invitation to propose, and the representatives' phone menu entry.

    Departments reach their ideas from the units' project desk (projects:unit_list): a desk menu
    entry of their own under /unit/projects/ would light up together with that one."""
    from minyi.accounts.models import Role
    from minyi.core import navigation
    from minyi.public import portal

    portal.register_front_section(front_sections)
    # A short tab label (seven tabs share 375 px); "Propose a project" is the public pages' button.
    navigation.register("mobile", gettext_lazy("Project ideas"), "projects:rep_propose", roles={Role.REPRESENTATIVE},
                        icon="building-community", order=125)

