"""Forms of the micro-wish pages. The rules stay in `services`; these forms turn what was typed into
the services' arguments and show their errors field by field, keeping what was typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minyi.matters import attachments
from minyi.opinions.forms import KEY_PATTERN, attach_service_errors, new_idempotency_key

from . import services
from .models import Wish

__all__ = ["attach_service_errors"]


def normalised_text(value):
    # Browsers send line breaks as \r\n but count them as one character against maxlength.
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


class PostingForm(forms.Form):
    """The citizen's wish (also what a station's or village's staff type for them on a phone). The
    service checks every field (validate_posting); a field left empty is told with the service's own words."""

    title = forms.CharField(
        label=_("What is wished for?"), error_messages={"required": _("Say in a few words what is wished for.")},
        widget=forms.TextInput(attrs={"maxlength": services.TITLE_LIMIT, "placeholder": _("e.g. A new school bag")}),
    )
    text = forms.CharField(
        label=_("Tell us more"), strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": services.TEXT_LIMIT,
                                     "placeholder": _("What is needed, for whom and why; size or colour if it matters.")}),
    )
    for_whom = forms.CharField(
        label=_("For whom?"), error_messages={"required": _("Say for whom the wish is, e.g. 留守儿童 小林.")},
        widget=forms.TextInput(attrs={"maxlength": services.FOR_WHOM_LIMIT, "placeholder": _("e.g. 留守儿童 小林")}),
        help_text=_("A short description shown with the wish. No full name, no ID number."),
    )
    region_code = forms.CharField(label=_("Village or community"), required=False, widget=forms.HiddenInput)
    citizen_name = forms.CharField(label=_("Contact name"), error_messages={"required": _("Leave a name we can ask for when we call.")},
                                   widget=forms.TextInput(attrs={"maxlength": services.NAME_LIMIT, "autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Mobile phone"),
        error_messages={"required": _("Leave a mobile number: with it and the tracking code you follow the wish.")},
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "maxlength": 20}),
        help_text=_("Never shown on the wall. You follow the wish with the tracking code and the last four digits of this number."),
    )
    consent = forms.BooleanField(
        label=_("I agree that the wish is shown in public without my name and phone, and that they are used only to fulfil it"),
        error_messages={"required": _("Tick the box to agree; without it the wish cannot be posted.")},
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)
    station = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.getlist("pick"):
            # The region picker's last select holds the place chosen (see opinions/mobile/_region_picker.html).
            data = data.copy()
            data["region_code"] = data.getlist("pick")[-1]
        super().__init__(data, *args, **kwargs)
        # Formatted now, in the reader's language (a lazy text formatted at import would not be).
        self.fields["text"].error_messages["required"] = gettext(
            "Describe the wish in at least %(minimum)d characters: what is needed, and why.") % {"minimum": services.TEXT_MINIMUM}
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = new_idempotency_key()

    def clean_text(self):
        return normalised_text(self.cleaned_data.get("text"))

    def clean_idempotency_key(self):
        key = (self.cleaned_data.get("idempotency_key") or "").strip()
        # A form without a proper key (an old page, a script) still saves, just without the double-tap guard.
        return key if KEY_PATTERN.match(key) else ""

    def clean(self):
        data = super().clean()
        try:
            services.validate_posting(self.posting())
        except ValidationError as error:
            # A field the form already refused (left empty) keeps its one message.
            fresh = {name: errors for name, errors in error.message_dict.items() if name not in self.errors}
            if fresh:
                attach_service_errors(self, ValidationError(fresh))
        return data

    def posting(self):
        data = self.cleaned_data
        return services.Posting(title=data.get("title") or "", text=data.get("text") or "", for_whom=data.get("for_whom") or "",
                                region_code=data.get("region_code") or "", citizen_name=data.get("citizen_name") or "",
                                phone=data.get("phone") or "")


