from django.db import models
from django.utils.translation import gettext_lazy as _

from minyi.regions.models import Level


class Congress(models.Model):
    """A people's congress of one region, or a sub-district's residents' deliberation council."""

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("People's congress")
        COUNCIL = "council", _("Residents' deliberation council")

    region = models.OneToOneField("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="congress")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CONGRESS)
    parent = models.ForeignKey(
        "self", verbose_name=_("higher congress"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["region_id"]

    def __str__(self):
        return self.name

    @property
    def level(self):
        return self.region.level

    @property
    def has_standing_committee(self):
        # A township congress has a presidium instead; a council has neither.
        return self.kind == self.Kind.CONGRESS and self.region.level < Level.TOWNSHIP


class Department(models.Model):
    """A working body of a congress, e.g. 代表工作委员会, 人事代表选举委员会, 办公室."""

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["congress_id", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="department_unique_name")]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A handling unit (承办单位) of a region's state organs."""

    class Branch(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        GOVERNMENT_DEPARTMENT = "department", _("Government department")
        SUPERVISION = "supervision", _("Supervisory commission")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        TOWNSHIP_GOVERNMENT = "township", _("Township government or sub-district office")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="units")
    branch = models.CharField(_("type"), max_length=20, choices=Branch.choices, default=Branch.GOVERNMENT_DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["region_id", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self):
        return self.name
