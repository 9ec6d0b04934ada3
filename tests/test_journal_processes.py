"""Real processes: several `journal add` at once, and processes killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PARTNERCARE_HOME": str(home), "NO_COLOR": "1"}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "partnercare", "journal", *args]


def _texts(home: Path) -> list[str]:
    conn = sqlite3.connect(home / "partnercare.db")
    try:
        return [row[0] for row in conn.execute("SELECT text FROM entries ORDER BY id")]
    finally:
        conn.close()


def _integrity(home: Path) -> str:
    conn = sqlite3.connect(home / "partnercare.db")
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")
        return str(result)
    finally:
        conn.close()


@pytest.mark.parametrize("count", [2, 4, 10])
@pytest.mark.parametrize("fresh", [True, False], ids=["new-journal", "existing-journal"])
def test_concurrent_adds_all_saved(isolated_home: Path, count: int, fresh: bool) -> None:
    if not fresh:
        subprocess.run(
            _cli("add", "first"), env=_env(isolated_home), check=True, capture_output=True
        )
    procs = [
        subprocess.Popen(
            _cli("add", f"note {i}", "--tag", f"p{i}", "--json"),
            env=_env(isolated_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(count)
    ]
    ids = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
        ids.append(json.loads(out)["id"])
    assert len(set(ids)) == count
    texts = _texts(isolated_home)
    assert sorted(t for t in texts if t.startswith("note")) == sorted(
        f"note {i}" for i in range(count)
    )
    assert _integrity(isolated_home) == "ok"


_WRITER = """
import sys
from partnercare import journal
from partnercare.store import Store
with Store.open() as store:
    i = 0
    while True:
        entry = journal.add(store, text=f"loop {i} " + "x" * 500, tags=[f"t{i % 7}"])
        print(entry.id, flush=True)
        i += 1
"""


def test_kill_9_while_writing_loses_nothing_reported(isolated_home: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER],
        env=_env(isolated_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    reported = [int(proc.stdout.readline()) for _ in range(30)]
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    reported += [int(line) for line in rest.split()]
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(isolated_home / "partnercare.db")
    saved = {row[0] for row in conn.execute("SELECT id FROM entries")}
    conn.close()
    assert set(reported) <= saved
    assert _integrity(isolated_home) == "ok"


def test_kill_9_cli_adds_at_random_moments(isolated_home: Path) -> None:
    subprocess.run(_cli("add", "before"), env=_env(isolated_home), check=True, capture_output=True)
    procs = []
    for i in range(12):
        procs.append(
            subprocess.Popen(
                _cli("add", f"maybe {i}", "--json"),
                env=_env(isolated_home),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
        time.sleep(0.02 * (i % 5))  # vary where in its life each process is killed
        if i % 2 == 0:
            procs[-1].send_signal(signal.SIGKILL)
    reported = []
    for proc in procs:
        out, _ = proc.communicate(timeout=60)
        if proc.returncode == 0:
            reported.append(json.loads(out)["text"])
        else:
            assert proc.returncode == -signal.SIGKILL
    texts = _texts(isolated_home)
    assert "before" in texts
    assert set(reported) <= set(texts)
    assert _integrity(isolated_home) == "ok"
    # The journal still works afterwards.
    subprocess.run(_cli("add", "after"), env=_env(isolated_home), check=True, capture_output=True)
    assert "after" in _texts(isolated_home)
