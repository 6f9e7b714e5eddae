"""The handling units ranked by on-time rate, then satisfaction rate, beside each unit's score on
suggestions for the scope's congress and year (minyi.suggestions.scoring, the negative list: not
recomputed here, only read). A unit without replies due has no on-time rate and ranks below those
that have one."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass
class Ranking:
    lines: list  # dashboard.Line, best first; extra: place, score, score_place, score_url
    congress: object
    year: int
    scored: bool  # whether the congress had suggestion scores for the year


def _key(line):
    on_time, satisfaction = line.figures.on_time_rate, line.figures.satisfaction_rate
    return (on_time is None, -(on_time or 0), satisfaction is None, -(satisfaction or 0), -line.figures.collected, line.label)


def scores(congress, year):
    """{unit_id: (score, place)} of the congress's suggestions in `year`."""
    if congress is None:
        return {}
    from minyi.suggestions import scoring

    result = scoring.compute(congress.pk, year)
    return {row.unit_id: (row.score, row.place) for row in result.ranking}


def _unit_url(congress, year, unit_id):
    try:
        return reverse("suggestions:scoring_unit", args=[unit_id]) + f"?congress={congress.pk}&year={year}"
    except NoReverseMatch:
        return ""


def rank(lines, congress, year):
    found = scores(congress, year)
    ordered = sorted(lines, key=_key)
    place, previous = 0, None
    for position, line in enumerate(ordered, start=1):
        key = _key(line)[:4]
        if key != previous:
            place, previous = position, key
        line.extra["place"] = place
        unit_id = int(line.value) if str(line.value).isdigit() else None
        score = found.get(unit_id)
        line.extra["score"] = score[0] if score else None
        line.extra["score_place"] = score[1] if score else None
        line.extra["score_url"] = _unit_url(congress, year, unit_id) if score else ""
    return Ranking(ordered, congress, year, bool(found))
