from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _, pgettext_lazy

from minyi.organisations.periods import Period
from minyi.organisations.public_codes import new_public_code
from minyi.regions.models import Level as RegionLevel

from . import personal_data
from .photos import photo_path, validate_extension, validate_photo

MINIMUM_AGE = 18  # 选举法 第4条: citizens of 18 and over may be elected


class Ethnicity(models.TextChoices):
    """The 56 ethnic groups (民族), coded as in GB/T 3304."""

    HAN = "01", pgettext_lazy("ethnic group", "Han")
    MONGOL = "02", pgettext_lazy("ethnic group", "Mongol")
    HUI = "03", pgettext_lazy("ethnic group", "Hui")
    TIBETAN = "04", pgettext_lazy("ethnic group", "Tibetan")
    UYGHUR = "05", pgettext_lazy("ethnic group", "Uyghur")
    MIAO = "06", pgettext_lazy("ethnic group", "Miao")
    YI = "07", pgettext_lazy("ethnic group", "Yi")
    ZHUANG = "08", pgettext_lazy("ethnic group", "Zhuang")
    BOUYEI = "09", pgettext_lazy("ethnic group", "Bouyei")
    KOREAN = "10", pgettext_lazy("ethnic group", "Korean")
    MANCHU = "11", pgettext_lazy("ethnic group", "Manchu")
    DONG = "12", pgettext_lazy("ethnic group", "Dong")
    YAO = "13", pgettext_lazy("ethnic group", "Yao")
    BAI = "14", pgettext_lazy("ethnic group", "Bai")
    TUJIA = "15", pgettext_lazy("ethnic group", "Tujia")
    HANI = "16", pgettext_lazy("ethnic group", "Hani")
    KAZAKH = "17", pgettext_lazy("ethnic group", "Kazakh")
    DAI = "18", pgettext_lazy("ethnic group", "Dai")
    LI = "19", pgettext_lazy("ethnic group", "Li")
    LISU = "20", pgettext_lazy("ethnic group", "Lisu")
    VA = "21", pgettext_lazy("ethnic group", "Va")
    SHE = "22", pgettext_lazy("ethnic group", "She")
    GAOSHAN = "23", pgettext_lazy("ethnic group", "Gaoshan")
    LAHU = "24", pgettext_lazy("ethnic group", "Lahu")
    SUI = "25", pgettext_lazy("ethnic group", "Sui")
    DONGXIANG = "26", pgettext_lazy("ethnic group", "Dongxiang")
    NAXI = "27", pgettext_lazy("ethnic group", "Naxi")
    JINGPO = "28", pgettext_lazy("ethnic group", "Jingpo")
    KYRGYZ = "29", pgettext_lazy("ethnic group", "Kyrgyz")
    TU = "30", pgettext_lazy("ethnic group", "Tu")
    DAUR = "31", pgettext_lazy("ethnic group", "Daur")
    MULAO = "32", pgettext_lazy("ethnic group", "Mulao")
    QIANG = "33", pgettext_lazy("ethnic group", "Qiang")
    BLANG = "34", pgettext_lazy("ethnic group", "Blang")
    SALAR = "35", pgettext_lazy("ethnic group", "Salar")
    MAONAN = "36", pgettext_lazy("ethnic group", "Maonan")
    GELAO = "37", pgettext_lazy("ethnic group", "Gelao")
    XIBE = "38", pgettext_lazy("ethnic group", "Xibe")
    ACHANG = "39", pgettext_lazy("ethnic group", "Achang")
    PUMI = "40", pgettext_lazy("ethnic group", "Pumi")
    TAJIK = "41", pgettext_lazy("ethnic group", "Tajik")
    NU = "42", pgettext_lazy("ethnic group", "Nu")
    UZBEK = "43", pgettext_lazy("ethnic group", "Uzbek")
    RUSSIAN = "44", pgettext_lazy("ethnic group", "Russian")
    EVENKI = "45", pgettext_lazy("ethnic group", "Evenki")
    DEANG = "46", pgettext_lazy("ethnic group", "De'ang")
    BONAN = "47", pgettext_lazy("ethnic group", "Bonan")
    YUGUR = "48", pgettext_lazy("ethnic group", "Yugur")
    GIN = "49", pgettext_lazy("ethnic group", "Gin")
    TATAR = "50", pgettext_lazy("ethnic group", "Tatar")
    DERUNG = "51", pgettext_lazy("ethnic group", "Derung")
    OROQEN = "52", pgettext_lazy("ethnic group", "Oroqen")
    HEZHEN = "53", pgettext_lazy("ethnic group", "Hezhen")
    MONBA = "54", pgettext_lazy("ethnic group", "Monba")
    LHOBA = "55", pgettext_lazy("ethnic group", "Lhoba")
    JINO = "56", pgettext_lazy("ethnic group", "Jino")


