import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minyi.accounts.models import Role, RoleGrant, User
from minyi.audit.models import AuditEntry
from minyi.demo import loader, plan
from minyi.demo import wishes as demo_wishes
from minyi.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from minyi.duty import archive
from minyi.duty.models import Activity, DutyList, Measure, ReportBack, SelfReport
from minyi.organisations.models import (
    Congress,
    Department,
    DutyRoster,
    ReceptionException,
    ReceptionRule,
    Session,
    Station,
    StationAssignment,
    Term,
    Unit,
)
from minyi.regions.models import Region, prefix_of
from minyi.representatives.models import Grid, GridResponsibility, Mandate, MandateLevel, Representative, RepresentativeGroup
from minyi.wishes.models import Wish, WishEvent

MODELS = [
    Region,
    Congress,
    Department,
    Term,
    Session,
    Unit,
    RepresentativeGroup,
    Representative,
    Mandate,
    Station,
    ReceptionRule,
    ReceptionException,
    StationAssignment,
    DutyRoster,
    Grid,
    GridResponsibility,
    User,
    RoleGrant,
]


def snapshot():
    counts = {model._meta.label: model.objects.count() for model in MODELS}
    counts["audit entries"] = AuditEntry.objects.count()
    return counts


def test_the_plan_is_the_same_on_every_build_and_refers_only_to_real_regions():
    first, second = plan.build(), plan.build()
    assert first == second
    regions = plan.read_regions()
    people = first.people
    assert len({p.code for p in people}) == len({p.phone for p in people}) == len({p.name for p in people}) == len(people)
    assert people[0].name == "李春梅" and {m.level for m in people[0].mandates} == {"city", "county"}
    for station in first.stations:
        congress = regions[station.data.congress]
        assert station.data.region in regions and station.data.region.startswith(prefix_of(congress.code, congress.level))
    assert all(unit.data.region in regions for unit in first.units)
    assert all(grid.region in regions and regions[grid.region].level == 5 for grid in first.grids)
    assert plan.build("small") != first


