"""What a citizen's opinion carries beyond the engine's matter: who the citizen is (encrypted),
where it happened, whether the unit may know who they are; and the categories with their
per-congress deadline and routing settings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.representatives import personal_data
from minyi.workdays.calendar import parse_rule


class Category(models.Model):
    """A subject citizens choose from (城市管理, 交通出行…). The list is the deployment's; deadlines
    and the usual handling unit can differ per congress (CategorySetting)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=50)
    description = models.CharField(_("description"), max_length=200, blank=True, help_text=_("A few examples citizens recognise."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


def validate_rule(value):
    if not value:
        return
    try:
        parse_rule(value)
    except (TypeError, ValueError):
        raise ValidationError(
            _("Write a deadline as a unit and a number, e.g. workdays:15, days:1 or months:3."), code="invalid_rule"
        ) from None


class CategorySetting(models.Model):
    """One congress's own deadlines and usual lead unit, for one category or (no category) for all
    of them. Empty rules fall back to the congress above, then to the defaults of the kind."""

    congress = models.ForeignKey("organisations.Congress", verbose_name=_("congress"), on_delete=models.CASCADE, related_name="category_settings")
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE, related_name="settings",
        help_text=_("Leave empty for a setting that applies to every category."),
    )
    sign_rule = models.CharField(
        _("sign within"), max_length=20, blank=True, validators=[validate_rule], help_text=_("e.g. workdays:1 or days:1")
    )
    handle_rule = models.CharField(
        _("reply within"), max_length=20, blank=True, validators=[validate_rule], help_text=_("e.g. workdays:15")
    )
    quick_sign_rule = models.CharField(_("snapshot: respond within"), max_length=20, blank=True, validators=[validate_rule])
    quick_handle_rule = models.CharField(_("snapshot: finish within"), max_length=20, blank=True, validators=[validate_rule])
    default_unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("usual lead unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("category setting")
        verbose_name_plural = _("category settings")
        constraints = [
            models.UniqueConstraint(fields=["congress", "category"], name="categorysetting_one_per_category"),
            models.UniqueConstraint(fields=["congress"], condition=models.Q(category__isnull=True), name="categorysetting_one_default"),
        ]

    def __str__(self):
        return f"{self.congress} · {self.category or _('all categories')}"


class Form(models.TextChoices):
    OPINION = "opinion", _("Opinion or suggestion")
    SNAPSHOT = "snapshot", _("Snapshot of a problem")


class Opinion(models.Model):
    """The citizen's side of an opinion matter. The phone is encrypted (like representatives'
    phones); only its last four digits are kept readable, to check a tracking code against."""

    matter = models.OneToOneField("matters.Matter", verbose_name=_("matter"), primary_key=True, on_delete=models.PROTECT, related_name="opinion")
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.OPINION)
    citizen_name = models.CharField(_("name"), max_length=50, blank=True)
    phone_ciphertext = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_hash = models.CharField(_("phone lookup hash"), max_length=64, blank=True, db_index=True, editable=False)
    phone_last4 = models.CharField(_("last four digits of the phone"), max_length=4, blank=True, editable=False)
    anonymous = models.BooleanField(_("anonymous to the handling unit"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given"), default=timezone.now)
    publish_consent = models.BooleanField(_("may be published without personal data"), default=False)
    idempotency_key = models.CharField(_("submission key"), max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")

    def __str__(self):
        return str(self.matter)

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

    def contact_for(self, actor):
        """(name, phone) as `actor` may see them: hidden from units when the citizen asked for
        anonymity, masked everywhere but the holding congress's own staff."""
        from minyi.accounts import access

        actor = actor if isinstance(actor, access.Actor) else access.actor_for(actor)
        sees_whole = actor.is_system_admin or actor.is_congress_staff
        if self.anonymous and not sees_whole:
            return _("Anonymous"), ""
        return self.citizen_name or _("Citizen"), self.masked_phone
