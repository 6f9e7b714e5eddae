"""The queries behind the representatives' lists: the staff roll with its filters, and the
public "find my representative" search."""

from django.db.models import F, Prefetch, Q

from minyi.organisations.models import StationAssignment
from minyi.regions.models import within

from .models import Mandate, Representative


def search(representatives, filters):
    """`representatives` (already limited to the viewer's scope) narrowed by the cleaned
    RepresentativeFilterForm data. Level, congress and group apply to one and the same mandate,
    which must be current for "serving"; "former" means no current mandate at all."""
    q = (filters.get("q") or "").strip()
    if q:
        by_phone = Representative.objects.with_phone(q).values("pk")
        representatives = representatives.filter(
            Q(name__icontains=q) | Q(workplace__icontains=q) | Q(public_code__iexact=q) | Q(pk__in=by_phone)
        )
    status = filters.get("status") or "current"
    mandates, narrowed = Mandate.objects.all(), False
    if filters.get("level"):
        mandates, narrowed = mandates.filter(level=filters["level"]), True
    if filters.get("congress"):
        mandates, narrowed = mandates.filter(congress=filters["congress"]), True
    if filters.get("group"):
        group = filters["group"]
        mandates, narrowed = mandates.filter(Q(group=group) | Q(professional_group=group)), True
    if status == "current":
        mandates, narrowed = mandates.current(), True
    if narrowed:
        representatives = representatives.filter(pk__in=mandates.values("representative_id"))
    if status == "former":
        representatives = representatives.exclude(pk__in=Mandate.objects.current().values("representative_id"))
    if filters.get("station"):
        assignments = StationAssignment.objects.filter(station=filters["station"])
        if status == "current":
            assignments = assignments.current()
        representatives = representatives.filter(pk__in=assignments.values("representative_id"))
    if filters.get("party"):
        representatives = representatives.filter(party=filters["party"])
    if filters.get("occupation"):
        representatives = representatives.filter(occupation_category=filters["occupation"])
    return representatives.order_by("name", "id")


def with_mandates(representatives):
    """Each representative with `all_mandates` (newest first) and their congresses and groups."""
    return representatives.prefetch_related(
        Prefetch(
            "mandates",
            queryset=Mandate.objects.select_related("congress", "group", "professional_group", "term").order_by("-start"),
            to_attr="all_mandates",
        )
    )


def public_search(q="", county=None):
    """Serving representatives by name, station or place, and by county: those holding a mandate in
    a congress of the county or below it, and those assigned now to a station there (a station's
    五级代表). `q` finds a name, the name of a station they are assigned to now, or the name of the
    place of that station or of their congress (a township, a district)."""
    serving = Mandate.objects.current()
    representatives = Representative.objects.filter(pk__in=serving.values("representative_id"))
    q = (q or "").strip()
    if q:
        at_station = StationAssignment.objects.current().filter(station__is_active=True).filter(
            Q(station__name__icontains=q) | Q(station__region__name__icontains=q))
        by_place = serving.filter(congress__region__name__icontains=q)
        representatives = representatives.filter(
            Q(name__icontains=q) | Q(pk__in=at_station.values("representative_id")) | Q(pk__in=by_place.values("representative_id")))
    if county is not None:
        prefix = county.prefix
        by_mandate = serving.filter(within("congress__region__code", prefix)).values("representative_id")
        by_station = StationAssignment.objects.current().filter(within("station__region__code", prefix), station__is_active=True)
        representatives = representatives.filter(Q(pk__in=by_mandate) | Q(pk__in=by_station.values("representative_id")))
    return representatives.prefetch_related(
        Prefetch(
            "mandates",
            # Highest level first: national and provincial mandates have no congress in the tree.
            queryset=Mandate.objects.current().select_related("congress", "group").order_by(F("congress__region_id").asc(nulls_first=True)),
            to_attr="current_mandates",
        )
    ).order_by("name", "id")
