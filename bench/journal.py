"""Journal benchmark: whole `partnercare journal` processes on journals of 100 to 100,000 entries.

Usage:  python bench/journal.py [--sizes 100,10000,100000] [--runs 5]
                                [--jrnl PATH] [--jrnl-sizes 100,10000]

1. Build one journal per size through the store (one import transaction, not
   100,000 CLI calls): realistic notes of 20-150 words, 0-3 tags from a dozen,
   dates spread over years.
2. Run each operation N times as a real process and take the median wall time
   and the median peak memory (the child's ru_maxrss from os.wait4).
3. Print a table per size with the ratio of the largest size to the smallest.
4. If jrnl is installed (a separate venv: pip install jrnl), run the same
   operations on a jrnl journal of the same entries and print jrnl/partnercare.

Targets (issue 3): every command but export within 1.3x of its 100-entry time
at 100,000 entries, peak memory within 1.2x; export of 100,000 under 3 s with
flat memory.

5. Search with huge entries (issue 10): the largest journal again, with
   HUGE_ENTRIES entries of 1 MB (the most an entry holds) that match the
   search thousands of times each; search stays within 1.3x of the ordinary one.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

PY = sys.executable
WORDS = " ".join(
    (
        "sam slept better today walked morning light outside we talked about the infusion",
        "therapy tired anxious calm dinner together quiet evening she he they laughed cried",
        "long day work stress headache appointment clinic drive home garden coffee tea rain",
        "sunny cold warm hug patience listened space gentle check nurse doctor notes felt",
        "hopeful worried okay good bad small win routine bedtime phone friend support group",
    )
).split()
TAGS = (
    "sleep",
    "walk",
    "infusion",
    "therapy",
    "sam",
    "me",
    "win",
    "hard-day",
    "family",
    "work",
    "meds",
    "couples",
)
OPERATIONS: tuple[tuple[str, list[str]], ...] = (
    ("add", ["add", "Benchmark note: a short walk after dinner", "--tag", "walk"]),
    ("list", ["list"]),
    ("list --tag", ["list", "--tag", "infusion"]),
    ("search", ["search", "walked morning"]),
    ("export json", ["export", "--format", "json", "--output", "{tmp}/export.json", "--force"]),
)
JRNL_OPERATIONS: dict[str, list[str]] = {
    "add": ["Benchmark note: a short walk after dinner @walk"],
    "list": ["-n", "20"],
    "list --tag": ["-n", "20", "@infusion"],
    "search": ["-contains", "walked morning", "-n", "20"],
    "export json": ["--export", "json", "--file", "{tmp}/export.json"],
}


def fake_entries(size: int) -> Iterator[tuple[date, datetime, str, list[str], bool]]:
    """Deterministic notes, oldest first, about three a day going back from 2026-11-25."""
    rng = random.Random(size)
    start = date(2026, 11, 25) - timedelta(days=max(1, size // 3))
    for i in range(size):
        day = start + timedelta(days=i // 3)
        moment = datetime(day.year, day.month, day.day, 7 + (i % 3) * 5, rng.randrange(60))
        words = rng.choices(WORDS, k=rng.randint(20, 150))
        text = " ".join(words).capitalize() + "."
        tags = rng.sample(TAGS, k=rng.randint(0, 3))
        yield day, moment, text, tags, rng.random() < 0.05


HUGE_ENTRIES = 10


def huge_entries(count: int) -> Iterator[tuple[date, datetime, str, list[str], bool]]:
    """count notes of 1 MB of the same words: "walked" and "morning" thousands of times each."""
    rng = random.Random(count)
    day = date(2026, 11, 25)
    for i in range(count):
        words: list[str] = []
        length = 0
        while length < 999_000:
            word = rng.choice(WORDS)
            words.append(word)
            length += len(word) + 1
        moment = datetime(day.year, day.month, day.day, 22, i)
        yield day, moment, " ".join(words)[:999_000], [], False


def build_partnercare(home: Path, size: int, huge: int = 0) -> None:
    os.environ["PARTNERCARE_HOME"] = str(home)
    from itertools import chain

    from partnercare.models import NewEntry
    from partnercare.store import Store, entries

    def rows() -> Iterator[NewEntry]:
        for day, moment, text, tags, starred in chain(fake_entries(size), huge_entries(huge)):
            stamp = moment.astimezone().isoformat()
            yield NewEntry(
                uuid=str(uuid.uuid4()),
                kind="note",
                day=day,
                created_at=stamp,
                updated_at=stamp,
                text=text,
                tags=tuple(tags),
                starred=starred,
            )

    with Store.open() as store:
        entries.import_new(store, rows())


def build_jrnl(base: Path, size: int) -> dict[str, str]:
    config_dir = base / "config" / "jrnl"
    config_dir.mkdir(parents=True)
    journal = base / "journal.txt"
    (config_dir / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        "version: v4.6\ndisplay_format: short\n"
    )
    with journal.open("w", encoding="utf-8") as out:
        for _day, moment, text, tags, starred in fake_entries(size):
            tagged = " ".join(f"@{tag}" for tag in tags)
            star = " *" if starred else ""
            out.write(f"[{moment:%Y-%m-%d %H:%M}] {text}{star}\n{tagged}\n\n")
    return {**os.environ, "XDG_CONFIG_HOME": str(base / "config"), "NO_COLOR": "1"}


def measure(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS in MiB of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None
    error = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}): {error}")
    return elapsed, usage.ru_maxrss // 1024


def run_ops(
    base_cmd: list[str], ops: dict[str, list[str]], env: dict[str, str], tmp: Path, runs: int
) -> dict[str, tuple[float, int]]:
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in ops}
    for _ in range(runs):
        # Alternate operations so machine noise spreads evenly across them.
        for name, args in ops.items():
            command = [*base_cmd, *(arg.format(tmp=tmp) for arg in args)]
            results[name].append(measure(command, env))
    return {
        name: (
            statistics.median(t for t, _ in values),
            int(statistics.median(m for _, m in values)),
        )
        for name, values in results.items()
    }


def table(title: str, sizes: list[int], results: dict[int, dict[str, tuple[float, int]]]) -> str:
    names = list(next(iter(results.values())))
    header = ["operation", *(f"{size:,}" for size in sizes), f"ratio {sizes[-1]:,}/{sizes[0]:,}"]
    lines = [
        f"\n{title}",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for name in names:
        first, last = results[sizes[0]][name], results[sizes[-1]][name]
        cells = [f"{results[s][name][0] * 1000:.0f} ms, {results[s][name][1]} MiB" for s in sizes]
        ratio = f"{last[0] / first[0]:.2f}x time, {last[1] / first[1]:.2f}x mem"
        lines.append("| " + " | ".join([name, *cells, ratio]) + " |")
    return "\n".join(lines)


def huge_search(tmp: Path, size: int, ordinary: tuple[float, int], runs: int) -> str:
    """Search a journal of `size` entries with HUGE_ENTRIES of 1 MB among the newest."""
    home = tmp / f"home-{size}-huge"
    build_partnercare(home, size, huge=HUGE_ENTRIES)
    env = {**os.environ, "PARTNERCARE_HOME": str(home), "NO_COLOR": "1"}
    search = dict(OPERATIONS)["search"]
    huge = run_ops([PY, "-m", "partnercare", "journal"], {"search": search}, env, tmp, runs)
    time_s, memory = huge["search"]
    return "\n".join(
        [
            f"\nsearch with {HUGE_ENTRIES} entries of 1 MB, median of {runs} runs",
            "| journal | search |",
            "|---|---|",
            f"| {size:,} ordinary | {ordinary[0] * 1000:.0f} ms, {ordinary[1]} MiB |",
            f"| {size:,} + {HUGE_ENTRIES} of 1 MB | {time_s * 1000:.0f} ms, {memory} MiB |",
            f"| ratio | {time_s / ordinary[0]:.2f}x time, {memory / ordinary[1]:.2f}x mem |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    default_jrnl = "/tmp/jrnlvenv/bin/jrnl"
    parser.add_argument("--jrnl", default=default_jrnl if Path(default_jrnl).exists() else "")
    # jrnl rewrites its whole file on every add: 100,000 entries takes minutes a run.
    parser.add_argument("--jrnl-sizes", default="100,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    spec = importlib.util.find_spec("partnercare")
    if spec and spec.origin:
        compileall.compile_dir(str(Path(spec.origin).parent), quiet=1)

    ours: dict[int, dict[str, tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="pc-bench-") as tmp_name:
        tmp = Path(tmp_name)
        for size in sizes:
            home = tmp / f"home-{size}"
            started = time.perf_counter()
            build_partnercare(home, size)
            print(
                f"built {size:,} entries in {time.perf_counter() - started:.1f} s", file=sys.stderr
            )
            env = {**os.environ, "PARTNERCARE_HOME": str(home), "NO_COLOR": "1"}
            ops = dict(OPERATIONS)
            ours[size] = run_ops([PY, "-m", "partnercare", "journal"], ops, env, tmp, args.runs)
            size_db = (home / "partnercare.db").stat().st_size / 2**20
            print(f"  {size:,}: database {size_db:.1f} MiB", file=sys.stderr)
        print(
            table(
                f"partnercare journal (median of {args.runs} runs; wall time, peak RSS)",
                sizes,
                ours,
            )
        )
        print(huge_search(tmp, sizes[-1], ours[sizes[-1]]["search"], args.runs))

        if not args.jrnl:
            print("\njrnl not found (pip install jrnl into a separate venv, then --jrnl PATH)")
            return
        jrnl_sizes = [int(s) for s in args.jrnl_sizes.split(",")]
        theirs: dict[int, dict[str, tuple[float, int]]] = {}
        for size in jrnl_sizes:
            base = tmp / f"jrnl-{size}"
            env = build_jrnl(base, size)
            runs = args.runs if size <= 10_000 else 1
            theirs[size] = run_ops([args.jrnl], JRNL_OPERATIONS, env, tmp, runs)
        print(table("jrnl, same entries and operations", jrnl_sizes, theirs))
        print("\njrnl time / partnercare time")
        print("| operation | " + " | ".join(f"{s:,}" for s in jrnl_sizes) + " |")
        print("|---|" + "---|" * len(jrnl_sizes))
        for name in JRNL_OPERATIONS:
            cells = [
                f"{theirs[s][name][0] / ours[s][name][0]:.1f}x" if s in ours else "n/a"
                for s in jrnl_sizes
            ]
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
