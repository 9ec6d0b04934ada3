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
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
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


def _commands(answers: Path) -> list[tuple[str, list[str]]]:
    # The console script users run, next to this interpreter; else python -m.
    script = Path(PY).parent / "partnercare"
    pc = [str(script)] if script.exists() else [PY, "-m", "partnercare"]
    commands = [
        ('python -c "pass"', [PY, "-c", "pass"]),
        ('python -c "import typer"', [PY, "-c", "import typer"]),
        # The floor for any rendered command: Typer plus rich's console.
        ("import typer, rich.console", [PY, "-c", "import typer, rich.console"]),
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
    args = parser.parse_args()

    _compile_bytecode()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PARTNERCARE_HOME": home, "TERM": "dumb"}
        env.pop("COLUMNS", None)
        tty_env = {**env, "TERM": "xterm-256color"}
        answers = Path(home) / "answers.json"
        answers.write_text(json.dumps(ANSWERS))
        commands = _commands(answers)
        for _, argv in commands:  # warm the page cache and create the database
            subprocess.run(argv, env=env, capture_output=True, check=False)
        samples: dict[str, list[float]] = {name: [] for name, _ in commands}
        in_terminal = [(f"{name} (terminal)", argv) for name, argv in commands if name in TTY]
        samples.update({name: [] for name, _ in in_terminal})
        for _ in range(args.runs):
            for name, argv in commands:
                samples[name].append(_time(argv, env))
            for name, argv in in_terminal:
                samples[name].append(_time_in_terminal(argv, tty_env))

    medians = {name: statistics.median(times) * 1000 for name, times in samples.items()}
    base = medians['python -c "import typer"']
    print(f"partnercare start-up, median of {args.runs} runs each (ms), bytecode compiled")
    print(f"{'command':<34}{'median ms':>10}{'x import typer':>16}")
    for name, ms in medians.items():
        print(f"{name:<34}{ms:>10.1f}{ms / base:>16.2f}")
    print()
    for name in ("partnercare tips 3", "partnercare tips 3 (terminal)"):
        ratio = medians[name] / base
        verdict = "met" if ratio <= 1.5 else "MISSED"
        print(f"target: {name} within 1.5x of import typer: {ratio:.2f}x ({verdict})")


if __name__ == "__main__":
    main()
