"""What the annual report says, in order: the cover, the chapters' headings, sentences, tables and
charts, as plain blocks. The Word file (word.py) and the PDF (pdf.py) both lay out this one outline,
so the two files cannot say different things.

The sentences are written from the figures for a formal reader (the standing committee's meeting,
publication): a figure that cannot be given (nothing judged, nothing due) is said in words, never
shown as an empty rate."""

from dataclasses import dataclass, field

from django.utils import dates, formats, translation
from django.utils.translation import gettext as _

from minyi.figures.queries import STAGE_LABELS

from . import charts

RATE_WATCH = 0.9  # units answering on time less often than this are named in the closing


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    indent: bool = True


@dataclass
class Table:
    headers: list
    rows: list
    caption: str = ""
    numeric: set = field(default_factory=set)  # column indexes aligned right


@dataclass
class Chart:
    png: bytes
    caption: str


@dataclass
class Outline:
    title: str
    congress: str
    cover_title: str
    date_text: str
    made_on: str
    blocks: list


# --- Words for numbers ----------------------------------------------------------------------------


def count(value):
    return f"{value or 0:,}"


def percent(rate):
    """A 0..1 rate as "93.5%", or None when there is none."""
    return None if rate is None else f"{100 * rate:.1f}%"


def percent_cell(rate):
    return percent(rate) or "—"


def days(value):
    return "—" if value is None else f"{value:.1f}"


def _chinese():
    return (translation.get_language() or "").startswith("zh")


def chapter_number(number):
    """一、二、… in Chinese, "1." otherwise."""
    if not _chinese():
        return f"{number}. "
    digits = "一二三四五六七八九"
    if number <= 9:
        word = digits[number - 1]
    else:
        tens, ones = divmod(number, 10)
        word = ("" if tens == 1 else digits[tens - 1]) + "十" + ("" if ones == 0 else digits[ones - 1])
    return f"{word}、"


def month_name(month):
    return str(dates.MONTHS_AP[month.month])


def sentences(*parts):
    """Sentences joined as each language writes them: Chinese without spaces."""
    return ("" if _chinese() else " ").join(part for part in parts if part)


def list_words(words):
    joiner = "、" if _chinese() else ", "
    return joiner.join(words)


# --- The text ---------------------------------------------------------------------------------------


def title_of(congress, year):
    return _("%(congress)s: annual report on the people's voice, %(year)d") % {"congress": congress.name, "year": year}


def cover_title_of(year):
    return _("Annual report on the people's voice, %(year)d") % {"year": year}


def overview(contents):
    f = contents.summary
    parts = [
        _("In %(year)d, %(collected)s opinions and suggestions of the people were collected in %(region)s.")
        % {"year": contents.year, "collected": count(f.collected), "region": contents.region_name},
        _("Of them, %(resolved)s were resolved on the spot by representatives, %(converted)s were turned into representatives' "
          "suggestions and %(assigned)s were assigned to the responsible units; %(completed)s have been completed.")
        % {"resolved": count(f.resolved_on_spot), "converted": count(f.converted), "assigned": count(f.assigned),
           "completed": count(f.completed)},
    ]
    if f.satisfaction_rate is None:
        parts.append(_("No answer has been judged by the people yet."))
    else:
        parts.append(_("The people judged %(evaluated)s answers and were satisfied with %(satisfied)s: a satisfaction rate of %(rate)s.")
                         % {"evaluated": count(f.evaluated), "satisfied": count(f.satisfied), "rate": percent(f.satisfaction_rate)})
    if f.on_time_rate is None:
        parts.append(_("No reply fell due in the year."))
    else:
        parts.append(_("Of the %(due)s replies that fell due, %(on_time)s came on time: an on-time rate of %(rate)s.")
                         % {"due": count(f.due_replied), "on_time": count(f.on_time), "rate": percent(f.on_time_rate)})
    if f.avg_days_working is not None:
        parts.append(_("On average a matter was handled in %(working)s working days (%(calendar)s calendar days).")
                         % {"working": days(f.avg_days_working), "calendar": days(f.avg_days_calendar)})
    parts.append(_("As of %(date)s, %(open)s are still being handled, %(overdue)s of them past their deadline.")
                     % {"date": formats.date_format(contents.made_on, "DATE_FORMAT"), "open": count(f.open_now),
                        "overdue": count(f.overdue_now)})
    return sentences(*parts)


