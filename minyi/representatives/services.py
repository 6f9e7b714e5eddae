"""Changes to representatives' mandates that carry rules beyond saving one row."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minyi.accounts import access


def end_mandate(mandate, *, on, reason, note="", actor):
    """End `mandate` with `on` as its last day, for `reason` (a Mandate.EndReason).

    A mandate already set to end later (at the end of its term, say) may be ended earlier; one
    that has already ended cannot be moved past its end."""
    access.check(actor, "manage", mandate)
    with transaction.atomic():
        mandate.refresh_from_db(from_queryset=type(mandate)._base_manager.select_for_update())
        if mandate.end is not None and mandate.end < on:
            raise ValidationError(_("This mandate already ended on %(end)s.") % {"end": mandate.end.isoformat()})
        mandate.end, mandate.end_reason, mandate.end_note = on, reason, note
        mandate.full_clean()
        mandate.save()
    return mandate
