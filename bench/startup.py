"""Start-up benchmark: median wall time of whole `partnercare` processes.

Usage:  python bench/startup.py [--runs N]

Runs each command N times (whole processes, alternating the commands so that
machine noise spreads evenly), with output to /dev/null and, for the tips
commands, also to a real pseudo-terminal (80x24, TERM=xterm-256color), and
prints a table of medians with ratios to `python -c "import typer"`, measured
in the same run. Bytecode is compiled
first (`compileall` on the installed packages), because this environment may
set PYTHONDONTWRITEBYTECODE=1, which would otherwise make every run recompile
an editable install from source.

Target (issue 2): `partnercare tips 3` within 1.5x of `import typer`.

Before and after a change:  python bench/startup.py --against OTHER/bin/python
times the same commands of another installed tree (its own data directory)
in the same run, interleaved, and adds a column "after/before": the fair
comparison on a noisy machine, where two separate runs can differ by 10%.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
# Also timed writing to a real terminal, where output is styled.
TTY = ("partnercare tips 3", "partnercare tips")
ANSWERS = {
    "partner_mood": 3,
    "communication": 4,
    "mood": 3,
    "stress": 2,
    "sleep": 4,
    "together": ["morning_light"],
    "self_care": ["exercise"],
    "safety": "no",
}


def _commands(answers: Path, python: str = PY) -> list[tuple[str, list[str]]]:
    # The console script users run, next to this interpreter; else python -m.
    script = Path(python).parent / "partnercare"
    pc = [str(script)] if script.exists() else [python, "-m", "partnercare"]
    commands = [
        ('python -c "pass"', [python, "-c", "pass"]),
        ('python -c "import typer"', [python, "-c", "import typer"]),
        # The floor for any rendered command: Typer plus rich's console.
        ("import typer, rich.console", [python, "-c", "import typer, rich.console"]),
        ("partnercare --version", [*pc, "--version"]),
        ("partnercare tips", [*pc, "tips"]),
        ("partnercare tips 3", [*pc, "tips", "3"]),
        ("partnercare", pc),
        # The crisis screen: it must never be slow to appear.
        ("partnercare help-now", [*pc, "help-now"]),
    ]
    if importlib.util.find_spec("partnercare.cli.checkin") is not None:
        commands.append(
            ("partnercare checkin --answers F", [*pc, "checkin", "--answers", str(answers)])
        )
    return commands


def _compile_bytecode() -> None:
    for name in ("partnercare", "typer", "rich", "platformdirs"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                compileall.compile_dir(location, quiet=1)


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _time_in_terminal(argv: list[str], env: dict[str, str]) -> float:
    """Wall time of argv writing to a real pseudo-terminal (80x24), as a user sees it."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.DEVNULL
    )
    os.close(follower)
    while True:  # drain the terminal so the command never blocks on a full buffer
        try:
            if not os.read(leader, 65536):
                break
        except OSError:  # EIO: the command exited and the terminal closed
            break
    process.wait()
    elapsed = time.perf_counter() - start
    os.close(leader)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--against", metavar="PYTHON", help="another tree's interpreter")
    parser.add_argument("--compile-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    _compile_bytecode()
    if args.compile_only:
        return
    trees = [("", PY)]
    if args.against:
        subprocess.run([args.against, __file__, "--compile-only"], check=True)
        trees.append((" [before]", args.against))
    with tempfile.TemporaryDirectory() as scratch:
        samples: dict[str, list[float]] = {}
        plan: list[tuple[str, list[str], dict[str, str], bool]] = []
        for suffix, python in trees:
            home = Path(scratch) / (suffix.strip(" []") or "after")
            home.mkdir()
            env = {**os.environ, "PARTNERCARE_HOME": str(home), "TERM": "dumb"}
            env.pop("COLUMNS", None)
            tty_env = {**env, "TERM": "xterm-256color"}
            answers = home / "answers.json"
            answers.write_text(json.dumps(ANSWERS))
            commands = _commands(answers, python)
            for _, argv in commands:  # warm the page cache and create the database
                subprocess.run(argv, env=env, capture_output=True, check=False)
            plan += [(name + suffix, argv, env, False) for name, argv in commands]
            plan += [
                (f"{name} (terminal){suffix}", argv, tty_env, True)
                for name, argv in commands
                if name in TTY
            ]
        samples = {name: [] for name, *_ in plan}
        order = random.Random(0)
        for _ in range(args.runs):
            # A new order each round, so neither tree always runs first or last.
            order.shuffle(plan)
            for name, argv, env, terminal in plan:
                timer = _time_in_terminal if terminal else _time
                samples[name].append(timer(argv, env))

    medians = {name: statistics.median(times) * 1000 for name, times in samples.items()}
    base = medians['python -c "import typer"']
    print(f"partnercare start-up, median of {args.runs} runs each (ms), bytecode compiled")
    if args.against:
        print(f"{'command':<34}{'after ms':>10}{'before ms':>11}{'after/before':>14}")
        for name, ms in medians.items():
            if not name.endswith(" [before]"):
                before = medians[name + " [before]"]
                print(f"{name:<34}{ms:>10.1f}{before:>11.1f}{ms / before:>14.2f}")
        print()
    print(f"{'command':<34}{'median ms':>10}{'x import typer':>16}")
    for name, ms in medians.items():
        if not name.endswith(" [before]"):
            print(f"{name:<34}{ms:>10.1f}{ms / base:>16.2f}")
    print()
    for name in ("partnercare tips 3", "partnercare tips 3 (terminal)"):
        ratio = medians[name] / base
        verdict = "met" if ratio <= 1.5 else "MISSED"
        print(f"target: {name} within 1.5x of import typer: {ratio:.2f}x ({verdict})")


if __name__ == "__main__":
    main()
