"""A long import shows its progress on a terminal, and nothing extra elsewhere."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers import spawn_partnercare
from partnercare.cli import app
from partnercare.store import Store

pexpect: Any = pytest.importorskip("pexpect")


def _export(path: Path, count: int) -> Path:
    stamp = "2026-11-01T10:00:00+00:00"
    entries: list[dict[str, object]] = [
        {
            "uuid": str(uuid.uuid4()),
            "kind": "note",
            "date": "2026-11-01",
            "created_at": stamp,
            "updated_at": stamp,
            "text": f"note {number}",
            "starred": False,
            "tags": [],
            "data": None,
        }
        for number in range(count)
    ]
    path.write_text(json.dumps({"format": "partnercare-journal", "version": 1, "entries": entries}))
    return path


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_a_long_import_shows_a_progress_bar_on_a_terminal(
    isolated_home: Path, tmp_path: Path
) -> None:
    Store.open().close()
    source = _export(tmp_path / "many.json", 3000)
    child = spawn_partnercare(isolated_home, "journal", "import", str(source), timeout=30)
    child.expect_exact("Importing")
    child.expect(r"\d+/3000")
    child.expect_exact("Imported 3,000 entries")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_no_bar_when_stderr_is_not_a_terminal(runner: CliRunner, tmp_path: Path) -> None:
    Store.open().close()
    result = runner.invoke(app, ["journal", "import", str(_export(tmp_path / "m.json", 1500))])
    assert result.exit_code == 0, result.stderr
    # only the summary (a message: stderr), no bar
    assert result.stderr.startswith("Imported 1,500 entries")
    assert result.stderr.count("\n") == 1 and "Importing" not in result.stderr
    assert result.stdout == ""
