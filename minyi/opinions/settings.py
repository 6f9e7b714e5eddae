"""Deadline rules and the usual lead unit for an opinion, from the most specific setting:
this congress and category, this congress for all categories, then the same up the congresses
above, then the kind's defaults."""

from minyi.organisations.models import Congress

from .models import CategorySetting, Form


def _congress_chain(congress_id):
    chain = []
    seen = set()
    while congress_id and congress_id not in seen:
        seen.add(congress_id)
        chain.append(congress_id)
        congress_id = Congress.objects.filter(pk=congress_id).values_list("parent_id", flat=True).first()
    return chain


def _settings_for(congress_id, category_code):
    chain = _congress_chain(congress_id)
    rows = list(CategorySetting.objects.filter(congress_id__in=chain).select_related("category"))
    order = {pk: i for i, pk in enumerate(chain)}
    # Nearest congress first; within one congress the category's own row before the general one.
    rows.sort(key=lambda row: (order[row.congress_id], row.category_id is None))
    return [row for row in rows if row.category_id is None or row.category.code == category_code]


def rules_for(matter):
    from .policy import DEFAULT_RULES, SNAPSHOT_RULES

    snapshot = getattr(getattr(matter, "opinion", None), "form", "") == Form.SNAPSHOT
    rules = dict(SNAPSHOT_RULES if snapshot else DEFAULT_RULES)
    fields = ("quick_sign_rule", "quick_handle_rule") if snapshot else ("sign_rule", "handle_rule")
    found = {}
    for row in _settings_for(matter.owner_congress_id, matter.category):
        for name, field in zip(("sign", "handle"), fields):
            if name not in found and getattr(row, field):
                found[name] = getattr(row, field)
    rules.update(found)
    return rules


def default_unit(congress_id, category_code):
    for row in _settings_for(congress_id, category_code):
        if row.default_unit_id and row.default_unit.is_active:
            return row.default_unit
    return None
