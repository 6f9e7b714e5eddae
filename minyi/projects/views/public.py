"""The public pages of the livelihood projects, without signing in: every congress's and street
council's project years, one year (its numbers, the chosen projects' progress, the candidates not
chosen, the published vote results, the call for ideas while collecting) and one project (its
milestones, monthly reports with photos, inspections, satisfaction and rectification, and the
titles of the ideas behind it). Nothing about who proposed an idea is ever shown."""

from django import forms
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minyi.organisations.models import Congress

from .. import public_data
from ..models import Project


class CongressFilterForm(forms.Form):
    congress = forms.ModelChoiceField(label=gettext_lazy("Congress or council"), required=False, queryset=Congress.objects.none(),
                                      empty_label=gettext_lazy("All congresses and councils"),
                                      widget=forms.Select(attrs={"data-autosubmit": ""}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = (Congress.objects.filter(project_years__isnull=False).distinct()
                                            .order_by("region__level", "region_id"))


def public_years(request):
    form = CongressFilterForm(request.GET or None)
    congress = form.cleaned_data.get("congress") if form.is_valid() else None
    return render(request, "projects/public/years.html", {
        "form": form, "groups": public_data.grouped_by_congress(public_data.years(congress)),
        "page_title": _("Livelihood projects"),
    })


def _propose_url(year):
    """The idea form of another page set, when it is installed (for this year, or in general)."""
    for args in ((year.pk,), ()):
        try:
            return reverse("projects:propose", args=args)
        except NoReverseMatch:
            continue
    return None


def _status(project):
    if project.state != Project.State.CHOSEN or project.matter is None:
        return project.get_state_display()
    state = project.matter.policy.states.get(project.matter.status)
    return str(state.label) if state else project.matter.status


def _satisfaction(project, year, shown):
    """(rate or None, below the year's rate?) — only once the year-end vote is published."""
    if not shown or project.satisfaction is None:
        return None, False
    return project.satisfaction, project.satisfaction < year.satisfaction_threshold


def _card(project, year, today, satisfaction_shown):
    milestones = public_data.milestone_rows(project.milestones.all(), today)
    satisfaction, low = _satisfaction(project, year, satisfaction_shown)
    return {
        "project": project, "status": _status(project), "satisfaction": satisfaction, "satisfaction_low": low,
        "rectifying": project.matter is not None and project.matter.status == "rectifying",
        "milestones_total": len(milestones), "milestones_reached": sum(1 for m in milestones if m["done_on"]),
        "milestones_overdue": sum(1 for m in milestones if m["overdue"]),
    }


def public_year(request, pk):
    year = public_data.year_or_404(pk)
    projects = public_data.listed_projects(year)
    today = timezone.localdate()
    satisfaction_shown = public_data.satisfaction_published(year)
    chosen = [_card(p, year, today, satisfaction_shown) for p in projects if p.state == Project.State.CHOSEN]
    others = [p for p in projects if p.state != Project.State.CHOSEN]
    collection_open = public_data.collection_open(year, today)
    return render(request, "projects/public/year.html", {
        "year": year, "page_title": year.title, "summary": public_data.year_summary(year, projects),
        "chosen": chosen, "others": others, "decided": any(p.state != Project.State.CANDIDATE for p in projects),
        "candidates_published": public_data.candidates_published(year), "votes_shown": public_data.votes_published(year),
        "votes": public_data.published_votes(year), "is_council": year.congress.is_council,
        "collection_open": collection_open, "propose_url": _propose_url(year) if collection_open else None,
    })


def public_project(request, pk):
    project = public_data.project_or_404(pk)
    year = project.year
    context = {
        "project": project, "year": year, "page_title": project.name, "status": _status(project),
        "is_chosen": project.state == Project.State.CHOSEN, "votes_shown": public_data.votes_published(year),
        "is_council": year.congress.is_council,
    }
    context["idea_titles"], context["idea_count"] = public_data.ideas(project)
    if context["is_chosen"]:
        judged = public_data.satisfaction_published(year)
        satisfaction, low = _satisfaction(project, year, judged)
        context.update({
            "milestones": public_data.milestone_rows(project.milestones.all()), "reports": public_data.reports(project),
            "inspections": public_data.inspections(project), "satisfaction": satisfaction, "satisfaction_low": low,
            "rectifying": project.matter is not None and project.matter.status == "rectifying",
            "rectification_shown": judged and bool(project.rectification_due or project.rectification_report),
        })
    return render(request, "projects/public/project.html", context)


def front_sections():
    """The public front page's card: the newest year with chosen projects and their progress."""
    year, projects = public_data.front_year()
    if year is None:
        return []
    return [{"template": "projects/public/_front_section.html", "year": year, "projects": projects,
             "more": max(0, year.chosen_count - len(projects))}]


def register():
    from minyi.public import portal

    portal.register_front_section(front_sections)
