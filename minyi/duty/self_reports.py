"""Activities the system did not record, added by the representative with evidence (a photo, a
notice, minutes) and confirmed by the congress's staff before they count in the archive."""

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minyi.matters import attachments
from minyi.representatives.models import Mandate, Representative

from .models import SelfReport
from .services import DutyRefused, _actor, _require_staff, _user

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


def mandate_on(representative, day):
    """The representative's mandate covering `day` (the lowest level first: its congress confirms)."""
    return (Mandate.objects.covering(day).filter(representative=representative).select_related("congress__region")
            .order_by("-congress__region__level", "start").first())


def clean_evidence(upload):
    """(file name, bytes) to store: photos are written again without their metadata (the phone's
    position); documents are checked for their type and size."""
    if upload is None:
        raise ValidationError(_("Attach a photo, a notice or the minutes as evidence."))
    name = os.path.basename(getattr(upload, "name", "") or "")[:200]
    if os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS:
        full, _thumbnail = attachments.clean_photo(upload)
        return f"{os.path.splitext(name)[0]}.jpg", full
    attachments.clean_document(upload)
    upload.seek(0)
    return name, upload.read()


@transaction.atomic
def add_self_report(user, *, kind, title, happened_on, place, description, evidence):
    actor = _actor(user)
    representatives = Representative.objects.filter(pk__in=actor.representative_ids)
    if not representatives:
        raise DutyRefused(_("Only representatives add their own activities."))
    if happened_on > timezone.localdate():
        raise DutyRefused(_("An activity is added after it took place."))
    mandate = next((m for m in (mandate_on(r, happened_on) for r in representatives) if m), None)
    if mandate is None:
        raise DutyRefused(_("You held no mandate on that day: the activity cannot count for your duty."))
    name, content = clean_evidence(evidence)
    report = SelfReport(
        representative=mandate.representative, congress=mandate.congress, kind=kind, title=title.strip(), happened_on=happened_on,
        place=place.strip(), description=description.strip(), evidence_name=name, submitted_at=timezone.now(),
    )
    report.evidence.save(name, ContentFile(content), save=False)
    report.save()
    return report


@transaction.atomic
def decide_self_report(user, report, *, accept, note=""):
    actor = _actor(user)
    report = SelfReport.objects.select_for_update().select_related("congress__region").get(pk=report.pk)
    _require_staff(actor, report.congress)
    if report.state != SelfReport.State.PENDING:
        raise DutyRefused(_("This activity has been decided."))
    note = (note or "").strip()
    if not accept and not note:
        raise DutyRefused(_("Say why the activity is not confirmed: the representative reads it."))
    report.state = SelfReport.State.CONFIRMED if accept else SelfReport.State.REJECTED
    report.decision_note = note[:300]
    report.decided_by, report.decided_at = _user(actor), timezone.now()
    report.save()
    return report
