"""Representatives' duty in the scope's congress for a year: how many serve, what the archive
counted for each measure in total, and how many are behind the year's duty list. One reading of
the year's records (minyi.duty.exports.statistics, the numbers of the duty statistics workbook);
about a second for 200 representatives."""

from collections import Counter
from dataclasses import dataclass

from django.urls import reverse


@dataclass
class Summary:
    congress: object
    year: int
    representatives: int
    measures: list  # [(measure, label, total)], only measures with a record
    has_list: bool
    behind: int
    evaluation_url: str
    list_url: str


def summary(congress, year, today=None):
    if congress is None:
        return None
    from minyi.duty import exports
    from minyi.duty.models import Measure

    scores, progress, the_list = exports.statistics(congress, year, today)
    totals = Counter()
    for row in scores:
        totals.update(row.counts)
    measures = [(m.value, m.label, totals[m.value]) for m in Measure if totals[m.value]]
    behind = sum(1 for found in progress.values() if found.behind)
    list_url = reverse("duty:duty_list", kwargs={"congress": congress.pk, "year": year})
    return Summary(
        congress,
        year,
        len(scores),
        measures,
        bool(the_list and progress),
        behind,
        reverse("duty:evaluation_list", kwargs={"congress": congress.pk, "year": year}),
        list_url,
    )
