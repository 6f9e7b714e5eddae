"""Time the deadline sweep (minyi.matters.deadlines.sweep) over 100,000 open assignments on PostgreSQL.

    .venv/bin/python bench/deadline_sweep.py [--database minyi_bench_sweep] [--assignments 100000] [--profile]

Builds its own database (dropped and re-created each run: the sweep changes it): migrated, the
demo city, then generate_matters with exactly --assignments open assignments, assigned over the
last 25 days so that their deadlines fall on every side of today, all stored as "normal" as if
the sweep had never run (--unswept). Then it runs the sweep twice: the first records every
change of colour (a conditional UPDATE, a timeline event and a version bump each), the second
finds nothing to change. Prints the seconds and the counts of each run; --profile adds the
functions where the first run spends its time.
"""

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup  # noqa: E402

TARGET_SECONDS = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="minyi_bench_sweep")
    parser.add_argument("--assignments", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Reuse the database as it is (after a run, it has been swept).")
    arguments = parser.parse_args()

    if not arguments.keep:
        # About 1.2 open assignments per open matter: the matters beyond them are closed, returned…
        _setup.prepare(
            arguments.database, matters=arguments.assignments,
            generate_arguments=("--open-assignments", arguments.assignments, "--unswept", "--phones", 0), fresh=True,
        )
    _setup.setup_django(_setup.database_url(arguments.database))

    from minyi.matters import deadlines
    from minyi.matters.models import Assignment, TimelineEvent

    open_assignments = Assignment.objects.filter(state__in=Assignment.OPEN_STATES).count()
    events_before = TimelineEvent.objects.count()
    print(f"{open_assignments:,} open assignments in {arguments.database}; {_setup.load_line()}")
    for run in ("first", "second"):
        profiler = cProfile.Profile() if arguments.profile and run == "first" else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        counts = deadlines.sweep()
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        verdict = "within" if seconds < TARGET_SECONDS else "over"
        print(f"{run} sweep: {seconds:.1f} s (this process's CPU {cpu:.1f} s; {verdict} the {TARGET_SECONDS} s target)  {counts}")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
    print(f"timeline events written: {TimelineEvent.objects.count() - events_before:,}")


if __name__ == "__main__":
    main()
