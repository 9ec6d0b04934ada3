"""`partnercare report` through CliRunner: the three formats, where files go and how
they are written, notes left out unless asked, nothing private that is not meant to
be shared, and every refusal in one line."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnercare import settings
from partnercare.cli import app
from test_cli_trends import ago, log, pinned  # noqa: F401  (the pinned clock fixture)

PRIVATE_NOTE = "Private: I cried in the car after the infusion."
QUESTION = "Should she keep the evening walks during the infusions?"


@pytest.fixture
def journal(runner: CliRunner) -> None:
    for back in range(10):
        log(
            runner,
            ago(back),
            partner_mood=3 + back % 2,
            communication=4,
            note=("check-in note, private" if back == 2 else ""),
        )
    for text, tags in ((PRIVATE_NOTE, []), (QUESTION, ["question"])):
        args = ["journal", "add", text, "--date", ago(3).isoformat()]
        for tag in tags:
            args += ["--tag", tag]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
    settings.update(
        lambda s: settings.with_contact(
            s._replace(country="GB"), settings.make_contact("Robin Example", "+44 7700 900123")
        )[0]
    )


def run(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == 0, result.stderr
    return result


def test_markdown_to_the_screen_by_default(runner: CliRunner, journal: None) -> None:
    out = run(runner).stdout
    assert out.startswith("# partnercare report: Sun 1 Nov 2026 to Sat 28 Nov 2026\n")
    assert "Days logged: 10 of 28." in out
    assert "- Partner mood: 3.5 on average (1 to 5) over 10 days;" in out
    assert QUESTION in out
    assert PRIVATE_NOTE not in out and "check-in note, private" not in out
    assert "Notes were left out" in out
    assert "999 in United Kingdom" in out and "Samaritans" in out


def test_notes_come_in_with_the_flag(runner: CliRunner, journal: None) -> None:
    out = run(runner, "--include-notes").stdout
    assert PRIVATE_NOTE in out and "check-in note, private" in out
    assert "Notes were left out" not in out


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_nothing_private_that_is_not_meant_to_be_shared(
    runner: CliRunner, journal: None, isolated_home: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"r.{fmt}"
    run(runner, "--format", fmt, "--output", str(target), "--include-notes")
    text = target.read_text()
    for secret in ("Robin", "7700 900123", str(isolated_home), "settings", "passphrase"):
        assert secret not in text


def test_html_without_output_is_a_dated_file_here(
    runner: CliRunner, journal: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, "--format", "html")
    made = tmp_path / "partnercare-report-2026-11-28.html"
    assert result.stdout == ""
    assert "Report written to partnercare-report-2026-11-28.html" in result.stderr
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    page = made.read_text()
    assert page.startswith("<!DOCTYPE html>") and QUESTION in page
    # once there, it is not written over without --force
    again = runner.invoke(app, ["report", "--format", "html"])
    assert again.exit_code == 1
    assert again.stderr.strip() == (
        "partnercare: partnercare-report-2026-11-28.html exists; add --force to replace it"
    )
    assert made.read_text() == page
    run(runner, "--format", "html", "--force")


def test_output_is_0600_and_whole(runner: CliRunner, journal: None, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "report.md"
    result = run(runner, "--output", str(target))
    assert result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("# partnercare report")
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]  # no temporary left


def test_json_is_the_model(runner: CliRunner, journal: None) -> None:
    data = json.loads(run(runner, "--format", "json").stdout)
    assert data["since"] == "2026-11-01" and data["notes"] is None
    assert data["questions"][0]["text"] == QUESTION
    assert data["trends"]["measures"]["partner_mood"]["mean"] == 3.5
    trends = json.loads(runner.invoke(app, ["trends", "--json"]).stdout)
    assert data["trends"] == trends  # one computation, the same numbers


def test_a_new_user_gets_a_report_of_nothing_yet(runner: CliRunner) -> None:
    out = run(runner).stdout
    assert "Days logged: 0 of 28." in out
    assert "Partner mood: no day with an answer in this period." in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--since", "someday"], "not a date I understand"),
        (["--since", "2026-11-20", "--until", "2026-11-01"], "is after --until"),
        (["--until", "next year"], "not a date I understand"),
        (["--since", "tomorrow"], "after today"),
        (["--output", "/"], "is a directory"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    runner: CliRunner, journal: None, isolated_home: Path, args: list[str], words: str
) -> None:
    before = sorted(os.listdir(isolated_home))
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("partnercare: ") and words in line
    assert sorted(os.listdir(isolated_home)) == before


def test_the_report_is_never_written_into_the_data_folder(
    runner: CliRunner, journal: None, isolated_home: Path
) -> None:
    result = runner.invoke(app, ["report", "--output", str(isolated_home / "r.md")])
    assert result.exit_code == 1
    assert "data folder" in result.stderr
    assert not (isolated_home / "r.md").exists()


def test_a_new_install_keeps_no_journal_after_a_report(
    runner: CliRunner, isolated_home: Path
) -> None:
    bad = runner.invoke(app, ["report", "--since", "someday"])
    assert bad.exit_code == 1 and len(bad.stderr.strip().splitlines()) == 1
    run(runner)
    assert not (isolated_home / "partnercare.db").exists()


@pytest.mark.parametrize(
    ("name", "starts"), [("r.html", "<!DOCTYPE html>"), ("r.json", "{"), ("r.txt", "# partnercare")]
)
def test_the_format_follows_the_file_name(
    runner: CliRunner, journal: None, tmp_path: Path, name: str, starts: str
) -> None:
    run(runner, "--output", str(tmp_path / name))
    assert (tmp_path / name).read_text().startswith(starts)


def test_a_file_that_appears_meanwhile_is_not_written_over(tmp_path: Path) -> None:
    from partnercare import files
    from partnercare.errors import InvalidInputError

    target = tmp_path / "report.md"

    def chunks() -> Any:
        yield "the report"
        target.write_text("IMPORTANT")  # another program writes it while we work

    with pytest.raises(InvalidInputError, match="exists"):
        files.write_private(target, chunks(), replace=False)
    assert target.read_text() == "IMPORTANT"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
