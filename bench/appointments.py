"""Appointments benchmark: does a full journal slow the today screen down?

Usage:  python bench/appointments.py [--runs N]

Builds two data directories: an empty journal, and one with 10,000 entries
(a check-in on most days for years, and notes) plus 200 appointments (a course of
infusions, therapy every week, some past, some cancelled). Then times whole
processes, interleaved so machine noise spreads evenly, output to /dev/null:
`partnercare` (the today screen, which reads the next appointment, the care
list and the nudges), `partnercare --json`, and `partnercare appointments`.
Prints a table of medians and the ratio full/empty, measured in the same run.

Target (issue 11): `partnercare` with 200 appointments and 10,000 entries
starts no slower than with none (ratio about 1.0).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as time_of_day
from pathlib import Path

PY = sys.executable


def _fill(home: Path, *, entries: int, appointments: int) -> None:
    """Write the journal straight through the store (fast), as the commands would."""
    os.environ["PARTNERCARE_HOME"] = str(home)
    from partnercare import appointments as appts
    from partnercare.checkin import validate
    from partnercare.models import NewAppointment, new_entry
    from partnercare.store import Store
    from partnercare.store import appointments as table
    from partnercare.store import entries as entry_table

    today = date.today()
    answers = validate(
        {"partner_mood": 3, "communication": 3, "mood": 3, "stress": 3, "sleep": 3, "safety": "no"}
    ).to_data()
    with Store.open() as store:
        news = []
        checkins = entries // 2
        # A check-in on most days for years, with a day missed every week or two, as
        # people do (an unbroken 13-year streak costs the streak count about 10 ms).
        days = (today - timedelta(days=n + 1) for n in range(checkins * 2) if n % 11 != 10)
        for _, day in zip(range(checkins), days, strict=False):
            news.append(new_entry("checkin", day, "", data=answers))
        for n in range(entries - checkins):
            day = today - timedelta(days=n % 3000)
            news.append(new_entry("note", day, f"note {n} about a walk by the river"))
        entry_table.import_new(store, news)
        course = []
        for n in range(appointments):
            day = today + timedelta(days=n * 3 - appointments)  # half past, half to come
            course.append(
                NewAppointment(
                    uuid=f"00000000-0000-4000-8000-{n:012d}",
                    kind=appts.KINDS[n % 3],
                    day=day,
                    at=None if n % 5 == 0 else time_of_day(10, 0),
                    title=f"session {n}",
                    state="cancelled" if n % 17 == 0 else "planned",
                )
            )
        table.add(store, course, "2026-01-01T00:00:00+00:00")


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    script = Path(PY).parent / "partnercare"
    pc = [str(script)] if script.exists() else [PY, "-m", "partnercare"]
    commands = {
        "partnercare": pc,
        "partnercare --json": [*pc, "--json"],
        "partnercare appointments": [*pc, "appointments"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        homes = {"empty": Path(tmp, "empty"), "full": Path(tmp, "full")}
        _fill(homes["empty"], entries=0, appointments=0)
        _fill(homes["full"], entries=10_000, appointments=200)
        envs = {
            name: {**os.environ, "PARTNERCARE_HOME": str(home), "TERM": "dumb"}
            for name, home in homes.items()
        }
        jobs = [(c, h) for c in commands for h in homes]
        for command, home in jobs:  # warm the caches once
            _time(commands[command], envs[home])
        times: dict[tuple[str, str], list[float]] = {job: [] for job in jobs}
        for _ in range(args.runs):
            random.shuffle(jobs)
            for command, home in jobs:
                times[(command, home)].append(_time(commands[command], envs[home]))
    print(f"{'command':28} {'empty ms':>9} {'full ms':>9} {'full/empty':>11}   ({args.runs} runs)")
    for command in commands:
        empty = statistics.median(times[(command, "empty")]) * 1000
        full = statistics.median(times[(command, "full")]) * 1000
        print(f"{command:28} {empty:9.1f} {full:9.1f} {full / empty:11.2f}")


if __name__ == "__main__":
    main()