class StaffPostingForm(PostingForm):
    """The congress staff enter a wish a citizen brought them."""

    consent = forms.BooleanField(
        label=_("The citizen agreed that the wish is shown in public without their name and phone"),
        error_messages={"required": _("Ask the citizen and tick the box; without their consent the wish cannot be entered.")},
    )
    publish_now = forms.BooleanField(label=_("Publish on the wall at once"), required=False, initial=True,
                                     help_text=_("You have read it: it needs no other review."))


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))
    phone_last4 = forms.RegexField(
        label=_("Last four digits of your phone"), regex=r"^[0-9]{4}$",
        error_messages={"invalid": _("Enter the four last digits of the phone number you gave."),
                        "required": _("Enter the four last digits of the phone number you gave.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "maxlength": 4, "autocomplete": "off"}),
    )


class ReasonForm(forms.Form):
    """A reason someone else reads: why a wish is declined, given back, or confirmed by staff."""

    reason = forms.CharField(label=_("Reason"), required=False, strip=False,
                             widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.REASON_LIMIT}))

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text

    def clean_reason(self):
        return normalised_text(self.cleaned_data.get("reason"))


class PublishForm(forms.Form):
    title = forms.CharField(label=_("What is wished for?"), required=False, widget=forms.TextInput(attrs={"maxlength": services.TITLE_LIMIT}))
    text = forms.CharField(label=_("Tell us more"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 5, "maxlength": services.TEXT_LIMIT}))
    for_whom = forms.CharField(label=_("For whom?"), required=False, widget=forms.TextInput(attrs={"maxlength": services.FOR_WHOM_LIMIT}),
                               help_text=_("Correct the wording before publishing if it names or identifies someone."))

    def clean_text(self):
        return normalised_text(self.cleaned_data.get("text"))


class ClaimForm(forms.Form):
    option = forms.ChoiceField(label=_("Claim it"), widget=forms.RadioSelect,
                               error_messages={"required": _("Choose how you claim it."), "invalid_choice": _("Choose how you claim it.")})
    name = forms.CharField(label=_("Your name on the wall"), required=False,
                           widget=forms.TextInput(attrs={"maxlength": services.NAME_LIMIT, "autocomplete": "name"}),
                           help_text=_("For volunteers: the name shown as the claimer, e.g. 张先生."))

    def __init__(self, *args, options=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(options)
        self.fields["option"].choices = [(o.key, o.label) for o in self.options]
        if len(self.options) == 1:
            self.fields["option"].initial = self.options[0].key
            self.fields["option"].widget = forms.HiddenInput()
        if not any(o.kind == Wish.ClaimerKind.VOLUNTEER for o in self.options):
            del self.fields["name"]
        elif user is not None and not self.is_bound:
            self.fields["name"].initial = (user.full_name or "")[: services.NAME_LIMIT]


class ProofPhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ProofPhotosField(forms.FileField):
    """The photos showing a wish fulfilled, each re-encoded without its metadata by clean_photo."""

    widget = ProofPhotosInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": "image/*", "multiple": True, "data-photo-input": ""})

    def get_bound_field(self, form, field_name):
        self.help_text = gettext("At least one, up to %(count)d photos, each at most 10 MB. Their location data is removed.") % {
            "count": services.MAX_PHOTOS}
        return super().get_bound_field(form, field_name)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if len(uploads) > services.MAX_PHOTOS:
            raise ValidationError(gettext("You chose %(count)d photos; at most %(limit)d can be sent.") % {
                "count": len(uploads), "limit": services.MAX_PHOTOS})
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append((upload.name, *attachments.clean_photo(upload)))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


class FulfilForm(forms.Form):
    text = forms.CharField(label=_("How the wish was fulfilled"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.PROOF_LIMIT,
                                                        "placeholder": _("e.g. We brought the school bag and stationery to her home on Saturday.")}),
                           help_text=_("The citizen reads this and is asked to confirm that they received it."))
    photos = ProofPhotosField(label=_("Photos"))

    def clean_text(self):
        return normalised_text(self.cleaned_data.get("text"))


class NotReceivedForm(forms.Form):
    note = forms.CharField(label=_("What is missing?"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.REASON_LIMIT}))

    def clean_note(self):
        return normalised_text(self.cleaned_data.get("note"))


STATE_FILTERS = (
    ("", _("All")),
    (Wish.State.PUBLISHED, _("Waiting to be claimed")),
    (Wish.State.CLAIMED, _("Claimed")),
    (Wish.State.FULFILLED, _("Fulfilled, waiting for confirmation")),
    (Wish.State.CONFIRMED, _("Received")),
)
