"""What anyone may read of a representative's duty (代表法 第58条): for one year the counts by
measure and the public records of the archive, and the reports back given, with their satisfaction
rate. Never an absence, never a link into the internal pages, nothing personal: only the measure,
the day, the deed's title and its public detail."""

from collections import Counter
from dataclasses import dataclass, field

from . import archive, report_back
from .models import Measure, ReportBack

RECORDS_SHOWN = 200


@dataclass(frozen=True)
class PublicRecord:
    on: object
    measure: str
    label: str
    title: str
    detail: str


@dataclass(frozen=True)
class PublicReport:
    pk: int
    year: int
    title: str
    on: object
    rate: str


@dataclass
class PublicDuty:
    year: int
    years: list
    counts: list = field(default_factory=list)  # [(measure, label, number)] in the measures' order
    records: list = field(default_factory=list)  # the newest RECORDS_SHOWN PublicRecords
    more: int = 0  # records of the year beyond those shown
    reports: list = field(default_factory=list)  # PublicReports given, newest first


def public_duty(representative, year=""):
    """The public duty record of `representative` for `year` (a string from the page's address; this
    year when it is missing or not one of the representative's years)."""
    years = archive.years_of(representative)
    chosen = int(year) if str(year).isdigit() and int(year) in years else years[0]
    found = [r for r in archive.build(representative, *archive.year_range(chosen), public_only=True).records
             if r.measure != Measure.ABSENCE]
    by_measure = Counter(r.measure for r in found)
    labels = dict(Measure.choices)
    reports = ReportBack.objects.filter(report_back.given_q(), representative=representative).select_related("activity", "vote")
    return PublicDuty(
        year=chosen, years=years,
        counts=[(m.value, m.label, by_measure[m.value]) for m in Measure if by_measure[m.value]],
        records=[PublicRecord(r.on, r.measure, str(labels.get(r.measure, r.measure)), r.title, r.detail) for r in found[:RECORDS_SHOWN]],
        more=max(0, len(found) - RECORDS_SHOWN),
        reports=[PublicReport(r.pk, r.year, r.title, r.activity.starts_at if r.activity_id else r.vote.opened_at,
                              report_back.rate_text(report_back.satisfaction(r)))
                 for r in reports.order_by("-year", "-created_at", "-pk")],
    )
