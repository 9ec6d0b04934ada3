"""Trends and report benchmark: are they quick, and does years of journal slow them?

Usage:  python bench/trends.py [--runs N]

Builds two data directories with the same last eight weeks of check-ins (varied
answers, routines with and without an effect, so every insight comparison runs
its permutation test, one of them to the full 999 shuffles): "month", which holds
only those, and "decade", which also holds ten years of daily check-ins before
them and 100,000 notes. Then times whole processes, interleaved so machine noise
spreads evenly, output to /dev/null: `python -c "import typer"`, `partnercare trends`
(28 days) and `partnercare trends --json` on each, and `partnercare trends --days 365`
on the decade. Prints a table of medians and ratios measured in the same run.

Also `partnercare report --format html` for 90 days (to a file), on each.

Targets: `partnercare trends` within 2x `import typer` on the month; on the decade
within 1.2x of its time on the month (issue 12); the HTML report for 90 days in
less than 3x `import typer` (issue 13).
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

PY = sys.executable


def _answers(generator: random.Random, day: date) -> dict[str, Any]:
    walk = generator.random() < 0.5
    light = generator.random() < 0.4
    mood = 2 + walk + (generator.random() < 0.4)  # walks go with better days
    return {
        "partner_mood": mood if generator.random() > 0.1 else None,
        "communication": generator.randint(2, 4),
        "mood": generator.randint(2, 4),
        "stress": generator.randint(2, 5),
        "sleep": generator.randint(2, 4),
        "together": ["activity"] * walk + ["morning_light"] * light,
        "self_care": [i for i in ("own_time", "friend", "exercise") if generator.random() < 0.3],
        "safety": "no",
    } | (
        {"treatment": "infusion", "accompanied": day.toordinal() % 2 == 0}
        if day.toordinal() % 9 == 0
        else {}
    )


def _fill(home: Path, *, years: int, notes: int) -> None:
    """Write the journal straight through the store (fast), as the commands would."""
    os.environ["PARTNERCARE_HOME"] = str(home)
    from partnercare.checkin import validate
    from partnercare.models import new_entry
    from partnercare.store import Store
    from partnercare.store import entries as entry_table

    today = date.today()
    recent = random.Random(12)  # the same last eight weeks in both journals
    older = random.Random(34)
    news = []
    for back in range(56 + years * 365, 0, -1):
        day = today - timedelta(days=back)
        generator = recent if back <= 56 else older
        answers = _answers(generator, day)
        if back % 14 == 0:
            answers["who5"] = [3, 3, 2, 3, 4]
        news.append(new_entry("checkin", day, "", data=validate(answers).to_data()))
    for n in range(notes):
        day = today - timedelta(days=n % (years * 365 or 1))
        news.append(new_entry("note", day, f"note {n} about a walk by the river, and sleep"))
    with Store.open() as store:
        entry_table.import_new(store, news)


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    # This environment may set PYTHONDONTWRITEBYTECODE: compile once, as an install does.
    import partnercare

    compileall.compile_dir(Path(partnercare.__file__).parent, quiet=1)
    script = Path(PY).parent / "partnercare"
    pc = [str(script)] if script.exists() else [PY, "-m", "partnercare"]
    with tempfile.TemporaryDirectory() as tmp:
        homes = {"month": Path(tmp, "month"), "decade": Path(tmp, "decade")}
        _fill(homes["month"], years=0, notes=0)
        _fill(homes["decade"], years=10, notes=100_000)
        env = {**os.environ, "TERM": "dumb"}
        envs = {name: {**env, "PARTNERCARE_HOME": str(home)} for name, home in homes.items()}
        jobs: dict[str, tuple[list[str], dict[str, str]]] = {
            'python -c "import typer"': ([PY, "-c", "import typer"], env),
        }
        for name in homes:
            jobs[f"trends ({name})"] = ([*pc, "trends"], envs[name])
            jobs[f"trends --json ({name})"] = ([*pc, "trends", "--json"], envs[name])
        jobs["trends --days 365 (decade)"] = ([*pc, "trends", "--days", "365"], envs["decade"])
        page = str(Path(tmp, "report.html"))
        report = [*pc, "report", "--format", "html", "--since", "89 days ago", "-o", page]
        for name in homes:
            jobs[f"report html 90 days ({name})"] = ([*report, "--force"], envs[name])
        for argv, job_env in jobs.values():  # warm the caches once
            _time(argv, job_env)
        times: dict[str, list[float]] = {name: [] for name in jobs}
        order = list(jobs)
        for _ in range(args.runs):
            random.shuffle(order)
            for name in order:
                times[name].append(_time(*jobs[name]))
    median = {name: statistics.median(found) * 1000 for name, found in times.items()}
    typer_ms = median['python -c "import typer"']
    print(f"{'command':30} {'median ms':>10} {'/ typer':>8} {'/ month':>8}   ({args.runs} runs)")
    for name in jobs:
        month = name.replace("(decade)", "(month)")
        against = f"{median[name] / median[month]:8.2f}" if month in median else f"{'':8}"
        print(f"{name:30} {median[name]:10.1f} {median[name] / typer_ms:8.2f} {against}")
    print(
        "targets: trends (month) / typer <= 2.0; trends (decade) / month <= 1.2; "
        "report html 90 days / typer < 3.0"
    )


if __name__ == "__main__":
    main()
