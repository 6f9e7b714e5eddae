"""Micro-wishes (微心愿): a citizen's small wish (a school bag for a left-behind child, a handrail for
an elderly neighbour), reviewed by the congress staff, shown on the public wall, claimed by a
representative, a unit or a volunteer, fulfilled with proof and confirmed by the citizen.

The citizen's name and phone stay with the wish, the phone encrypted (like an opinion's) with only
its last four digits readable, to check a tracking code against. The wall never shows either."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.representatives import personal_data

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_tracking_code():
    return "W" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(9))


def photo_path(instance, filename):
    import uuid

    # A random name: a stored name must not say who or where the photo shows.
    return f"wishes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class Wish(models.Model):
    class State(models.TextChoices):
        REVIEWING = "reviewing", _("Waiting for review")
        DECLINED = "declined", _("Not published")
        PUBLISHED = "published", _("Waiting to be claimed")
        CLAIMED = "claimed", _("Claimed")
        FULFILLED = "fulfilled", _("Fulfilled, waiting for confirmation")
        CONFIRMED = "confirmed", _("Received")

    class Channel(models.TextChoices):
        H5 = "h5", _("Posted on the phone page")
        STATION_CODE = "station_code", _("Posted through a station's code")
        STAFF_ENTRY = "staff_entry", _("Entered by the congress staff")

    class ClaimerKind(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        UNIT = "unit", _("Unit or department")
        VOLUNTEER = "volunteer", _("Volunteer")

    code = models.CharField(_("tracking code"), max_length=12, unique=True, default=new_tracking_code, editable=False)
    title = models.CharField(_("wish"), max_length=30)
    text = models.TextField(_("what is wished for, and why"))
    for_whom = models.CharField(_("for whom"), max_length=20)
    region = models.ForeignKey("regions.Region", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="wishes")
    station = models.ForeignKey("organisations.Station", verbose_name=_("station"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="wishes")
    channel = models.CharField(_("channel"), max_length=15, choices=Channel.choices, default=Channel.H5)
    citizen_name = models.CharField(_("contact name"), max_length=20)
    phone_ciphertext = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_hash = models.CharField(_("phone lookup hash"), max_length=64, blank=True, db_index=True, editable=False)
    phone_last4 = models.CharField(_("last four digits of the phone"), max_length=4, blank=True, editable=False)
    consent_at = models.DateTimeField(_("consent given"), default=timezone.now)
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("citizen's account"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                help_text=_("When the citizen posted it signed in: they hear of it in the app."))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    idempotency_key = models.CharField(_("submission key"), max_length=64, unique=True, null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REVIEWING, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decline_reason = models.TextField(_("why it was not published"), blank=True)
    claimer_kind = models.CharField(_("claimed by"), max_length=15, choices=ClaimerKind.choices, blank=True)
    claimer_representative = models.ForeignKey("representatives.Representative", verbose_name=_("claiming representative"), null=True,
                                               blank=True, on_delete=models.PROTECT, related_name="claimed_wishes")
    claimer_unit = models.ForeignKey("organisations.Unit", verbose_name=_("claiming unit"), null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="claimed_wishes")
    claimer_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("claimed by (account)"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="claimed_wishes")
    claimer_name = models.CharField(_("claimer's name as shown"), max_length=100, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    proof_text = models.TextField(_("what was done"), blank=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by staff"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmation_note = models.TextField(_("why the staff confirmed it"), blank=True)

    class Meta:
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")
        ordering = ["-posted_at", "-id"]
        indexes = [models.Index(fields=["state", "-posted_at"], name="wish_state_posted")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["reviewing", "declined", "published"], claimer_kind="")
                | models.Q(state__in=["claimed", "fulfilled", "confirmed"], claimer_kind__in=["representative", "unit", "volunteer"]),
                name="wish_claimed_states_have_a_claimer",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def phone(self):
        return personal_data.decrypt(self.phone_ciphertext) if self.phone_ciphertext else ""

    @phone.setter
    def phone(self, value):
        number = personal_data.normalise_phone(value)
        if not number:
            self.phone_ciphertext, self.phone_hash, self.phone_last4 = "", "", ""
            return
        self.phone_ciphertext = personal_data.encrypt(number)
        self.phone_hash = personal_data.lookup_hash(number)
        self.phone_last4 = number[-4:]

    @property
    def masked_phone(self):
        return personal_data.mask_phone(self.phone)

    @property
    def is_public(self):
        return self.state in PUBLIC_STATES

    @property
    def claimer_label(self):
        """"代表 李春梅", "单位 荆门市住房和城乡建设局", "志愿者 张先生": who claimed it, as the wall shows it."""
        if not self.claimer_kind:
            return ""
        return f"{self.get_claimer_kind_display()} {self.claimer_name}"


# What the public wall shows: reviewed and published, whatever became of it since.
PUBLIC_STATES = (Wish.State.PUBLISHED, Wish.State.CLAIMED, Wish.State.FULFILLED, Wish.State.CONFIRMED)


class WishEvent(models.Model):
    """One step of a wish, for its history on every page (一事一记)."""

    class Action(models.TextChoices):
        POSTED = "posted", _("Posted")
        PUBLISHED = "published", _("Published on the wall")
        DECLINED = "declined", _("Not published")
        CLAIMED = "claimed", _("Claimed")
        GIVEN_BACK = "given_back", _("Given back")
        FULFILLED = "fulfilled", _("Fulfilled")
        NOT_RECEIVED = "not_received", _("Not received yet")
        CONFIRMED = "confirmed", _("Receipt confirmed")

    wish = models.ForeignKey(Wish, verbose_name=_("micro-wish"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("step"), max_length=15, choices=Action.choices)
    state = models.CharField(_("state afterwards"), max_length=10, choices=Wish.State.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(_("by (as shown)"), max_length=120, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("micro-wish step")
        verbose_name_plural = _("micro-wish steps")
        ordering = ["wish_id", "at", "id"]

    def __str__(self):
        return f"{self.wish} · {self.get_action_display()}"


# The steps the public wall lists (without their notes): the wish's way from the wall to the citizen.
PUBLIC_ACTIONS = (WishEvent.Action.PUBLISHED, WishEvent.Action.CLAIMED, WishEvent.Action.GIVEN_BACK, WishEvent.Action.FULFILLED,
                  WishEvent.Action.CONFIRMED)


class WishPhoto(models.Model):
    """A photo proving a wish was fulfilled, written again without its metadata (clean_photo)."""

    wish = models.ForeignKey(Wish, verbose_name=_("micro-wish"), on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(WishEvent, verbose_name=_("step"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=photo_path)
    thumbnail = models.FileField(_("thumbnail"), upload_to=photo_path)
    original_name = models.CharField(_("original name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("proof photo")
        verbose_name_plural = _("proof photos")
        ordering = ["wish_id", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name or f"{self.wish} #{self.pk}"
