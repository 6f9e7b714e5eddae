"""What anyone may read about a representative (代表法 第58条: basic information is public):
the fields of the public profile behind the 代表码. Never the phone, the birth date or
anything else kept for the congress's own work."""

from dataclasses import dataclass, field

from minyi.organisations.models import StationAssignment


@dataclass(frozen=True)
class PublicMandate:
    level: str
    level_label: str
    congress_name: str
    term_number: int | None
    electoral_district: str
    group_name: str
    professional_group_name: str


@dataclass(frozen=True)
class PublicStationLink:
    public_code: str
    name: str


@dataclass(frozen=True)
class PublicProfile:
    public_code: str
    name: str
    gender: str
    ethnicity: str
    party: str
    workplace: str
    position: str
    photo_url: str
    bio: str
    mandates: list[PublicMandate] = field(default_factory=list)
    stations: list[PublicStationLink] = field(default_factory=list)

    @property
    def is_serving(self):
        return bool(self.mandates)


def public_profile(representative):
    """The public profile: current mandates only, and the active stations the representative
    is assigned to now."""
    mandates = representative.mandates.current().select_related("congress", "term", "group", "professional_group")
    assignments = (
        StationAssignment.objects.current()
        .filter(representative=representative, station__is_active=True)
        .select_related("station")
        .order_by("station__name")
    )
    return PublicProfile(
        public_code=representative.public_code,
        name=representative.name,
        gender=str(representative.get_gender_display()),
        ethnicity=str(representative.get_ethnicity_display()),
        party=str(representative.get_party_display()),
        workplace=representative.workplace,
        position=representative.position,
        photo_url=representative.photo.url if representative.photo else "",
        bio=representative.bio,
        mandates=[
            PublicMandate(
                level=mandate.level,
                level_label=str(mandate.get_level_display()),
                congress_name=mandate.congress.name if mandate.congress else "",
                term_number=mandate.term.number if mandate.term else None,
                electoral_district=mandate.electoral_district,
                group_name=mandate.group.name if mandate.group else "",
                professional_group_name=mandate.professional_group.name if mandate.professional_group else "",
            )
            for mandate in mandates
        ],
        stations=[PublicStationLink(a.station.public_code, a.station.name) for a in assignments],
    )
