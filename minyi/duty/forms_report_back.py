"""The forms of a report back (述职): the report itself (on the phone and on the desk), and the staff's
meeting and satisfaction vote. Forms read and check what was typed; minyi.duty.report_back decides."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.accounts.models import Role, User
from minyi.organisations.models import Congress, Station
from minyi.projects.forms_unit import PhotosField
from minyi.representatives.models import Representative, RepresentativeGroup

from . import archive
from .forms_desk import DATETIME
from .models import Activity
from .report_back import FIRST_YEAR, Electorate

TEXT_LIMIT = 20000
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: 2025年度履职情况报告"))
    text = forms.CharField(
        label=_("Report"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Please write something here.")},
        help_text=_("What you did for the voters this year: the activities, the opinions and suggestions you carried, what came of them."),
    )
    photos = PhotosField(label=_("Photos"))


class RepresentativeReportForm(ReportForm):
    """The representative's own report on the phone: the year (and, with seats in two congresses, which)."""

    year = forms.TypedChoiceField(label=_("Year reported on"), coerce=int)
    congress = forms.ModelChoiceField(label=_("Congress"), queryset=Congress.objects.none(), required=False)

    field_order = ("year", "congress", "title", "text", "photos")

    def __init__(self, *args, representative, **kwargs):
        super().__init__(*args, **kwargs)
        years = archive.years_of(representative)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = years[0]
        congresses = Congress.objects.filter(pk__in=representative.mandates.exclude(congress=None).values("congress")).order_by("-region_id")
        if congresses.count() > 1:
            self.fields["congress"].queryset = congresses
            self.fields["congress"].required = True
            self.fields["congress"].empty_label = None
        else:
            del self.fields["congress"]


class StaffReportForm(ReportForm):
    """A report prepared on the desk for a representative of the staff's congresses."""

    congress = forms.ModelChoiceField(label=_("Congress"), queryset=Congress.objects.none(), empty_label=None)
    representative = forms.ModelChoiceField(label=_("Representative"), queryset=Representative.objects.none())
    year = forms.IntegerField(label=_("Year reported on"), min_value=FIRST_YEAR)

    field_order = ("congress", "representative", "year", "title", "text", "photos")

    def __init__(self, *args, congresses, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [c.pk for c in congresses]
        self.fields["congress"].queryset = Congress.objects.filter(pk__in=ids)
        self.fields["representative"].queryset = (
            Representative.objects.filter(pk__in=Representative.objects.filter(mandates__congress__in=ids).values("pk")).order_by("name", "pk"))
        self.fields["representative"].label_from_instance = lambda r: f"{r.name}（{r.public_code}）" if r.public_code else r.name
        this_year = timezone.localdate().year
        self.fields["year"].widget.attrs["max"] = this_year
        self.fields["year"].initial = this_year
        self.fields["year"].validators.append(MaxValueValidator(this_year, message=_("Report on this year or a past one.")))


class EditReportForm(ReportForm):
    remove_photos = forms.ModelMultipleChoiceField(label=_("Remove photos"), queryset=None, required=False,
                                                   widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, report, **kwargs):
        kwargs.setdefault("initial", {"title": report.title, "text": report.text})
        super().__init__(*args, **kwargs)
        self.fields["remove_photos"].queryset = report.photos.all()


class LinkMeetingForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Report-back activity"), queryset=Activity.objects.none(), empty_label=None)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            congress=report.congress_id, kind=Activity.Kind.REPORT_BACK, report_back__isnull=True).order_by("-starts_at")
        self.fields["activity"].label_from_instance = lambda a: f"{a.title}（{timezone.localtime(a.starts_at):%Y-%m-%d %H:%M}）"


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    place = forms.CharField(label=_("Place"), max_length=200)
    organiser = forms.CharField(label=_("Organiser"), max_length=100)
    station = forms.ModelChoiceField(label=_("Station"), queryset=Station.objects.none(), required=False)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = Station.objects.filter(congress=report.congress_id, is_active=True).order_by("name")


class VoteSetupForm(forms.Form):
    electorate = forms.ChoiceField(label=_("Who rates the report"), choices=Electorate.CHOICES, widget=forms.RadioSelect,
                                   initial=Electorate.PRESENT)
    voter_names = forms.CharField(
        label=_("Voters present"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One name per line, as signed in at the meeting. Each gets a numbered paper ballot."),
    )
    group = forms.ModelChoiceField(label=_("Representatives' group"), queryset=RepresentativeGroup.objects.none(), required=False)
    tellers = forms.ModelMultipleChoiceField(
        label=_("Tellers"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Two of them enter each paper ballot; the count waits until their entries agree."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = RepresentativeGroup.objects.filter(congress=report.congress_id).order_by("name")
        self.fields["tellers"].queryset = (User.objects.filter(is_active=True, role_grants__role=Role.CONGRESS_STAFF,
                                                               role_grants__congress_id=report.congress_id).distinct().order_by("full_name"))
        self.fields["tellers"].label_from_instance = lambda user: user.full_name or user.username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("electorate") == Electorate.PRESENT:
            if not (cleaned.get("voter_names") or "").strip():
                self.add_error("voter_names", _("List the voters present, one per line."))
            if len(cleaned.get("tellers") or []) < 2:
                self.add_error("tellers", _("Choose at least two tellers: each paper ballot is entered by two of them."))
        elif cleaned.get("electorate") == Electorate.GROUP and not cleaned.get("group"):
            self.add_error("group", _("Choose the representatives' group that votes."))
        return cleaned
