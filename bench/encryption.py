"""Encryption benchmark: what an encrypted journal costs a command, with PARTNERCARE_KEY set.

Usage:  python bench/encryption.py [--runs N]

Builds two data directories holding the same journal (a year of daily check-ins
and 2,000 notes): one plain, one encrypted with `partnercare encrypt`, then
unlocked once (`partnercare unlock` -> PARTNERCARE_KEY). Times whole processes,
interleaved so machine noise spreads evenly, output to /dev/null: the today
screen, `journal list`, `journal search`, `trends --json` and `journal add`
(a write, with its WAL and, once a day, its backup already made). Prints a
table of medians and the ratio encrypted/plain, measured in the same run, and
one line for a command given the passphrase instead (which pays the key
derivation, about 0.3 s, on every command: why `unlock` exists).

Target (issue 14): with PARTNERCARE_KEY set, each command on the encrypted
journal costs at most 1.2x the same command on the plain one.
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
from pathlib import Path

PY = sys.executable
PASSPHRASE = "a benchmark passphrase, long enough"


def _fill(home: Path) -> None:
    """Write the journal straight through the store (fast), as the commands would."""
    os.environ["PARTNERCARE_HOME"] = str(home)
    from partnercare.checkin import validate
    from partnercare.models import new_entry
    from partnercare.store import Store
    from partnercare.store import entries as entry_table

    today = date.today()
    answers = validate(
        {"partner_mood": 3, "communication": 3, "mood": 3, "stress": 3, "sleep": 3, "safety": "no"}
    ).to_data()
    news = [
        new_entry("checkin", today - timedelta(days=n + 1), "", data=answers) for n in range(365)
    ]
    news += [
        new_entry("note", today - timedelta(days=n % 365), f"note {n} about a walk by the river")
        for n in range(2000)
    ]
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
    script = Path(PY).parent / "partnercare"
    pc = [str(script)] if script.exists() else [PY, "-m", "partnercare"]
    commands = {
        "partnercare (today)": pc,
        "journal list": [*pc, "journal", "list"],
        "journal search river": [*pc, "journal", "search", "river"],
        "trends --json": [*pc, "trends", "--json"],
        "journal add": [*pc, "journal", "add", "a short note"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        homes = {"plain": Path(tmp, "plain"), "encrypted": Path(tmp, "encrypted")}
        base = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERCARE_")}
        envs = {
            name: {**base, "PARTNERCARE_HOME": str(home), "TERM": "dumb"}
            for name, home in homes.items()
        }
        for folder in homes.values():
            _fill(folder)
        asked = {**envs["encrypted"], "PARTNERCARE_PASSPHRASE_COMMAND": f"echo '{PASSPHRASE}'"}
        subprocess.run([*pc, "encrypt"], env=asked, check=True, capture_output=True)
        unlocked = subprocess.run([*pc, "unlock"], env=asked, check=True, capture_output=True)
        envs["encrypted"]["PARTNERCARE_KEY"] = unlocked.stdout.decode().strip().split("=", 1)[1]
        jobs = [(c, h) for c in commands for h in homes]
        for command, home in jobs:  # warm the caches once (and make the day's backups)
            _time(commands[command], envs[home])
        times: dict[tuple[str, str], list[float]] = {job: [] for job in jobs}
        with_passphrase: list[float] = []
        for _ in range(args.runs):
            random.shuffle(jobs)
            for command, home in jobs:
                times[(command, home)].append(_time(commands[command], envs[home]))
            with_passphrase.append(_time(commands["journal list"], asked))
    print(f"{'command':24} {'plain ms':>9} {'encrypted ms':>13} {'ratio':>6}   ({args.runs} runs)")
    worst = 0.0
    for command in commands:
        plain = statistics.median(times[(command, "plain")]) * 1000
        encrypted = statistics.median(times[(command, "encrypted")]) * 1000
        worst = max(worst, encrypted / plain)
        print(f"{command:24} {plain:9.1f} {encrypted:13.1f} {encrypted / plain:6.2f}")
    plain_list = statistics.median(times[("journal list", "plain")]) * 1000
    asked_ms = statistics.median(with_passphrase) * 1000
    print(
        f"{'journal list, passphrase':24} {plain_list:9.1f} {asked_ms:13.1f} "
        f"{asked_ms / plain_list:6.2f}   (no PARTNERCARE_KEY: the key derived every time)"
    )
    print(f"target: encrypted / plain <= 1.2 with PARTNERCARE_KEY; worst here {worst:.2f}")


if __name__ == "__main__":
    main()
