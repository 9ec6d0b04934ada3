"""Encryption with real processes: kill -9 at random points of encrypt, decrypt,
passphrase and restore never loses an entry; backups made beside four writers
pass integrity_check; the passphrase is asked in a terminal before anything else;
an editor killed mid-note leaves no plain text on the disk."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import spawn_partnercare

sqlcipher3 = pytest.importorskip("sqlcipher3")

pytestmark = pytest.mark.slow

FIRST, SECOND = "first passphrase here", "second passphrase here"
NOTES = 25


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PARTNERCARE_") and k not in ("VISUAL", "EDITOR")
    }
    return {**env, "PARTNERCARE_HOME": str(home), **extra}


def _cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "partnercare", *args],
        env=_env(home, **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _notes(path: Path) -> tuple[str, int] | None:
    """(how the file opens: plain / FIRST / SECOND, how many entries), or None."""
    for name, secret in (("plain", None), ("first", FIRST), ("second", SECOND)):
        conn = sqlcipher3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            if secret is not None:
                conn.execute(f"PRAGMA key = '{secret}'")
            count = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
            if conn.execute("PRAGMA quick_check").fetchone()[0] == "ok":
                return name, int(count)
        except sqlcipher3.DatabaseError:
            continue
        finally:
            conn.close()
    return None


def _journal_with_notes(home: Path) -> None:
    lines = "\n".join(f"note number {i} about a quiet harbour" for i in range(NOTES))
    for i in range(NOTES):
        done = _cli(home, "journal", "add", lines.splitlines()[i])
        assert done.returncode == 0, done.stderr


def test_kill_9_at_random_points_never_loses_an_entry(tmp_path: Path) -> None:
    from partnercare.store import cipher

    cipher.driver()  # SQLCipher's log lines off in this process too
    home = tmp_path / "home"
    _journal_with_notes(home)
    # the newest backup holds every note (restore --latest brings back that one)
    assert _cli(home, "backup").returncode == 0
    journal = home / "partnercare.db"
    chance = random.Random(os.getpid())
    seen: set[str] = set()
    for round_ in range(16):
        state = _notes(journal)
        assert state is not None, f"round {round_}: the journal does not open"
        form, count = state
        assert count == NOTES, f"round {round_}: {count} entries after a kill"
        env: dict[str, str]
        if round_ % 4 == 3:
            args, env = ["restore", "--latest", "--yes"], {}
        elif form == "plain":
            args, env = ["encrypt", "--plain-backups", "encrypt"], {}
            env["PARTNERCARE_PASSPHRASE_COMMAND"] = f"echo {FIRST}"
        elif form == "first":
            args, env = ["passphrase"], {"PARTNERCARE_NEW_PASSPHRASE_COMMAND": f"echo {SECOND}"}
        else:
            args, env = ["decrypt", "--yes"], {}
        if form != "plain":
            env["PARTNERCARE_PASSPHRASE_COMMAND"] = f"echo {FIRST if form == 'first' else SECOND}"
        process = subprocess.Popen(
            [sys.executable, "-m", "partnercare", *args],
            env=_env(home, **env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.15, 1.4))
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen.add(args[0])
    assert {"encrypt", "restore"} <= seen
    final = _notes(journal)
    assert final is not None and final[1] == NOTES
    # a killed run leaves nothing that later runs trip over
    settled = _cli(
        home,
        "journal",
        "list",
        "--json",
        PARTNERCARE_PASSPHRASE_COMMAND=f"echo {FIRST if final[0] == 'first' else SECOND}",
    )
    assert settled.returncode == 0, settled.stderr


@pytest.mark.parametrize("encrypted", [False, True])
def test_backups_made_beside_four_writers_pass_integrity_check(
    tmp_path: Path, encrypted: bool
) -> None:
    from partnercare.store import cipher

    home = tmp_path / "home"
    assert _cli(home, "journal", "add", "the first note").returncode == 0
    env: dict[str, str] = {}
    if encrypted:
        done = _cli(home, "encrypt", PARTNERCARE_PASSPHRASE_COMMAND=f"echo {FIRST}")
        assert done.returncode == 0, done.stderr
        unlocked = _cli(home, "unlock", PARTNERCARE_PASSPHRASE_COMMAND=f"echo {FIRST}")
        env["PARTNERCARE_KEY"] = unlocked.stdout.strip().split("=", 1)[1]
    script = (
        "for i in 1 2 3 4 5 6; do "
        f'"{sys.executable}" -m partnercare journal add "writer $W note $i" || exit 1; done'
    )
    writers = [
        subprocess.Popen(["sh", "-c", script], env=_env(home, W=str(w), **env)) for w in range(4)
    ]
    made = 0
    while any(w.poll() is None for w in writers):
        result = _cli(home, "backup", **env)
        assert result.returncode == 0, result.stderr
        made += 1
    assert all(w.wait() == 0 for w in writers)
    assert made >= 1
    key = cipher.parse_key(env["PARTNERCARE_KEY"]) if encrypted else None
    copies = sorted((home / "backups").iterdir())
    assert len(copies) >= made
    for copy in copies:
        if key is None:
            conn = sqlite3.connect(copy)
        else:
            conn = sqlcipher3.connect(str(copy))
            cipher.apply(conn, key)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], copy
        conn.close()


def _encrypted_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert _cli(home, "journal", "add", "a note about albatrosses").returncode == 0
    done = _cli(home, "encrypt", PARTNERCARE_PASSPHRASE_COMMAND=f"echo {FIRST}")
    assert done.returncode == 0, done.stderr
    return home


def test_the_passphrase_is_asked_before_the_checkin_and_the_editor(tmp_path: Path) -> None:
    home = _encrypted_home(tmp_path)
    child = spawn_partnercare(home, "checkin")
    child.expect("Passphrase for your journal: ")
    child.sendline("not it")
    child.expect("2 more tries")
    child.expect("Passphrase for your journal: ")
    child.sendline(FIRST)
    child.expect("partner")  # the first question, about the partner's mood
    child.sendcontrol("c")
    child.expect(r"\$|cancel|nothing", timeout=10)
    child.close()

    marker = tmp_path / "editor-ran"
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\ntouch {marker}\n")
    editor.chmod(0o700)
    child = spawn_partnercare(home, "journal", "add", EDITOR=str(editor))
    for _ in range(3):
        child.expect("Passphrase for your journal: ")
        child.sendline("wrong again")
    child.expect("did not open your journal")
    child.expect(pexpect_eof())
    child.close()
    assert child.exitstatus == 1
    assert not marker.exists()


def pexpect_eof() -> object:
    import pexpect

    return pexpect.EOF


def test_a_killed_editor_leaves_no_plain_text_on_the_disk(tmp_path: Path) -> None:
    home = _encrypted_home(tmp_path)
    run_dir = tmp_path / "memory"
    run_dir.mkdir(mode=0o700)
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "secret words about cormorants" >> "$1"\nsleep 60\n')
    editor.chmod(0o700)
    child = spawn_partnercare(
        home,
        "journal",
        "add",
        EDITOR=str(editor),
        XDG_RUNTIME_DIR=str(run_dir),
        PARTNERCARE_PASSPHRASE_COMMAND=f"echo {FIRST}",
    )
    notes = run_dir / "partnercare"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = list(notes.glob("partnercare-note-*")) if notes.exists() else []
        if found and b"cormorants" in found[0].read_bytes():
            break
        time.sleep(0.05)
    else:
        pytest.fail("the editor never wrote its note")
    os.killpg(os.getpgid(child.pid), signal.SIGKILL)
    child.close(force=True)
    everything = b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())
    assert b"cormorants" not in everything
    after = _cli(
        home,
        "journal",
        "list",
        XDG_RUNTIME_DIR=str(run_dir),
        PARTNERCARE_PASSPHRASE_COMMAND=f"echo {FIRST}",
    )
    assert after.returncode == 0, after.stderr
    assert "Removed 1 unsaved note" in after.stderr
    assert list(notes.glob("partnercare-note-*")) == []
    everything = b"".join(p.read_bytes() for p in home.rglob("*") if p.is_file())
    assert b"cormorants" not in everything
