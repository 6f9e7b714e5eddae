"""The published opinions: a list by region and category (and words), and one opinion's page with
its answers and the public steps of its handling. Only what opinions.publication lets out."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import opinions, places
from ..search import QueryRefused, clean
from .common import refused

PAGE_SIZE = 20


def opinion_list(request):
    try:
        region = places.choose(request.GET.get("region"))
    except places.PlaceError as error:
        return refused(request, error)
    categories = opinions.category_names()
    category = (request.GET.get("category") or "").strip()
    if category and category not in categories:
        return refused(request, _("There is no such category. Choose one from the list."))
    query, notice = (request.GET.get("q") or "").strip(), ""
    if query:
        try:
            query = clean(query)
        except QueryRefused as error:
            query, notice = "", str(error)
    if query:
        ids = opinions.search_ids(region, category, query)
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        matters = {m.pk: m for m in opinions.published().filter(pk__in=list(page.object_list))}
        rows = opinions.present([matters[pk] for pk in page.object_list if pk in matters], categories)
    else:
        page = Paginator(opinions.published(region, category), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = opinions.present(page.object_list, categories)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "transparency/opinions.html", {
        "page_title": _("Published opinions"), "region": region, "trail": places.trail(region), "children": places.children(region),
        "categories": list(categories.items()), "category": category, "q": query, "notice": notice,
        "page": page, "rows": rows, "query": params.urlencode(), "tab": "opinions",
        "filter_query": urlencode({"category": category}) if category else "",
    })


def opinion_detail(request, pk):
    matter, row = opinions.one_or_404(pk)
    return render(request, "transparency/opinion.html", {
        "page_title": row.title, "row": row, "steps": opinions.public_steps(matter), "tab": "opinions",
    })
