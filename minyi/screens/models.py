"""Display tokens: the one credential of a big screen (大屏) in a lobby or an office.

A token opens one screen of one region's figures without signing in. Only its SHA-256 hash is kept,
like the API keys: the URL is shown once, when it is issued, and a leaked database or backup does not
open every lobby's screen. A screen set up again gets a new token (and the old one is revoked), which
the audit log then shows."""

import hashlib
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_REFRESH_SECONDS = 30
MAX_REFRESH_SECONDS = 3600


class Figure(models.TextChoices):
    """The figure that colours the map's regions."""

    COLLECTED = "collected", _("Opinions and matters collected")
    COMPLETION_RATE = "completion_rate", _("Completion rate")
    ON_TIME_RATE = "on_time_rate", _("On-time rate")
    SATISFACTION_RATE = "satisfaction_rate", _("Satisfaction rate")
    OVERDUE_NOW = "overdue_now", _("Overdue now")


class DisplayToken(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("Where the screen stands, e.g. 东宝区代表之家大厅."))
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    figure = models.CharField(_("the map shows"), max_length=20, choices=Figure.choices, default=Figure.COLLECTED)
    refresh_seconds = models.PositiveIntegerField(
        _("refresh every (seconds)"), default=60,
        validators=[MinValueValidator(MIN_REFRESH_SECONDS), MaxValueValidator(MAX_REFRESH_SECONDS)],
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token prefix"), max_length=6, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("display token")
        verbose_name_plural = _("display tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self):
        return self.revoked_at is None

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key():
        # 32 random bytes: the URL is the whole credential, so it must not be guessable.
        return secrets.token_urlsafe(32)
