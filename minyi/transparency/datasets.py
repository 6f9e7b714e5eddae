"""The open data: each dataset defined once — its fields (name, type, meaning, example) and the
function that yields its rows — so that the data dictionary on the page and the CSV and JSON files
are drawn from the same definition and cannot drift apart.

Every row is built from the public readers (opinions.publication, the suggestions' and projects'
public rules, the figures), never from a model's personal fields: no name of a citizen, no phone,
no ID number, no address. Rows are produced lazily in batches, so a download streams."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minyi.figures.queries import Period, Scope, trend

from . import opinions, places, projects, suggestions

BATCH = 500

TYPES = {
    "text": _("text, UTF-8"),
    "integer": _("whole number"),
    "decimal": _("decimal number"),
    "rate": _("rate from 0 to 1 (empty when there is nothing to divide)"),
    "days": _("number of days, one decimal (empty when there is nothing to average)"),
    "date": _("date, YYYY-MM-DD"),
    "month": _("month, YYYY-MM"),
    "region": _("12-digit statistical division code"),
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    meaning: str
    example: str

    @property
    def type_label(self):
        return TYPES[self.type]


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    fields: tuple
    rows: object  # rows(region, year) -> iterator of tuples in the order of `fields`
    takes_year: bool = False

    @property
    def names(self):
        return [f.name for f in self.fields]


def _batches(iterable, size=BATCH):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _date(moment):
    if moment is None:
        return None
    return timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment


def _rate(value):
    return None if value is None else round(float(value), 4)


def _days(value):
    return None if value is None else round(float(value), 1)


# --- Figures by region and month ---------------------------------------------------------------------

FIGURE_FIELDS = (
    Field("region_code", "region", _("The region the figures cover, with every region below it"), "420802000000"),
    Field("region_name", "text", _("Its name"), "东宝区"),
    Field("month", "month", _("The month the matters were collected in"), "2026-03"),
    Field("collected", "integer", _("Matters collected: opinions, suggestions and livelihood projects"), "42"),
    Field("resolved_on_spot", "integer", _("Resolved on the spot by a representative"), "5"),
    Field("converted", "integer", _("Taken up into a representative's suggestion"), "2"),
    Field("assigned", "integer", _("Assigned to handling units"), "30"),
    Field("completed", "integer", _("Answered or closed"), "36"),
    Field("evaluated", "integer", _("Judged by the citizen or representative"), "25"),
    Field("satisfied", "integer", _("Judged satisfied or basically satisfied"), "22"),
    Field("due_replied", "integer", _("Replied by a unit that had a deadline"), "28"),
    Field("on_time", "integer", _("Of those, replied on or before the deadline"), "26"),
    Field("overdue_now", "integer", _("Still past their deadline today"), "1"),
    Field("open_now", "integer", _("Not finished today"), "6"),
    Field("completion_rate", "rate", _("completed ÷ collected"), "0.8571"),
    Field("on_time_rate", "rate", _("on_time ÷ due_replied"), "0.9286"),
    Field("satisfaction_rate", "rate", _("satisfied ÷ evaluated"), "0.88"),
    Field("avg_days_working", "days", _("Average working days from collection to the first answer"), "7.5"),
    Field("avg_days_calendar", "days", _("Average calendar days from collection to the first answer"), "10.2"),
)
_COUNTERS = [f.name for f in FIGURE_FIELDS[3:14]]


def figure_rows(region, year):
    period = Period.year(year)
    for place in [region, *places.children(region)]:
        for month, figures in trend(Scope(region_code=place.code, period=period, kind="")):
            yield (place.code, place.name, month.strftime("%Y-%m"), *(getattr(figures, name) for name in _COUNTERS),
                   _rate(figures.completion_rate), _rate(figures.on_time_rate), _rate(figures.satisfaction_rate),
                   _days(figures.avg_days_working), _days(figures.avg_days_calendar))


# --- Published opinions --------------------------------------------------------------------------------

OPINION_FIELDS = (
    Field("id", "integer", _("The opinion's number on this portal (its page is /open/opinions/<id>/)"), "1024"),
    Field("title", "text", _("Title"), "小区路灯不亮"),
    Field("text", "text", _("What the citizen raised, with names, phone and ID numbers masked"), "小区门口路灯不亮已经一周了……"),
    Field("category", "text", _("Category"), "城市管理"),
    Field("region_code", "region", _("The township (or higher region) it was raised in"), "420802001000"),
    Field("region_name", "text", _("Its name"), "龙泉街道"),
    Field("status", "text", _("Where it stands"), "已办结"),
    Field("raised_on", "date", _("Raised on"), "2026-03-02"),
    Field("answered_on", "date", _("First answered on"), "2026-03-10"),
    Field("closed_on", "date", _("Closed on (empty while waiting for the citizen's evaluation)"), "2026-03-15"),
    Field("lead_unit", "text", _("The unit that handled it (empty when a representative answered on the spot)"), "东宝区城市管理执法局"),
    Field("answer", "text", _("The latest answer, masked the same way"), "已安排维修，路灯已恢复照明。"),
)


def opinion_rows(region, year=None):
    categories = opinions.category_names()
    for batch in _batches(opinions.published(region).iterator(chunk_size=BATCH)):
        for row in opinions.present(batch, categories=categories):
            answer = row.latest_answer
            yield (row.pk, row.title, row.text, row.category_name, row.region_code, row.region_name, row.status_label,
                   _date(row.raised_at), _date(row.answered_at), _date(row.closed_at), row.unit, answer.text if answer else "")


# --- Published suggestions and their replies -------------------------------------------------------------

SUGGESTION_FIELDS = (
    Field("id", "integer", _("The suggestion's number on the public pages (/public/suggestions/<id>/)"), "311"),
    Field("number", "text", _("Its number in the congress's register"), "荆人大建〔2026〕12号"),
    Field("year", "integer", _("Handling year"), "2026"),
    Field("congress", "text", _("Congress"), "荆门市人民代表大会"),
    Field("representatives", "text", _("Representatives who made it (public office holders), separated by 、"), "李春梅、黄凯国"),
    Field("title", "text", _("Title"), "关于加快老旧小区改造的建议"),
    Field("text", "text", _("The suggestion, with phone and ID numbers masked"), "我市老旧小区……"),
    Field("area", "text", _("Area"), "城乡建设"),
    Field("lead_unit", "text", _("Lead handling unit"), "荆门市住房和城乡建设局"),
    Field("reply_class", "text", _("Reply class: A solved, B being solved, C cannot be solved now, D for reference"), "A"),
    Field("reply", "text", _("The latest reply, masked the same way"), "您提出的关于……的建议收悉……"),
    Field("replied_on", "date", _("Replied on"), "2026-06-20"),
    Field("status", "text", _("Where it stands"), "已办结"),
)


def suggestion_rows(region, year=None):
    for batch in _batches(suggestions.published(region).iterator(chunk_size=BATCH)):
        for row in suggestions.present(batch):
            yield (row["pk"], row["number"], row["year"], row["congress"], "、".join(row["representatives"]), row["title"], row["text"],
                   row["area"], row["lead_unit"], row["reply_class"], row["reply"], _date(row["replied_at"]), row["status_label"])


# --- Livelihood projects -----------------------------------------------------------------------------------

PROJECT_FIELDS = (
    Field("id", "integer", _("The project's number on the public pages (/public/projects/p/<id>/)"), "57"),
    Field("year", "integer", _("Project year"), "2026"),
    Field("congress", "text", _("Congress or residents' council that chose it"), "荆门市人民代表大会"),
    Field("number", "integer", _("Number on the candidate list"), "3"),
    Field("name", "text", _("Name"), "城区老旧小区加装电梯"),
    Field("content", "text", _("What it does"), "完成100部电梯加装……"),
    Field("investment", "decimal", _("Investment, 10,000 yuan"), "1200.00"),
    Field("unit", "text", _("Responsible unit"), "荆门市住房和城乡建设局"),
    Field("complete_by", "date", _("To be completed by"), "2026-12-31"),
    Field("state", "text", _("Candidate, selected or not selected"), "已选定"),
    Field("progress", "integer", _("Progress in per cent (selected projects)"), "65"),
    Field("votes", "integer", _("Votes received (once the vote's result is published)"), "187"),
    Field("satisfaction", "decimal", _("Satisfaction rate in per cent (once the year-end vote's result is published)"), "92.50"),
)


def project_rows(region, year=None):
    for batch in _batches(projects.all_years_in(region), 50):
        for row in projects.listed(batch):
            project = row["project"]
            yield (project.pk, row["year"].year, row["year"].congress.name, project.number, project.name, project.content,
                   project.investment, project.unit.name, project.completion_date, str(project.get_state_display()),
                   project.progress if row["chosen"] else None, row["votes"], row["satisfaction"])


DATASETS = {
    dataset.key: dataset for dataset in (
        Dataset("figures", _("Figures by region and month"),
                _("For the chosen region and each region one level below it, every month of the year: the matters collected, "
                  "answered, judged, on time, and the rates and averages."), FIGURE_FIELDS, figure_rows, takes_year=True),
        Dataset("opinions", _("Published opinions"),
                _("Citizens' opinions whose citizens agreed to publication, once answered, with the answer. No name, phone, "
                  "ID number or address."), OPINION_FIELDS, opinion_rows),
        Dataset("suggestions", _("Suggestions and their replies"),
                _("Representatives' suggestions published with their replies, as on the public suggestion pages."),
                SUGGESTION_FIELDS, suggestion_rows),
        Dataset("projects", _("Livelihood projects"),
                _("Each published candidate of every project year: selected or not, the unit, progress, votes and satisfaction."),
                PROJECT_FIELDS, project_rows),
    )
}


def plain(value):
    """A value as JSON holds it (dates as ISO text, amounts as numbers)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
