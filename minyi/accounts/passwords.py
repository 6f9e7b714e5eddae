"""Password rules beyond Django's own, as 等保三级 (GB/T 22239-2019) asks: several character
classes, and no reuse of recent passwords."""

import string

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def character_classes(password):
    return sum(
        [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class CharacterClassValidator:
    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(n)d of: lower-case letters, upper-case letters, digits, symbols.",
            "Your password must mix at least %(n)d of: lower-case letters, upper-case letters, digits, symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}


class PasswordHistoryValidator:
    def __init__(self, remember=5):
        self.remember = remember

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        if user.password and check_password(password, user.password):
            raise ValidationError(_("Your new password must differ from your current one."), code="password_reused")
        for old in user.password_history.all()[: self.remember]:
            if check_password(password, old.password):
                raise ValidationError(
                    _("You used this password recently. Choose one you have not used in your last %(n)d passwords.")
                    % {"n": self.remember},
                    code="password_reused",
                )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[self.remember :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        get_user_model().objects.filter(pk=user.pk).update(password_changed_at=timezone.now(), must_change_password=False)
        user.password_changed_at = timezone.now()
        user.must_change_password = False

    def get_help_text(self):
        return _("Your password must differ from your last %(n)d passwords.") % {"n": self.remember}
