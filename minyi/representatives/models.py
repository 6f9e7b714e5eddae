from django.db import models
from django.utils.translation import gettext_lazy as _


class Representative(models.Model):
    """A person who holds, or has held, one or more mandates as a people's representative."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    public_code = models.CharField(_("public code"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name
