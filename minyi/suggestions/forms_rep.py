"""Forms of the representative's suggestion pages on phones. Business rules stay in `services`;
these forms turn what was typed into a `services.Draft` and show the services' errors field by field."""

import re
import uuid
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minyi.matters import attachments
from minyi.matters.models import Rating
from minyi.opinions.forms import PhotosField, attach_service_errors
from minyi.organisations.models import Session
from minyi.representatives.models import Mandate

from . import services
from .models import Category

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token():
    return uuid.uuid4().hex


def _normalised(value):
    # Browsers send line breaks as \r\n but count them as one character against maxlength.
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Documents (PDF, Word, Excel, images) from one <input type=file multiple>, each checked by the
    engine's attachments module; every problem at once."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"multiple": True, "accept": ",".join(sorted(attachments.DOCUMENT_EXTENSIONS))})

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        cleaned, errors = [], []
        for upload in uploads:
            try:
                cleaned.append(attachments.clean_document(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


def co_signer_choices(congresses, lead):
    """Representatives with a current seat in each congress, grouped by congress when there are several."""
    today = timezone.localdate()
    groups = []
    for congress in congresses:
        seats = (Mandate.objects.covering(today).filter(congress=congress).exclude(representative=lead)
                 .select_related("representative").order_by("representative__name", "representative_id"))
        seen, options = set(), []
        for seat in seats:
            if seat.representative_id not in seen:
                seen.add(seat.representative_id)
                options.append((str(seat.representative_id), seat.representative.name))
        groups.append((congress.name, options))
    if len(groups) == 1:
        return groups[0][1]
    return groups


class RaiseForm(forms.Form):
    """A new suggestion. `mandates` are the lead's current seats (services.current_mandates)."""

    FIELD_FOR_SERVICE: ClassVar[dict] = {"session_id": "session", "co_signer_ids": "co_signers", "adopted_matter_ids": "adopt"}

    congress = forms.ChoiceField(label=_("Congress"), help_text=_("You hold seats in several congresses: choose the one you raise it in."))
    session = forms.ChoiceField(label=_("Raised at"), required=False,
                                help_text=_("A suggestion raised at a session of the congress, or between sessions."))
    category = forms.ChoiceField(label=_("Area"))
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_LIMIT,
                            widget=forms.TextInput(attrs={"maxlength": services.TITLE_LIMIT,
                                                          "placeholder": _("e.g. On speeding up the renovation of old residential areas")}))
    text = forms.CharField(label=_("Text"), strip=False,
                           widget=forms.Textarea(attrs={"rows": 10, "maxlength": services.TEXT_LIMIT, "data-count": ""}))
    co_signers = forms.MultipleChoiceField(label=_("Co-signers (joint suggestion)"), required=False, widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Each co-signer confirms in the app before the suggestion goes to review."))
    photos = PhotosField(label=_("Photos"))
    documents = DocumentsField(label=_("Documents"), help_text=_("PDF, Word, Excel or images, each at most 20 MB."))
    publish_consent = forms.BooleanField(label=_("The suggestion and its reply may be published"), required=False, initial=True)
    adopt = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, files=None, *, mandates, lead, adoptable=(), **kwargs):
        super().__init__(data, files, **kwargs)
        self.mandates, self.lead = list(mandates), lead
        congresses = [m.congress for m in self.mandates]
        self.fields["congress"].choices = [(str(c.pk), c.name) for c in congresses]
        if len(congresses) <= 1:
            self.fields["congress"].widget = forms.HiddenInput()
            self.fields["congress"].required = False
        terms = [term for term in (c.term_on(timezone.localdate()) for c in congresses) if term is not None]
        sessions = Session.objects.filter(term__in=terms).select_related("term__congress").order_by("-start")
        several = len(congresses) > 1
        self.fields["session"].choices = [("", _("Between sessions"))] + [
            (str(s.pk), (f"{s.term.congress.name} · " if several else "") + gettext("Session %(number)s (%(start)s)") % {
                "number": s.number, "start": s.start.strftime("%Y-%m-%d")}) for s in sessions]
        self.fields["category"].choices = [("", _("Choose an area"))] + list(
            Category.objects.filter(is_active=True).order_by("order", "code").values_list("code", "name"))
        chosen = str((self.data.get("congress") if self.is_bound else None) or "")
        self.fields["co_signers"].choices = co_signer_choices(sorted(congresses, key=lambda c: str(c.pk) != chosen), lead)
        self.adoptable = list(adoptable)
        self.fields["adopt"].choices = [(str(m.pk), m.title) for m in self.adoptable]
        self.fields["text"].help_text = gettext("At most %(limit)d characters.") % {"limit": services.TEXT_LIMIT}
        if not self.is_bound:
            self.initial.setdefault("token", new_token())
            self.initial.setdefault("congress", str(congresses[0].pk) if congresses else "")
            self.initial.setdefault("adopt", [str(m.pk) for m in self.adoptable])

    def clean_text(self):
        return _normalised(self.cleaned_data.get("text"))

    def clean_token(self):
        token = (self.cleaned_data.get("token") or "").strip()
        return token if TOKEN_PATTERN.match(token) else ""

    def chosen_congress(self):
        value = (self.data.get("congress") if self.is_bound else None) or self.initial.get("congress")
        return next((m.congress for m in self.mandates if str(m.congress_id) == str(value)), None) or (
            self.mandates[0].congress if len(self.mandates) == 1 else None)

    def clean(self):
        data = super().clean()
        try:
            services.validate_draft(self.draft(), lead=self.lead, congress=self.chosen_congress())
        except ValidationError as error:
            attach_service_errors(self, _only_new(self, error))
        return data

    def draft(self):
        data = self.cleaned_data
        session = data.get("session")
        return services.Draft(
            title=data.get("title") or "", text=data.get("text") or "", category=data.get("category") or "",
            session_id=int(session) if session else None, co_signer_ids=[int(i) for i in data.get("co_signers") or []],
            publish_consent=bool(data.get("publish_consent")), documents=data.get("documents") or [],
            photos=data.get("photos") or [], adopted_matter_ids=[int(i) for i in data.get("adopt") or []],
        )


def _only_new(form, error):
    """The service's errors minus those of fields the form has already refused (no double message)."""
    if not hasattr(error, "error_dict"):
        return error
    mapping = getattr(form, "FIELD_FOR_SERVICE", {})
    kept = {name: errors for name, errors in error.error_dict.items() if mapping.get(name, name) not in form.errors}
    return ValidationError(kept) if kept else ValidationError({})


class ReviseForm(forms.Form):
    """The lead rewrites a returned suggestion."""

    category = forms.ChoiceField(label=_("Area"))
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_LIMIT,
                            widget=forms.TextInput(attrs={"maxlength": services.TITLE_LIMIT}))
    text = forms.CharField(label=_("Text"), strip=False,
                           widget=forms.Textarea(attrs={"rows": 10, "maxlength": services.TEXT_LIMIT, "data-count": ""}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose an area"))] + list(
            Category.objects.filter(is_active=True).order_by("order", "code").values_list("code", "name"))
        self.fields["text"].help_text = gettext("At most %(limit)d characters.") % {"limit": services.TEXT_LIMIT}

    def clean_text(self):
        return _normalised(self.cleaned_data.get("text"))

    def draft(self):
        data = self.cleaned_data
        return services.Draft(title=data.get("title") or "", text=data.get("text") or "", category=data.get("category") or "")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why do you withdraw it? (optional)"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}))


class ContactAnswerForm(forms.Form):
    contact = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Remark"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
                           help_text=_("Needed when the contact did not happen as recorded."))


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(label=_("Your judgement of the reply"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
                              help_text=_("If you are not satisfied, say why: the unit handles it again with your reason."))

    def clean(self):
        data = super().clean()
        if data.get("rating") == Rating.UNSATISFIED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why you are not satisfied, so that the unit knows what to do again."))
        return data


__all__ = ["ContactAnswerForm", "EvaluationForm", "RaiseForm", "ReviseForm", "WithdrawForm", "attach_service_errors", "new_token"]
