"""Forms of the opinion pages on phones: the citizen's intake form, what they add or judge later
with a tracking code, and the representative's actions. Business rules stay in `services`;
these forms turn what was typed into the services' arguments and show their errors field by field."""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minyi.matters import attachments
from minyi.matters.models import Rating
from minyi.organisations.models import Congress
from minyi.regions.models import Region

from . import services
from .models import Category, Form

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_idempotency_key():
    return uuid.uuid4().hex


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to nine photos from one <input type=file multiple>; cleaned (re-encoded without EXIF,
    thumbnails made) by the engine's attachments module, every problem at once."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/*", "multiple": True, "data-photo-input": ""})

    def get_bound_field(self, form, field_name):
        # Formatted when the page is drawn, in the reader's language (a lazy text formatted at import would not be).
        self.help_text = gettext("Up to %(count)d photos, each at most 10 MB. Their location data is removed before they are stored.") % {
            "count": attachments.MAX_PHOTOS}
        return super().get_bound_field(form, field_name)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if not uploads:
            return []
        return attachments.clean_photos(uploads)


def _normalised_text(value):
    # Browsers send line breaks as \r\n but count them as one character against maxlength.
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


def attach_service_errors(form, error):
    """Put a service's ValidationError on the form: by field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = getattr(form, "FIELD_FOR_SERVICE", {}).get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The region picker -------------------------------------------------------------------------


def served_roots():
    """The top regions the platform serves: the regions of active congresses that lie under no
    other active congress's region (the city in a city deployment)."""
    regions = list(Region.objects.filter(pk__in=Congress.objects.filter(is_active=True).values("region_id"), is_active=True))
    return sorted(
        (r for r in regions if not any(o.level < r.level and r.code.startswith(o.prefix) for o in regions)), key=lambda r: r.code
    )


def _children(region):
    return list(Region.objects.filter(parent=region, is_active=True).order_by("code").only("code", "name", "level"))


def place_name(code):
    """"东宝区 / 龙泉街道 / 龙井社区": the place of a matter as a citizen names it (below the city)."""
    return " / ".join(region.name for region in _ancestry(code) if region.level >= 3)


def _ancestry(code):
    """[province, …, the region of `code`], active regions only; [] for an unknown code."""
    region = Region.objects.filter(pk=code, is_active=True).first() if code else None
    chain = []
    while region is not None:
        chain.insert(0, region)
        region = Region.objects.filter(pk=region.parent_id, is_active=True).first() if region.parent_id else None
    return chain


def picker_levels(code):
    """The selects of the region picker for the place `code`: one per level from the top served
    region (below it, when the platform serves just one) down to `code`, each with its options and
    the chosen one, then the next level's select when `code` has places beneath it. A code outside
    the served regions starts again at the top."""
    roots = served_roots()
    single = roots[0] if len(roots) == 1 else None
    ancestry = _ancestry(code)
    root_index = next((i for i, region in enumerate(ancestry) if region in roots), None)
    if root_index is None:
        chain = []
    else:
        chain = ancestry[root_index + 1:] if single else ancestry[root_index:]
    levels = []
    parent_code = single.code if single else ""
    options = _children(single) if single else roots
    for chosen in chain:
        levels.append({"options": options, "selected": chosen.code, "empty_value": parent_code, "level": chosen.level})
        parent_code = chosen.code
        options = _children(chosen)
    if options:
        levels.append({"options": options, "selected": "", "empty_value": parent_code, "level": options[0].level})
    chosen = chain[-1] if chain else None
    return {"levels": levels, "code": chosen.code if chosen else "", "path": " / ".join(r.name for r in chain),
            "finished": bool(chosen) and not options}


# --- The citizen's intake form ---------------------------------------------------------------


