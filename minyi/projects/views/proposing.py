"""Representatives (on their phone) and departments (on the desk) propose livelihood-project ideas
and see what became of the ideas they proposed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from minyi.accounts import access
from minyi.accounts.models import Role
from minyi.opinions.forms import picker_levels, place_name
from minyi.organisations.models import Unit
from minyi.representatives.models import Representative

from .. import services
from ..forms_proposal import DepartmentProposalForm, RepresentativeProposalForm, attach_service_errors
from ..models import Proposal
from .citizen import current_mandate_congresses, outcome_words

PAGE_SIZE = 20


def years_for_representative(representative, years):
    """The collecting years of the congresses where the representative holds a seat today; when
    none of them is collecting, every collecting year."""
    seats = {congress.pk for congress in current_mandate_congresses(representative)}
    own = [year for year in years if year.congress_id in seats]
    return own or list(years)


def _ideas_page(request, proposals):
    page = Paginator(proposals.select_related("year", "region", "project", "merged_into"), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"proposal": p, "outcome": outcome_words(p), "place": place_name(p.region_id) if p.region_id else ""} for p in page]
    return page, items


def _send(request, form, **who):
    """Propose the idea in `form`; the proposal, or None with the service's errors on the form."""
    try:
        proposal, created = services.propose(actor=request.user, **who, **form.proposal())
    except ValidationError as error:
        attach_service_errors(form, error)
        return None
    if created:
        messages.success(request, _("Your idea “%(title)s” was sent. Its code is %(code)s.") % {"title": proposal.title, "code": proposal.code})
    else:
        messages.info(request, _("This idea was already sent; here it is."))
    return proposal


# --- Representatives --------------------------------------------------------------------------------


def _own_representative(actor):
    return Representative.objects.filter(pk__in=actor.representative_ids).order_by("pk").first()


@login_required
def rep_propose(request):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    representative = _own_representative(actor)
    years = years_for_representative(representative, services.collecting_years()) if representative else []
    context = {"representative": representative, "years": years, "page_title": _("Propose a livelihood project"), "back_url": reverse("projects:rep_ideas")}
    if representative is None or not years:
        return render(request, "projects/citizen/rep_propose.html", {**context, "form": None})
    status = 200
    if request.method == "POST":
        form = RepresentativeProposalForm(request.POST, years=years)
        if form.is_valid():
            if _send(request, form, source=Proposal.Source.REPRESENTATIVE, representative=representative) is not None:
                return redirect("projects:rep_ideas")
        status = 400
    else:
        form = RepresentativeProposalForm(initial={"year": years[0].pk if len(years) == 1 else None}, years=years)
    region_code = form.data.get("region_code", "") if form.is_bound else ""
    return render(request, "projects/citizen/rep_propose.html", {**context, "form": form, "picker": picker_levels(region_code)}, status=status)


@login_required
def rep_ideas(request):
    actor = access.require_role(request.user, Role.REPRESENTATIVE, request=request)
    proposals = Proposal.objects.filter(representative_id__in=actor.representative_ids, source=Proposal.Source.REPRESENTATIVE)
    page, items = _ideas_page(request, proposals)
    collecting = bool(actor.representative_ids) and services.collecting_years().exists()
    return render(request, "projects/citizen/rep_ideas.html", {"page": page, "items": items, "collecting": collecting, "page_title": _("My project ideas")})


# --- Departments ----------------------------------------------------------------------------------------


def _own_units(actor):
    return list(Unit.objects.filter(pk__in=actor.unit_ids, is_active=True).order_by("name"))


@login_required
def unit_propose(request):
    actor = access.require_role(request.user, Role.UNIT_STAFF, Role.UNIT_ADMIN, request=request)
    units = _own_units(actor)
    years = list(services.collecting_years())
    context = {"units": units, "years": years, "page_title": _("Propose a livelihood project"), "page_pretitle": _("Our project ideas")}
    if not units or not years:
        return render(request, "projects/citizen/unit_propose.html", {**context, "form": None})
    status = 200
    if request.method == "POST":
        form = DepartmentProposalForm(request.POST, years=years, units=units)
        if form.is_valid():
            if _send(request, form, source=Proposal.Source.DEPARTMENT) is not None:
                return redirect("projects:unit_ideas")
        status = 400
    else:
        form = DepartmentProposalForm(initial={"year": years[0].pk if len(years) == 1 else None}, years=years, units=units)
    region_code = form.data.get("region_code", "") if form.is_bound else ""
    return render(request, "projects/citizen/unit_propose.html", {**context, "form": form, "picker": picker_levels(region_code)}, status=status)


@login_required
def unit_ideas(request):
    actor = access.require_role(request.user, Role.UNIT_STAFF, Role.UNIT_ADMIN, request=request)
    proposals = Proposal.objects.filter(unit_id__in=actor.unit_ids, source=Proposal.Source.DEPARTMENT).select_related("unit")
    page, items = _ideas_page(request, proposals)
    context = {"page": page, "items": items, "collecting": bool(actor.unit_ids) and services.collecting_years().exists(),
               "page_title": _("Our project ideas")}
    return render(request, "projects/citizen/unit_ideas.html", context)