@pytest.mark.django_db
def test_the_demo_city_loads_once_and_a_reload_changes_nothing():
    loader.load()

    # The city, its five counties and their townships: congresses for 镇/乡, councils for 街道.
    assert Congress.objects.count() == 67
    assert Congress.objects.filter(kind=Congress.Kind.COUNCIL).count() == 11
    assert Congress.objects.get(region_id="420800000000").parent is None
    assert all(congress.terms.count() == 1 for congress in Congress.objects.all())
    city_term = Term.objects.get(congress__region_id="420800000000")
    assert (city_term.number, city_term.start.year, city_term.end) == (9, 2022, None)
    assert all(congress.current_term is not None for congress in Congress.objects.all())
    assert city_term.sessions.count() == 5
    assert Session.objects.count() > 300
    assert Department.objects.filter(congress__region_id="420802000000", name="代表工作委员会").exists()

    # About 40 units of every branch, with their parents and contacts.
    assert 38 <= Unit.objects.count() <= 45
    assert set(Unit.objects.values_list("branch", flat=True)) >= {b.value for b in Unit.Branch if b != Unit.Branch.OTHER}
    housing = Unit.objects.get(name="荆门市住房和城乡建设局")
    assert housing.parent.name == "荆门市人民政府" and housing.contact_phone.startswith("0724-")

    # Thirty stations of all seven types, each with a timetable and representatives of mixed levels.
    assert Station.objects.count() == 30
    assert set(Station.objects.values_list("kind", flat=True)) == set(Station.Kind.values)
    for station in Station.objects.all():
        assert station.reception_rules.exists(), station
        assert station.assignments.count() >= 3, station
    assert ReceptionException.objects.count() >= 2
    assert Station.objects.filter(latitude__isnull=False).count() >= 15
    station_levels = [
        set(Mandate.objects.filter(representative__station_assignments__station=station).values_list("level", flat=True))
        for station in Station.objects.all()
    ]
    assert sum(len(levels) >= 3 for levels in station_levels) >= 10

    # About 400 representatives, mandates at every level, many holding two or more.
    assert 380 <= Representative.objects.count() <= 420
    levels = Counter(Mandate.objects.values_list("level", flat=True))
    assert set(levels) == set(MandateLevel.values)
    assert 100 <= levels["city"] <= 140 and 220 <= levels["county"] <= 280 and 120 <= levels["township"] <= 180
    holders = Counter(Mandate.objects.filter(end__isnull=True).values_list("representative_id", flat=True))
    assert sum(count >= 2 for count in holders.values()) >= 80
    assert Mandate.objects.exclude(end=None).filter(end_reason=Mandate.EndReason.TERMINATION).exclude(end_note="").exists()
    assert Representative.objects.exclude(ethnicity="01").exists()
    assert all(phone.startswith("1990000") for phone in (r.phone for r in Representative.objects.all()[:20]))
    assert RepresentativeGroup.objects.filter(kind=RepresentativeGroup.Kind.PROFESSIONAL).exists()

    # Duty this month and next, grids with responsible representatives.
    assert DutyRoster.objects.filter(date__gte=timezone.localdate()).exists()
    assert Grid.objects.count() >= 10 and GridResponsibility.objects.count() >= Grid.objects.count()

    # rep_li: city and district mandates, two stations, a grid.
    rep_li = RoleGrant.objects.get(user__username="rep_li", role=Role.REPRESENTATIVE).representative
    assert rep_li.name == "李春梅"
    assert {(m.level, m.congress.name) for m in rep_li.mandates.all()} == {
        ("city", "荆门市人民代表大会"),
        ("county", "东宝区人民代表大会"),
    }
    assert rep_li.station_assignments.count() == 2
    assert rep_li.grid_responsibilities.exists()

    # Every write was audited, as the demo's.
    assert AuditEntry.objects.filter(object_type="representatives.representative", action="create", source="demo").count() == (
        Representative.objects.count()
    )
    assert AuditEntry.objects.filter(object_type="organisations.dutyroster", source="demo").count() == DutyRoster.objects.count()

    def signed_in(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    # Micro-wishes in every state; rep_li's confirmed one counts in her archive; each login's pages show them.
    wishes = Wish.objects.all()
    assert wishes.count() == len(demo_wishes.SCENARIOS)
    assert set(wishes.values_list("state", flat=True)) == set(Wish.State.values)
    assert wishes.filter(state=Wish.State.REVIEWING).exists()
    rep_li = RoleGrant.objects.get(user__username="rep_li", role=Role.REPRESENTATIVE).representative
    confirmed = wishes.get(claimer_representative=rep_li, state=Wish.State.CONFIRMED)
    assert confirmed.confirmed_by is None and confirmed.photos.exists()
    assert confirmed.events.filter(action=WishEvent.Action.CONFIRMED, by__isnull=True).exists()
    assert wishes.filter(events__action=WishEvent.Action.GIVEN_BACK, state=Wish.State.PUBLISHED).exists()
    assert wishes.filter(claimer_kind=Wish.ClaimerKind.VOLUNTEER, claimer_user__username="citizen").exists()
    assert wishes.filter(citizen__username="citizen").exists()
    # Histories read in order, nothing in the future.
    assert not WishEvent.objects.filter(at__gt=timezone.now()).exists()
    day = timezone.localdate(confirmed.confirmed_at)
    assert archive.counts([rep_li.pk], day, day)[rep_li.pk][Measure.WISH_FULFILLED] == 1

    assert confirmed.title in Client().get(reverse("wishes:wall")).content.decode()
    assert signed_in("db_staff").get(reverse("wishes:desk_list")).context["states"]
    assert signed_in("rep_li").get(reverse("wishes:rep_list"), {"tab": "mine"}).status_code == 200
    assert signed_in("rep_li").get(reverse("wishes:claim_detail", args=[confirmed.pk])).status_code == 200
    assert signed_in("unit_staff").get(reverse("wishes:unit_list")).context["items"]
    assert signed_in("citizen").get(reverse("wishes:my_claims")).context["items"]
    assert "张先生" in Client().get(reverse("wishes:wall")).content.decode()

    # Duty: reception days at every station, rep_li's year in her archive with a rated report back, the duty list.
    assert Activity.objects.filter(kind=Activity.Kind.RECEPTION).values("station").distinct().count() == Station.objects.filter(is_active=True).count()
    year = archive.build(rep_li, *archive.year_range(timezone.localdate().year)).counts
    assert year[Measure.SESSION] >= 1 and year[Measure.INSPECTION] >= 1 and year[Measure.RECEPTION] >= 1 and year[Measure.ABSENCE] == 0
    assert ReportBack.objects.filter(representative=rep_li, vote__state="published").exists()
    assert DutyList.objects.filter(congress__region_id="420800000000", year=timezone.localdate().year).exists()
    assert SelfReport.objects.filter(representative=rep_li, state=SelfReport.State.PENDING).exists()


    # Reloading creates, changes and audits nothing: the quick way, and the full pass.
    before = snapshot()
    assert loader.load() == (Counter(), Counter())
    assert snapshot() == before
    created, updated = loader.load(force=True)
    assert (sum(created.values()), sum(updated.values())) == (0, 0)
    assert snapshot() == before

    # Every demo login signs in with the documented password and lands on a page that works.
    for login in DEMO_LOGINS:
        client = Client()
        response = client.post(reverse("accounts:login"), {"username": login.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, login.username
        assert client.get(response.url).status_code == 200, login.username


@pytest.mark.django_db
def test_every_row_of_the_demo_passes_validation():
    # The small demo is written by the same code as the full one, at a fifth of the people.
    call_command("load_demo", "--size", "small", verbosity=0)
    assert 60 <= Representative.objects.count() <= 100
    assert set(Station.objects.values_list("kind", flat=True)) == set(Station.Kind.values)

    # Every row the demo wrote passes the models' own validation.
    checked = [
        Term.objects.select_related("congress"),
        Session.objects.select_related("term"),
        Unit.objects.all(),
        Station.objects.select_related("congress__region"),
        ReceptionRule.objects.all(),
        ReceptionException.objects.all(),
        Representative.objects.all(),
        Mandate.objects.select_related("congress__region", "term", "group", "professional_group"),
    ]
    for queryset in checked:
        for obj in queryset:
            obj.full_clean(validate_unique=False, validate_constraints=False)
    for model in (StationAssignment, DutyRoster, GridResponsibility):
        for obj in model.objects.all():
            obj.clean()


@pytest.mark.django_db
def test_a_change_of_code_or_month_runs_the_full_pass_without_duplicating(monkeypatch):
    call_command("load_demo", "--size", "small", verbosity=0)
    before = snapshot()
    monkeypatch.setattr(loader, "current_fingerprint", lambda size: "changed")
    call_command("load_demo", "--size", "small", verbosity=0)
    after = snapshot()
    # Only the new fingerprint was recorded.
    assert after == {**before, "audit entries": before["audit entries"] + 1}
    assert loader._recorded_fingerprint() == "changed"
    call_command("load_demo", "--size", "small", verbosity=0)
    assert snapshot() == after


@pytest.mark.django_db
def test_a_reload_keeps_the_demo_passwords_usable():
    loader.load(size="small")
    user = User.objects.get(username="unit_staff")
    user.set_password("Another-Passw0rd!")
    user.save()
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=400))
    loader.load(size="small")
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