class Party(models.TextChoices):
    """Political affiliation (政治面貌), coded as in GB/T 4762."""

    CPC_MEMBER = "01", _("Member of the Communist Party of China")
    CPC_PROBATIONARY_MEMBER = "02", _("Probationary member of the Communist Party of China")
    CYL_MEMBER = "03", _("Member of the Communist Youth League")
    RCCK = "04", _("Revolutionary Committee of the Chinese Kuomintang")
    CDL = "05", _("China Democratic League")
    CNDCA = "06", _("China National Democratic Construction Association")
    CAPD = "07", _("China Association for Promoting Democracy")
    CPWDP = "08", _("Chinese Peasants' and Workers' Democratic Party")
    CZGP = "09", _("China Zhi Gong Party")
    JIUSAN = "10", _("Jiusan Society")
    TDSGL = "11", _("Taiwan Democratic Self-Government League")
    NON_PARTY = "12", _("Non-party personage")
    NO_AFFILIATION = "13", _("No affiliation")


class OccupationCategory(models.TextChoices):
    """The categories in which congresses report their representatives' composition (代表构成)."""

    WORKER = "worker", _("Worker")
    FARMER = "farmer", _("Farmer")
    PROFESSIONAL = "professional", _("Professional or technical staff")
    OFFICIAL = "official", _("Party or government official")
    BUSINESS = "business", _("Enterprise manager")
    MILITARY = "military", _("People's Liberation Army or armed police")
    OTHER = "other", _("Other")


class RepresentativeQuerySet(models.QuerySet):
    def with_phone(self, phone):
        """Representatives whose phone is `phone`, however it is typed; none for a non-number."""
        try:
            number = personal_data.normalise_phone(phone)
        except ValidationError:
            return self.none()
        return self.filter(phone_hash=personal_data.lookup_hash(number)) if number else self.none()


class Representative(models.Model):
    """A person who holds, or has held, one or more mandates as a people's representative.

    The phone is kept encrypted (see personal_data); read and set it through `phone`."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    party = models.CharField(_("political affiliation"), max_length=2, choices=Party.choices, blank=True)
    occupation_category = models.CharField(_("occupation category"), max_length=20, choices=OccupationCategory.choices, blank=True)
    workplace = models.CharField(_("workplace"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone_ciphertext = models.TextField(_("phone (encrypted)"), blank=True, editable=False)
    phone_hash = models.CharField(_("phone lookup hash"), max_length=64, unique=True, null=True, blank=True, editable=False)
    photo = models.FileField(
        _("photo"),
        upload_to=photo_path,
        blank=True,
        validators=[validate_extension, validate_photo],
        help_text=_("A JPEG, PNG or WebP image of at most 2 MB."),
    )
    bio = models.TextField(_("biography"), blank=True)
    public_code = models.CharField(_("public code"), max_length=16, unique=True, default=new_public_code, editable=False)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def phone(self):
        return personal_data.decrypt(self.phone_ciphertext) if self.phone_ciphertext else ""

    @phone.setter
    def phone(self, value):
        number = personal_data.normalise_phone(value)
        if not number:
            self.phone_ciphertext, self.phone_hash = "", None
            return
        digest = personal_data.lookup_hash(number)
        if digest != self.phone_hash:
            # Fernet tokens differ on every encryption; re-encrypting an unchanged number would
            # only fill the audit log with changes that are not.
            self.phone_ciphertext, self.phone_hash = personal_data.encrypt(number), digest

    @property
    def masked_phone(self):
        return personal_data.mask_phone(self.phone)

    def clean(self):
        super().clean()
        if self.birth_date and self.birth_date > _years_before(timezone.localdate(), MINIMUM_AGE):
            raise ValidationError({"birth_date": _("A representative must be at least 18 years old.")})
        if self.phone_hash and Representative.objects.exclude(pk=self.pk).filter(phone_hash=self.phone_hash).exists():
            raise ValidationError({"phone": _("Another representative already has this phone number.")})

    def validate_unique(self, exclude=None):
        # clean() reports a duplicate phone in words a person understands; the hash column's
        # own message would name a column nobody sees.
        super().validate_unique(exclude={*(exclude or ()), "phone_hash"})


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


class RepresentativeGroup(models.Model):
    """A representatives' group (代表小组) of a congress, by area or by profession (专业代表小组)."""

    class Kind(models.TextChoices):
        AREA = "area", _("Representatives' group")
        PROFESSIONAL = "professional", _("Professional group")

    congress = models.ForeignKey(
        "organisations.Congress", verbose_name=_("congress"), on_delete=models.PROTECT, related_name="representative_groups"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AREA)

    class Meta:
        verbose_name = _("representatives' group")
        verbose_name_plural = _("representatives' groups")
        ordering = ["congress_id", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="representativegroup_unique_name")]

    def __str__(self):
        return self.name


class MandateLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")


MANDATE_LEVEL_OF_REGION = {
    RegionLevel.PROVINCE: MandateLevel.PROVINCIAL,
    RegionLevel.CITY: MandateLevel.CITY,
    RegionLevel.COUNTY: MandateLevel.COUNTY,
    RegionLevel.TOWNSHIP: MandateLevel.TOWNSHIP,
}