class IntakeForm(forms.Form):
    FIELD_FOR_SERVICE = {"form": "form_type"}

    form_type = forms.ChoiceField(
        label=_("What are you sending?"), choices=Form.choices, initial=Form.SNAPSHOT, widget=forms.RadioSelect,
        help_text=_("A snapshot is a problem you see on the spot (a broken street light, rubbish); it is answered within three working days."),
    )
    text = forms.CharField(
        label=_("What is it about?"), strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.TEXT_LIMIT,
                                     "placeholder": _("Describe the problem or your suggestion: what, where, since when.")}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    region_code = forms.CharField(label=_("Where is it?"), required=False, widget=forms.HiddenInput)
    address = forms.CharField(label=_("Address or landmark"), required=False,
                              widget=forms.TextInput(attrs={"maxlength": 200, "placeholder": _("e.g. the gate of building 3, Longjing Road")}))
    latitude = forms.CharField(label=_("Position"), required=False, widget=forms.HiddenInput(attrs={"data-geo-latitude": ""}))
    longitude = forms.CharField(label=_("Position"), required=False, widget=forms.HiddenInput(attrs={"data-geo-longitude": ""}))
    photos = PhotosField(label=_("Photos"))
    citizen_name = forms.CharField(label=_("Your name"), required=False, widget=forms.TextInput(attrs={"maxlength": 50, "autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Mobile phone"), required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": 20}),
        help_text=_("Optional. With a phone number, the tracking code only opens together with its last four digits."),
    )
    anonymous = forms.BooleanField(label=_("Keep my name and phone from the handling unit"), required=False)
    publish_consent = forms.BooleanField(label=_("The result may be published without my personal data"), required=False)
    consent = forms.BooleanField(
        label=_("I have read and agree to the notice above"),
        error_messages={"required": _("Tick the box to agree to the notice; without it the opinion cannot be sent.")},
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)
    station = forms.CharField(required=False, widget=forms.HiddenInput)
    rep = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.getlist("pick"):
            # The region picker's last select holds the place chosen (see _region_picker.html).
            data = data.copy()
            data["region_code"] = data.getlist("pick")[-1]
        super().__init__(data, *args, **kwargs)
        categories = list(Category.objects.filter(is_active=True).order_by("order", "code").values_list("code", "name"))
        if categories:
            self.fields["category"].choices = [("", _("Choose a category (optional)")), *categories]
        else:
            del self.fields["category"]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = new_idempotency_key()

    def clean_text(self):
        return _normalised_text(self.cleaned_data.get("text"))

    def clean_idempotency_key(self):
        key = (self.cleaned_data.get("idempotency_key") or "").strip()
        # A form without a proper key (an old page, a script) still saves, just without the double-tap guard.
        return key if KEY_PATTERN.match(key) else ""

    def clean(self):
        data = super().clean()
        try:
            services.validate_submission(self.submission(photos=[]))
        except ValidationError as error:
            attach_service_errors(self, error)
        return data

    def submission(self, photos=None):
        data = self.cleaned_data
        return services.Submission(
            text=data.get("text") or "", region_code=data.get("region_code") or "", category=data.get("category") or "",
            form=data.get("form_type") or Form.OPINION, address=data.get("address") or "",
            latitude=data.get("latitude") or None, longitude=data.get("longitude") or None,
            citizen_name=data.get("citizen_name") or "", phone=data.get("phone") or "", anonymous=bool(data.get("anonymous")),
            publish_consent=bool(data.get("publish_consent")), photos=(data.get("photos") or []) if photos is None else photos,
        )


# --- With a tracking code --------------------------------------------------------------------


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))
    phone_last4 = forms.CharField(
        label=_("Last four digits of your phone"), required=False, max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "autocomplete": "off"}),
        help_text=_("Leave empty if you gave no phone number."),
    )


class AddInformationForm(forms.Form):
    text = forms.CharField(label=_("What do you want to add?"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.TEXT_LIMIT}))
    photos = PhotosField(label=_("Photos"))

    def clean_text(self):
        return _normalised_text(self.cleaned_data.get("text")).strip()


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(label=_("How satisfied are you with the result?"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
                              help_text=_("If you are not satisfied, say why: the unit handles it again with your reason."))

    def clean(self):
        data = super().clean()
        if data.get("rating") == Rating.UNSATISFIED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why you are not satisfied, so that the unit knows what to do again."))
        return data


# --- The representative --------------------------------------------------------------------


class ResolveOnSpotForm(forms.Form):
    text = forms.CharField(label=_("What was done"), strip=False,
                           widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.TEXT_LIMIT}),
                           help_text=_("The citizen reads this and is asked whether they are satisfied."))
    photos = PhotosField(label=_("Photos"))

    def clean_text(self):
        return _normalised_text(self.cleaned_data.get("text"))


class ForwardForm(forms.Form):
    note = forms.CharField(label=_("Note for the congress staff"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
                           help_text=_("What you already know or did. Only the congress staff see this note."))


class InPersonEvaluationForm(EvaluationForm):
    rating = forms.ChoiceField(label=_("What did the citizen say about the result?"), choices=Rating.choices, widget=forms.RadioSelect)
