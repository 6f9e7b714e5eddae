"""Time 100,000 mixed deadline computations with minyi.workdays.calendar.

Run from the repository root: .venv/bin/python bench/workdays_bench.py
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
# The bench measures the real settings, not the test ones.
os.environ.pop("MINYI_TESTING", None)

import django

django.setup()

from django.db import DatabaseError

from minyi.workdays.calendar import Calendar

COMPUTATIONS = 100_000
# The deadlines the domain rules actually use, plus a year-long one to cross year ends.
RULES = [
    "workdays:1",
    "workdays:3",
    "workdays:5",
    "workdays:7",
    "workdays:15",
    "months:1",
    "months:3",
    "months:6",
    "days:10",
    "days:365",
]


def national_calendar():
    try:
        return Calendar(), "national calendar from the database"
    except DatabaseError:
        # A fresh checkout without `migrate` has no tables; the package's holidays alone still make a fair bench.
        return Calendar.from_entries(), "no database tables, package holidays only"


def main():
    calendar, source = national_calendar()
    randomness = random.Random(2026)
    # 2024 to 2027 covers package years and one provisional year.
    starts = [date(2024, 1, 1) + timedelta(days=randomness.randrange(4 * 365)) for _ in range(COMPUTATIONS)]
    rules = [randomness.choice(RULES) for _ in range(COMPUTATIONS)]

    began = time.perf_counter()
    provisional = sum(calendar.deadline(start, rule).provisional for start, rule in zip(starts, rules))
    elapsed = time.perf_counter() - began

    print(f"{COMPUTATIONS:,} deadlines in {elapsed:.3f} s ({elapsed / COMPUTATIONS * 1e6:.1f} µs each; {source})")
    print(f"{provisional:,} of them provisional")


if __name__ == "__main__":
    main()
