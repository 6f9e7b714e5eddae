"""Time the tally of an 80 → 10 differential vote with 1,000 ballots (minyi.voting.tally, pure Python).

    .venv/bin/python bench/vote_tally.py [--ballots 1000] [--candidates 80] [--places 10] [--runs 20]

Ballots are random but seeded (each marks 0–10 candidates; 2 % over-mark), so every run counts the same
box; prints the median and the slowest of the runs, and the result's shape."""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minyi.voting.tally import DIFFERENTIAL, Rules, tally  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--candidates", type=int, default=80)
    parser.add_argument("--places", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    rng = random.Random(2026)
    candidates = [f"候选项目{n:03d}" for n in range(1, arguments.candidates + 1)]
    weights = [rng.random() ** 2 for _candidate in candidates]  # some projects far more popular than others
    ballots = []
    for _n in range(arguments.ballots):
        marks = arguments.places + 1 if rng.random() < 0.02 else rng.randint(0, arguments.places)
        chosen = set()
        while len(chosen) < marks:
            chosen.add(rng.choices(candidates, weights)[0])
        ballots.append(sorted(chosen))
    rules = Rules(kind=DIFFERENTIAL, electorate=arguments.ballots + 20, present=arguments.ballots, places=arguments.places)
    seconds = []
    for _run in range(arguments.runs):
        started = time.perf_counter()
        result = tally(rules, candidates, ballots)
        seconds.append(time.perf_counter() - started)
    print(f"{arguments.candidates} → {arguments.places}, {arguments.ballots:,} ballots: median {statistics.median(seconds) * 1000:.1f} ms, "
          f"slowest {max(seconds) * 1000:.1f} ms over {arguments.runs} runs")
    print(f"valid {result.valid}, invalid {result.invalid}, blank {result.blank}; chosen {len(result.chosen)}, tied {len(result.tied)}, "
          f"open places {result.open_places}; top: {result.ranking[:3]}")


if __name__ == "__main__":
    main()