def key_figures(f):
    return Table([_("Item"), _("Figure")], [
        *[[str(STAGE_LABELS[stage]), count(getattr(f, stage))] for stage in ("collected", "resolved_on_spot", "converted", "assigned", "completed")],
        [_("Completion rate"), percent_cell(f.completion_rate)],
        [_("Satisfaction rate"), percent_cell(f.satisfaction_rate)],
        [_("On-time rate"), percent_cell(f.on_time_rate)],
        [_("Average handling time (working days)"), days(f.avg_days_working)],
        [_("Average handling time (calendar days)"), days(f.avg_days_calendar)],
        [_("Still being handled"), count(f.open_now)],
        [_("Past their deadline"), count(f.overdue_now)],
    ], caption=_("Key figures of the year"), numeric={1})


def chart_caption(caption, shown):
    """A chart's caption, saying so when it shows only the largest of its rows."""
    if shown <= charts.BAR_LIMIT:
        return caption
    return _("%(caption)s (the %(count)d largest)") % {"caption": caption, "count": charts.BAR_LIMIT}


def trend_text(trend):
    busy = [(month, f.collected) for month, f in trend if f.collected]
    if not busy:
        return _("Nothing was collected in any month of the year.")
    high = max(busy, key=lambda pair: pair[1])
    low = min(busy, key=lambda pair: pair[1])
    return _("The most were collected in %(high_month)s (%(high)s), the fewest in %(low_month)s (%(low)s).") % {
        "high_month": month_name(high[0]), "high": count(high[1]), "low_month": month_name(low[0]), "low": count(low[1])}


def breakdown_table(rows, first_header, total):
    return Table(
        [first_header, str(STAGE_LABELS["collected"]), _("Share"), str(STAGE_LABELS["completed"]), _("On-time rate"), _("Satisfaction rate")],
        [[row.label, count(row.figures.collected), percent_cell(row.figures.collected / total if total else None),
          count(row.figures.completed), percent_cell(row.figures.on_time_rate), percent_cell(row.figures.satisfaction_rate)]
         for row in rows],
        numeric={1, 2, 3, 4, 5},
    )


def units_table(rows):
    return Table(
        [_("Rank"), _("Unit"), _("Assigned"), str(STAGE_LABELS["completed"]), _("On-time rate"), _("Satisfaction rate"), _("Average working days")],
        [[str(place), row.label, count(row.figures.assigned), count(row.figures.completed), percent_cell(row.figures.on_time_rate),
          percent_cell(row.figures.satisfaction_rate), days(row.figures.avg_days_working)]
         for place, row in enumerate(rows, start=1)],
        numeric={0, 2, 3, 4, 5, 6},
    )


def hot_topics_table(topics):
    half = (len(topics) + 1) // 2
    left, right = topics[:half], topics[half:]
    rows = []
    for index, (word, times) in enumerate(left):
        other = right[index] if index < len(right) else ("", None)
        rows.append([str(index + 1), word, count(times), str(half + index + 1) if other[0] else "", other[0],
                     count(other[1]) if other[0] else ""])
    return Table([_("No."), _("Words"), _("Times"), _("No."), _("Words"), _("Times")], rows, numeric={0, 2, 3, 5})


def suggestions_blocks(report):
    from minyi.suggestions import reports as suggestion_reports

    blocks = [Paragraph(suggestion_reports.summary_text(report))]
    by_title = {table.title: table for table in suggestion_reports.tables(report)}
    for title in (_("By area"), _("By reply class")):
        table = by_title.get(title)
        if table is not None and table.rows:
            blocks.append(Table(list(table.headers), [list(map(str, row)) for row in table.rows], caption=title,
                                numeric=set(range(1, len(table.headers))) - ({1} if title == _("By area") else set())))
    if report.units:
        blocks.append(Table(
            [_("Lead unit"), _("Assigned"), _("Replied"), _("Replied on time"), _("Replied late or overdue"), _("Satisfaction rate")],
            [[row.unit, count(row.assigned), count(row.replied), count(row.on_time), count(row.late),
              suggestion_reports.rate_text(row.satisfaction)] for row in [*report.units, report.total]],
            caption=_("By lead unit"), numeric={1, 2, 3, 4, 5}))
    keys = by_title.get(_("Key suggestions"))
    if keys is not None and keys.rows:
        blocks.append(Table(list(keys.headers), [list(map(str, row)) for row in keys.rows], caption=keys.title))
    if report.b_followed:
        blocks.append(Paragraph(_("%(followed)s suggestions answered as B class (to be solved step by step) were followed up; "
                                  "%(solved)s of them have since been solved.")
                                % {"followed": count(report.b_followed), "solved": count(report.b_solved)}))
    return blocks


