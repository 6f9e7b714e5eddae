import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager as DjangoUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(r"^1\d{10}$", _("Enter an 11-digit mainland mobile number starting with 1."))


class UserManager(DjangoUserManager):
    def _create_user(self, username, email, password, **extra_fields):
        user = self.model(username=username, email=self.normalize_email(email or ""), **extra_fields)
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.save(using=self._db)
        return user

    def create_user(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Every person who signs in: citizens, representatives, staff, unit staff, administrators.

    What a person may do comes from their RoleGrants, not from flags on this row; `is_staff`
    only opens Django's own admin site to system administrators.
    """

    username = models.CharField(
        _("username"),
        max_length=50,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_.@-]+$", _("Use letters, digits and . @ _ - only."))],
    )
    full_name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("mobile number"), max_length=11, unique=True, null=True, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the technical admin site"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    language = models.CharField(_("language"), max_length=10, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.phone == "":
            self.phone = None


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    REPRESENTATIVE = "representative", _("Representative")
    CONGRESS_STAFF = "congress_staff", _("Congress staff")
    UNIT_STAFF = "unit_staff", _("Handling-unit staff")
    UNIT_ADMIN = "unit_admin", _("Handling-unit administrator")
    LEADER = "leader", _("Leader")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Which scope field each role needs; the permission module reads scopes from these rows.
ROLE_SCOPE = {
    Role.CITIZEN: None,
    Role.REPRESENTATIVE: "representative",
    Role.CONGRESS_STAFF: "congress",
    Role.UNIT_STAFF: "unit",
    Role.UNIT_ADMIN: "unit",
    Role.LEADER: "congress",
    Role.SYSTEM_ADMIN: None,
}


class RoleGrant(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    congress = models.ForeignKey(
        "organisations.Congress", verbose_name=_("congress"), null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "organisations.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey("organisations.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT)
    representative = models.ForeignKey(
        "representatives.Representative", verbose_name=_("representative"), null=True, blank=True, on_delete=models.PROTECT
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["user_id", "role"]
        # One grant per role and scope; NULL scopes need their own partial constraints
        # because SQLite has no NULLS NOT DISTINCT.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "congress"], condition=models.Q(congress__isnull=False), name="rolegrant_unique_congress"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"], condition=models.Q(unit__isnull=False), name="rolegrant_unique_unit"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "representative"],
                condition=models.Q(representative__isnull=False),
                name="rolegrant_unique_representative",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(congress__isnull=True, unit__isnull=True, representative__isnull=True),
                name="rolegrant_unique_unscoped",
            ),
        ]

    def __str__(self):
        scope = self.congress or self.unit or self.representative
        return f"{self.get_role_display()} · {scope}" if scope else self.get_role_display()


class PasswordHistory(models.Model):
    """Hashes of earlier passwords, so a user cannot cycle back to one (等保三级)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class ApiToken(models.Model):
    """A bearer token for a system that calls the API; only a hash is stored."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("token prefix"), max_length=8)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name):
        key = "my_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), prefix=key[:8])
        return token, key