class Mandate(Period):
    """One mandate of a representative: a seat in one congress for one term.

    The National People's Congress has no region in the tree, so a national mandate names no
    congress; nor does a mandate in a congress above the deployment's root. Such mandates do
    not bring the representative into any staff member's scope by themselves."""

    class EndReason(models.TextChoices):
        TERM_ENDED = "term_ended", _("Term ended")
        RESIGNATION = "resignation", _("Resignation")
        RECALL = "recall", _("Recall")
        TERMINATION = "termination", _("Termination")

    representative = models.ForeignKey(Representative, verbose_name=_("representative"), on_delete=models.PROTECT, related_name="mandates")
    level = models.CharField(_("level"), max_length=10, choices=MandateLevel.choices)
    congress = models.ForeignKey(
        "organisations.Congress", verbose_name=_("congress"), null=True, blank=True, on_delete=models.PROTECT, related_name="mandates"
    )
    term = models.ForeignKey(
        "organisations.Term", verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT, related_name="mandates"
    )
    electoral_district = models.CharField(
        _("electoral district or electing unit"), max_length=100, blank=True, help_text=_("e.g. 第三选区, or 荆门市人民代表大会")
    )
    group = models.ForeignKey(
        RepresentativeGroup,
        verbose_name=_("representatives' group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
        limit_choices_to={"kind": RepresentativeGroup.Kind.AREA},
    )
    professional_group = models.ForeignKey(
        RepresentativeGroup,
        verbose_name=_("professional group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="professional_mandates",
        limit_choices_to={"kind": RepresentativeGroup.Kind.PROFESSIONAL},
    )
    end_reason = models.CharField(_("reason for ending"), max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.TextField(_("note on ending"), blank=True)

    overlap_message = _("The representative already holds a mandate in this congress for part of this period.")

    class Meta(Period.Meta):
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["representative_id", "-start"]
        constraints = [
            *Period.Meta.constraints,
            models.UniqueConstraint(fields=["representative", "term"], condition=Q(term__isnull=False), name="mandate_one_per_term"),
            models.CheckConstraint(
                condition=Q(end__isnull=True, end_reason="") | (Q(end__isnull=False) & ~Q(end_reason="")),
                name="mandate_end_has_reason",
            ),
        ]

    def __str__(self):
        where = self.congress or self.get_level_display()
        return gettext("%(representative)s, %(where)s") % {"representative": self.representative, "where": where}

    def overlap_candidates(self):
        if not self.representative_id:
            return None
        same_seat = Q(congress_id=self.congress_id) if self.congress_id else Q(congress__isnull=True, level=self.level)
        return Mandate.objects.filter(same_seat, representative_id=self.representative_id)

    def clean(self):
        errors = {}
        if self.congress_id:
            congress = self.congress
            if congress.is_council:
                errors["congress"] = _("A residents' deliberation council has chosen members, not representatives' mandates.")
            elif MANDATE_LEVEL_OF_REGION.get(congress.region.level) != self.level:
                errors["congress"] = _("This congress is not of the mandate's level.")
        if self.term_id and self.term.congress_id != self.congress_id:
            errors["term"] = _("The term must be one of the mandate's congress.")
        for field_name, kind in (("group", RepresentativeGroup.Kind.AREA), ("professional_group", RepresentativeGroup.Kind.PROFESSIONAL)):
            group = getattr(self, field_name)
            if group is not None and (group.congress_id != self.congress_id or group.kind != kind):
                errors[field_name] = _("Choose a group of this kind in the mandate's congress.")
        if self.end is None and (self.end_reason or self.end_note):
            errors["end"] = _("A mandate with a reason for ending needs its last day.")
        if self.end is not None and not self.end_reason:
            errors["end_reason"] = _("Say why the mandate ended.")
        if self.end_reason == self.EndReason.TERMINATION and not self.end_note.strip():
            errors["end_note"] = _("Explain why the mandate was terminated.")
        if errors:
            raise ValidationError(errors)
        super().clean()


class Grid(models.Model):
    """A grid (网格): the finest cell of grassroots governance, usually within a village or community."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="grids")
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=30)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["region_id", "code"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="grid_unique_code_in_region")]

    def __str__(self):
        return self.name


class GridResponsibility(Period):
    """A representative responsible for a grid (代表入网、服务到格)."""

    grid = models.ForeignKey(Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="responsibilities")
    representative = models.ForeignKey(
        Representative, verbose_name=_("representative"), on_delete=models.PROTECT, related_name="grid_responsibilities"
    )

    overlap_message = _("The representative is already responsible for this grid for part of this period.")

    class Meta(Period.Meta):
        verbose_name = _("grid responsibility")
        verbose_name_plural = _("grid responsibilities")
        ordering = ["grid_id", "start"]

    def __str__(self):
        return f"{self.representative} @ {self.grid}"

    def overlap_candidates(self):
        if not (self.grid_id and self.representative_id):
            return None
        return GridResponsibility.objects.filter(grid_id=self.grid_id, representative_id=self.representative_id)