def projects_blocks(projects, year):
    if not projects.title:
        return [Paragraph(_("No livelihood projects were set up for %(year)d.") % {"year": year})]
    text = _("%(title)s: %(ideas)s ideas were collected, %(candidates)s candidates were listed and %(chosen)s projects were chosen "
             "by the representatives' vote, with an investment of %(investment)s ten thousand yuan. The year is at the stage “%(stage)s”.") % {
        "title": projects.title, "ideas": count(projects.ideas), "candidates": count(projects.candidates), "chosen": count(projects.chosen),
        "investment": f"{projects.investment:,.2f}", "stage": projects.stage}
    if projects.average_progress is not None:
        text = sentences(text, _("The chosen projects are %(progress)d%% done on average.") % {"progress": projects.average_progress})
    blocks = [Paragraph(text)]
    if projects.rows:
        blocks.append(Chart(charts.bars([f"{row.number}. {row.name}" for row in projects.rows], [row.progress for row in projects.rows],
                                        value_format="{}%", limit=len(projects.rows), xmax=100),
                            _("Progress of each project")))
        blocks.append(Table(
            [_("No."), _("Project"), _("Responsible unit"), _("Progress"), _("Votes received"), _("Satisfaction rate")],
            [[str(row.number), row.name, row.unit, f"{row.progress}%",
              (_("%(votes)s of %(valid)s") % {"votes": count(row.votes), "valid": count(row.valid_ballots)}
               if row.votes is not None and row.valid_ballots else count(row.votes) if row.votes is not None else "—"),
              "—" if row.satisfaction is None else f"{row.satisfaction}%"] for row in projects.rows],
            caption=_("The chosen projects"), numeric={0, 3, 4, 5}))
    return blocks


def duty_blocks(duty, year):
    if not duty.representatives:
        return [Paragraph(_("No representative served in the congress in %(year)d.") % {"year": year})]
    text = _("%(count)s representatives served in the congress in %(year)d; their archives record the following duties.") % {
        "count": count(duty.representatives), "year": year}
    if duty.has_list:
        text = sentences(text, _(
            "Against the year's duty list, %(met)s representatives have done everything expected so far; on average the list is "
            "%(completion)d%% done.") % {"met": count(duty.list_met), "completion": duty.average_completion})
    blocks = [Paragraph(text)]
    if duty.totals:
        blocks.append(Table([_("Duty"), _("Times recorded"), _("Representatives")],
                            [[label, count(total), count(people)] for label, total, people in duty.totals],
                            caption=_("Duties recorded in the representatives' archives"), numeric={1, 2}))
    else:
        blocks.append(Paragraph(_("No duty was recorded in the archives this year.")))
    return blocks


def closing(contents):
    f = contents.summary
    paragraphs = []
    if f.collected:
        text = _("In %(year)d every opinion and suggestion of the people was followed from collection to answer: %(completed)s of "
                 "%(collected)s have been completed.") % {"year": contents.year, "completed": count(f.completed), "collected": count(f.collected)}
        if f.satisfaction_rate is not None:
            text = sentences(text, _("The people's satisfaction rate was %(rate)s.") % {"rate": percent(f.satisfaction_rate)})
        paragraphs.append(text)
    lagging = [row.label for row in contents.units if row.figures.on_time_rate is not None and row.figures.on_time_rate < RATE_WATCH]
    paragraphs.append(sentences(
        _("%(units)s answered on time less often than %(rate)s and should be urged to do better.")
        % {"units": list_words(lagging[-3:][::-1]), "rate": f"{RATE_WATCH:.0%}"} if lagging else "",
        _("%(overdue)s matters are past their deadline and are being supervised.") % {"overdue": count(f.overdue_now)}
        if f.overdue_now else "",
        _("The congress will keep the channels for the people's voice open, supervise the units' handling and publish the results, "
          "so that every opinion is answered."),
    ))
    paragraphs.append(_("This report is submitted for deliberation."))
    return [Paragraph(p) for p in paragraphs]


