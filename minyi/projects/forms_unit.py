"""The responsible unit's forms on a chosen project: the plan with its milestones, a milestone
reached, the monthly (or mid-year) progress report with photos, the answer to an inspection
finding, the completion report and the rectification report. The forms check what can be read
from the typed values; the services check the rules (one report a month, progress never going
back, every milestone reached before completion)."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minyi.matters import attachments

TEXT_LIMIT = 3000
REQUIRED = {"required": _("Please fill in this field.")}
DATE_INPUT = {"type": "date"}
# "title | date": the bar may be typed in Chinese (full-width) as well.
MILESTONE_LINE = re.compile(r"^(?P<title>.+?)\s*[|｜]\s*(?P<due>\S+)\s*$")


def _text(label, *, rows=4, help_text=""):
    return forms.CharField(label=label, max_length=TEXT_LIMIT, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": _("Please write something here.")})


def _amount(label):
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=12, decimal_places=2,
                              widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
                              error_messages={"invalid": _("Give an amount in 10,000 yuan, such as 120.5.")})


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos from one <input type=file multiple>, cleaned (re-encoded without
    their location data, thumbnails made) by the engine's attachments module, every problem at once."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/jpeg,image/png,image/webp", "multiple": True})

    def get_bound_field(self, form, field_name):
        # Formatted when the page is drawn, in the reader's language.
        self.help_text = gettext("Up to %(count)d photos, each at most 10 MB. Their location data is removed before they are stored.") % {
            "count": attachments.MAX_PHOTOS}
        return super().get_bound_field(form, field_name)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        return attachments.clean_photos(uploads) if uploads else []


class PlanForm(forms.Form):
    plan = _text(_("Implementation plan"), rows=6, help_text=_("How the project will be carried out: steps, sites, who does what."))
    budget = _amount(_("Budget (10,000 yuan)"))
    milestones = forms.CharField(
        label=_("Milestones"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: the milestone, a bar | and its date. They replace the milestones not reached yet; reached ones are kept."),
    )

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        if year:
            example = [(gettext("Design finished"), f"{year}-03-31"), (gettext("Work started"), f"{year}-05-15")]
            self.fields["milestones"].widget.attrs["placeholder"] = "\n".join(f"{title} | {due}" for title, due in example)

    def clean_milestones(self):
        rows, errors = [], []
        for number, line in enumerate((self.cleaned_data.get("milestones") or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = MILESTONE_LINE.match(line.strip())
            due = None
            if match:
                try:
                    due = datetime.date.fromisoformat(match["due"].replace("/", "-"))
                except ValueError:
                    due = None
            if due is None:
                errors.append(ValidationError(_("Line %(line)s: write the milestone, a bar and a date such as 2027-03-31."),
                                              params={"line": number}))
            elif len(match["title"]) > 100:
                errors.append(ValidationError(_("Line %(line)s: a milestone's name has at most 100 characters."), params={"line": number}))
            else:
                rows.append((match["title"].strip(), due))
        if errors:
            raise ValidationError(errors)
        return rows


def milestone_lines(milestones):
    """The textarea's text for milestones [(title, due)]."""
    return "\n".join(f"{milestone.title} | {milestone.due.isoformat()}" for milestone in milestones)


class TargetForm(forms.Form):
    """A form about one row of the page (a milestone, a finding): `target` names it; the view checks
    it belongs to the project."""

    target = forms.IntegerField(widget=forms.HiddenInput)

    @property
    def target_id(self):
        try:
            return int(self.data.get(self.add_prefix("target"), ""))
        except (TypeError, ValueError):
            return None


class MilestoneReachedForm(TargetForm):
    on = forms.DateField(label=_("Reached on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={**DATE_INPUT, "class": "form-control", "aria-label": _("Reached on")}),
                         error_messages={**REQUIRED, "invalid": _("Give a date such as 2027-05-31.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ProgressReportForm(forms.Form):
    """The monthly report (a month to choose) or the mid-year report (its month is fixed)."""

    month = forms.ChoiceField(label=_("Month reported on"), error_messages=REQUIRED)
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, widget=forms.NumberInput(attrs={"min": "0", "max": "100"}),
                                 error_messages={**REQUIRED, "invalid": _("Give a whole number from 0 to 100."),
                                                 "min_value": _("Give a whole number from 0 to 100."),
                                                 "max_value": _("Give a whole number from 0 to 100.")})
    text = _text(_("What was done"), rows=4)
    spent = _amount(_("Spent so far (10,000 yuan)"))
    photos = PhotosField(label=_("Photos of the site"))

    def __init__(self, *args, months=(), reported=(), last_percent=0, mid_year=False, **kwargs):
        super().__init__(*args, **kwargs)
        if mid_year:
            del self.fields["month"]
            self.fields["text"].label = _("The first half of the year: what was done, what remains")
        else:
            # Months already reported stay in the list, marked, so a second report meets the rule's own words.
            self.fields["month"].choices = [
                (month.isoformat(), date_format(month, "YEAR_MONTH_FORMAT") + (gettext(" (reported)") if month in reported else ""))
                for month in months
            ]
            waiting = [month for month in months if month not in reported]
            if waiting:
                self.fields["month"].initial = waiting[0].isoformat()
        self.fields["percent"].initial = last_percent
        self.fields["percent"].help_text = _("The last report said %(percent)s%%; progress cannot go back.") % {"percent": last_percent}

    def clean_month(self):
        return datetime.date.fromisoformat(self.cleaned_data["month"])


class FindingAnswerForm(TargetForm):
    answer = _text(_("Your answer: what was done about it"), rows=3)


class CompletionForm(forms.Form):
    text = _text(_("What was built or done"), rows=5, help_text=_("The representatives judge the project on this report at the year's end."))
    photos = PhotosField(label=_("Photos of the finished project"))


class RectificationForm(forms.Form):
    text = _text(_("What was rectified"), rows=5)