# --- The whole report --------------------------------------------------------------------------------


CHART_COUNT = 5  # drawn below: trend, categories, channels, regions, projects (when there are any)


def build(contents, step=lambda phase: None):
    """The outline of the report; `step("charts")` is called before each chart is drawn."""
    f = contents.summary
    blocks = []
    chapter = iter(range(1, 100))

    def heading(text):
        blocks.append(Heading(chapter_number(next(chapter)) + text))

    heading(_("Overview"))
    blocks += [Paragraph(overview(contents)), key_figures(f)]

    heading(_("Month by month"))
    step("charts")
    blocks.append(Chart(charts.trend([month_name(month) for month, _f in contents.trend],
                                     [(str(STAGE_LABELS["collected"]), [m.collected for _d, m in contents.trend]),
                                      (str(STAGE_LABELS["completed"]), [m.completed for _d, m in contents.trend])]),
                        _("Collected and completed each month")))
    blocks.append(Paragraph(trend_text(contents.trend)))

    heading(_("By category"))
    step("charts")
    if contents.categories:
        blocks.append(Chart(charts.bars([r.label for r in contents.categories], [r.figures.collected for r in contents.categories]),
                            chart_caption(_("Collected by category"), len(contents.categories))))
        blocks.append(breakdown_table(contents.categories, _("Category"), f.collected))
    else:
        blocks.append(Paragraph(_("None.")))

    heading(_("By channel"))
    step("charts")
    if contents.channels:
        blocks.append(Chart(charts.shares([r.label for r in contents.channels], [r.figures.collected for r in contents.channels]),
                            _("How the people raised them")))
        blocks.append(breakdown_table(contents.channels, _("Channel"), f.collected))
    else:
        blocks.append(Paragraph(_("None.")))

    heading(_("By region"))
    step("charts")
    if contents.regions:
        blocks.append(Chart(charts.grouped_bars([r.label for r in contents.regions],
                                                [(str(STAGE_LABELS["collected"]), [r.figures.collected for r in contents.regions]),
                                                 (str(STAGE_LABELS["completed"]), [r.figures.completed for r in contents.regions])]),
                            chart_caption(_("Collected and completed in each region"), len(contents.regions))))
        blocks.append(breakdown_table(contents.regions, _("Region"), f.collected))
    else:
        blocks.append(Paragraph(_("None.")))

    heading(_("Handling units"))
    if contents.units:
        blocks.append(Paragraph(_("The units are ranked by their on-time rate, then by the people's satisfaction.")))
        blocks.append(units_table(contents.units))
    else:
        blocks.append(Paragraph(_("Nothing was assigned to a unit in the year.")))

    heading(_("What the people raised most"))
    if contents.hot_topics:
        blocks.append(Paragraph(_("The words that came up most often in the year's opinions and suggestions were %(words)s.")
                                % {"words": list_words([word for word, _n in contents.hot_topics[:5]])}))
        blocks.append(hot_topics_table(contents.hot_topics))
    else:
        blocks.append(Paragraph(_("None.")))

    heading(_("Representatives' suggestions"))
    blocks += suggestions_blocks(contents.suggestions)

    heading(_("Livelihood projects"))
    step("charts")
    blocks += projects_blocks(contents.projects, contents.year)

    heading(_("Representatives' duty"))
    blocks += duty_blocks(contents.duty, contents.year)

    heading(_("Closing"))
    blocks += closing(contents)

    return Outline(
        title=title_of(contents.congress, contents.year), congress=contents.congress.name, cover_title=cover_title_of(contents.year),
        date_text=formats.date_format(contents.made_on, "DATE_FORMAT"),
        made_on=_("Made on %(date)s from the records of Minyi.") % {"date": formats.date_format(contents.made_on, "DATE_FORMAT")},
        blocks=blocks,
    )
