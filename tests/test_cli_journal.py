"""`partnercare journal ...` through CliRunner: every command and flag, and the errors."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpers import MIDDLE_ANSWERS
from partnercare import clock, paths
from partnercare.cli import app
from partnercare.cli import common as cli_common
from partnercare.errors import CancelledError
from partnercare.store import Store

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
ENTRY_KEYS = {
    "id",
    "uuid",
    "kind",
    "date",
    "created_at",
    "updated_at",
    "text",
    "tags",
    "starred",
    "data",
}


@pytest.fixture(autouse=True)
def setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    monkeypatch.setattr(clock, "today", lambda: NOW.date())
    Store.open().close()  # past the first-run welcome, so stderr holds only what we test


def run(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(app, ["journal", *args], input=input)


def add(runner: CliRunner, *args: str) -> int:
    result = run(runner, "add", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return int(json.loads(result.stdout)["id"])


def dump() -> list[tuple[object, ...]]:
    """Everything the journal holds, to show that a failed command changed nothing."""
    with Store.open() as store:
        rows = store.conn.execute("SELECT * FROM entries ORDER BY id").fetchall()
        tags = store.conn.execute("SELECT * FROM tags ORDER BY rowid").fetchall()
    return [*rows, *tags]


def one_line_error(result: Result) -> str:
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("partnercare: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def editor(tmp_path: Path, *, write: str | None, status: int = 0) -> str:
    """An $EDITOR that records its file's mode, writes `write` into it and exits `status`."""
    script = tmp_path / "fake_editor.py"
    log = tmp_path / "editor.log"
    script.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        f"open({str(log)!r}, 'a').write(path + ' ' + oct(stat.S_IMODE(os.stat(path).st_mode))"
        " + ' ' + repr(open(path).read()) + '\\n')\n"
        f"write = {write!r}\n"
        "if write is not None:\n"
        "    open(path, 'w').write(write)\n"
        f"sys.exit({status})\n"
    )
    return f"{sys.executable} {script}"


def editor_log(tmp_path: Path) -> list[str]:
    return (tmp_path / "editor.log").read_text().splitlines()


# -- add -----------------------------------------------------------------------


def test_add_text_prints_id(runner: CliRunner) -> None:
    result = run(runner, "add", "Walked before breakfast")
    assert result.exit_code == 0
    assert result.stderr == "Saved entry 1 (Wed 25 Nov 2026).\n"  # a message: stderr
    assert result.stdout == ""


def test_add_with_tags_date_star_json(runner: CliRunner) -> None:
    result = run(
        runner, "add", "x", "--tag", "#walk", "-t", "sam", "--date", "yesterday", "--star", "--json"
    )
    entry = json.loads(result.stdout)
    assert set(entry) == ENTRY_KEYS
    assert entry["tags"] == ["walk", "sam"]
    assert entry["date"] == "2026-11-24"
    assert entry["starred"] is True
    assert entry["data"] is None
    assert entry["kind"] == "note"


def test_add_from_stdin_drops_trailing_newlines_only(runner: CliRunner) -> None:
    result = run(runner, "add", "--json", input="  line one\nline two  \n\n")
    assert json.loads(result.stdout)["text"] == "  line one\nline two  "


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_add_empty_saves_nothing_and_says_so(runner: CliRunner, text: str) -> None:
    line = one_line_error(run(runner, "add", input=text))
    assert "nothing was saved" in line
    assert dump() == []


def test_add_empty_argument_saves_nothing(runner: CliRunner) -> None:
    assert "empty" in one_line_error(run(runner, "add", "  "))
    assert dump() == []


def test_add_with_bad_date_changes_nothing(runner: CliRunner) -> None:
    line = one_line_error(run(runner, "add", "x", "--date", "the other day"))
    assert "'the other day'" in line
    assert dump() == []


def test_add_bad_tag(runner: CliRunner) -> None:
    one_line_error(run(runner, "add", "x", "--tag", "#"))
    assert dump() == []


def test_add_in_editor_uses_private_temp_file_and_removes_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", editor(tmp_path, write="Written in vim\n"))
    result = run(runner, "add", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["text"] == "Written in vim"
    path, mode, _ = editor_log(tmp_path)[0].split(" ", 2)
    assert mode == "0o600"
    assert Path(path).parent == paths.data_dir()
    assert not Path(path).exists()


def test_visual_wins_over_editor(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("VISUAL", editor(tmp_path, write="from visual"))
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    assert "Saved entry 1" in run(runner, "add").stderr


@pytest.mark.parametrize(
    ("write", "status", "words"),
    [
        ("text but crashed", 3, "status 3"),
        (None, 0, "empty"),
        ("   \n", 0, "empty"),
    ],
)
def test_editor_failures_save_nothing_and_remove_the_file(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write: str | None,
    status: int,
    words: str,
) -> None:
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", editor(tmp_path, write=write, status=status))
    assert words in one_line_error(run(runner, "add"))
    assert dump() == []
    assert not Path(editor_log(tmp_path)[0].split(" ")[0]).exists()
    assert [p for p in paths.data_dir().iterdir() if "note" in p.name] == []


def test_no_editor_is_a_clear_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    assert "$EDITOR" in one_line_error(run(runner, "add"))
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    assert "cannot run the editor" in one_line_error(run(runner, "add"))
    assert [p for p in paths.data_dir().iterdir() if "note" in p.name] == []


def test_invalid_utf8_on_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["journal", "add"], input=b"\xff\xfe bad")
    assert "UTF-8" in one_line_error(result)


# -- list ----------------------------------------------------------------------


def _three(runner: CliRunner) -> None:
    add(runner, "Oldest note", "--date", "2026-11-01", "-t", "sam")
    add(
        runner,
        "Middle note\nsecond line\nthird line\nfourth",
        "--date",
        "2026-11-10",
        "-t",
        "walk",
        "--star",
    )
    add(runner, "Newest note", "-t", "sam", "-t", "walk")


def test_list_newest_first_readable(runner: CliRunner) -> None:
    _three(runner)
    result = run(runner, "list")
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("Newest note") < out.index("Middle note") < out.index("Oldest note")
    assert "#3  Wed 25 Nov 2026  #sam #walk" in out
    assert "#2  Tue 10 Nov 2026  ★  #walk" in out
    assert "second line" in out
    assert "fourth" not in out  # first lines only; `show` has the rest
    assert "journal show ID" in out
    assert "\x1b[" not in out  # not a terminal: no escape codes


def test_list_limit_default_is_the_journals() -> None:
    from partnercare import journal
    from partnercare.cli import journal as journal_command

    assert journal_command.DEFAULT_LIMIT == journal.DEFAULT_LIMIT


def test_bare_journal_takes_lists_options_and_says_so_in_help(runner: CliRunner) -> None:
    _three(runner)
    for args in (["--limit", "1"], ["--on", "2026-11-10"], ["--starred", "--json"], ["-n", "2"]):
        assert run(runner, *args).stdout == run(runner, "list", *args).stdout, args
    help_text = run(runner, "--help").stdout
    for option in ("--since", "--until", "--on", "--tag", "--kind", "--starred", "--limit"):
        assert option in help_text
    wrong = run(runner, "--limit", "0")
    assert wrong.exit_code == 2
    assert wrong.stderr.splitlines() == [
        "partnercare: invalid value for '--limit' / '-n': give a whole number from 1 to "
        "1,000,000, not '0'. See 'partnercare journal --help'."
    ]


def test_bare_journal_is_list(runner: CliRunner) -> None:
    _three(runner)
    assert run(runner).stdout == run(runner, "list").stdout
    assert json.loads(run(runner, "--json", "--tag", "sam").stdout) == json.loads(
        run(runner, "list", "--json", "--tag", "sam").stdout
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["Newest note", "Middle", "Oldest note"]),
        (["--limit", "1"], ["Newest note"]),
        (["-n", "2"], ["Newest note", "Middle"]),
        (["--tag", "sam"], ["Newest note", "Oldest note"]),
        (["--tag", "sam", "--tag", "walk"], ["Newest note"]),
        (["--since", "2026-11-05"], ["Newest note", "Middle"]),
        (["--until", "2026-11-10"], ["Middle", "Oldest note"]),
        (["--on", "2026-11-10"], ["Middle"]),
        (["--since", "3 weeks ago", "--until", "2 weeks ago"], ["Middle"]),
        (["--starred"], ["Middle"]),
        (["--kind", "note"], ["Newest note", "Middle", "Oldest note"]),
        (["--kind", "checkin"], []),
    ],
)
def test_list_filters_json(runner: CliRunner, args: list[str], expected: list[str]) -> None:
    _three(runner)
    result = run(runner, "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    entries = json.loads(result.stdout)
    assert [e["text"].split("\n")[0].replace(" note", "") for e in entries] == [
        e.replace(" note", "") for e in expected
    ]
    for entry in entries:
        assert set(entry) == ENTRY_KEYS


def test_list_says_when_there_are_more(runner: CliRunner) -> None:
    _three(runner)
    assert "Older entries" in run(runner, "list", "--limit", "2").stdout
    assert "Older entries" not in run(runner, "list").stdout


def test_list_empty(runner: CliRunner) -> None:
    result = run(runner, "list")
    assert result.exit_code == 0
    assert "Your journal is empty. Write the first note" in result.stdout
    assert run(runner, "list", "--json").stdout.strip() == "[]"
    add(runner, "one")
    filtered = run(runner, "list", "--tag", "nothing-tagged-so")
    assert "No entries match. Try fewer filters" in filtered.stdout


@pytest.mark.parametrize("args", [["--limit", "0"], ["--kind", "dream"], ["--frobnicate"]])
def test_list_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    assert run(runner, "list", *args).exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "soonish"],
        ["--on", "today", "--since", "today"],
        ["--since", "today", "--until", "last week"],
    ],
)
def test_list_bad_dates_are_one_line(runner: CliRunner, args: list[str]) -> None:
    one_line_error(run(runner, "list", *args))


def test_list_shows_checkin_summary(runner: CliRunner) -> None:
    from partnercare import journal

    with Store.open() as store:
        journal.upsert_checkin(
            store, NOW.date(), "a calm day", {"partner_mood": 4, "mood": 3, "stress": 2}
        )
    out = run(runner, "list").stdout
    assert "check-in" in out
    assert "a calm day" in out
    entry = json.loads(run(runner, "list", "--json", "--kind", "checkin").stdout)[0]
    assert entry["kind"] == "checkin"
    assert entry["data"] == {"partner_mood": 4, "mood": 3, "stress": 2}


# -- user text is literal --------------------------------------------------------

HOSTILE = (
    "[bold red]loud[/bold red] [link=https://evil.example]click[/link] \x1b[2J\x1b]0;pwned\x07 end"
)


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "loud"]])
def test_markup_and_escapes_are_printed_literally(runner: CliRunner, command: list[str]) -> None:
    add(runner, HOSTILE, "-t", "I_Tag")
    out = run(runner, *command).stdout
    assert "[bold red]" in out
    assert "[link=https://evil.example]click[/link]" in out
    assert "\\x1b[2J" in out
    assert "\\x07" in out
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "#i_tag" in out


def test_json_keeps_text_exact(runner: CliRunner) -> None:
    add(runner, HOSTILE)
    assert json.loads(run(runner, "show", "1", "--json").stdout)["text"] == HOSTILE


# -- show / edit / delete / star ---------------------------------------------------


def test_show_in_full_and_json(runner: CliRunner) -> None:
    _three(runner)
    out = run(runner, "show", "2").stdout
    assert "fourth" in out
    assert "#2  Tue 10 Nov 2026" in out
    entry = json.loads(run(runner, "show", "#2", "--json").stdout)
    assert isinstance(entry, dict)
    assert set(entry) == ENTRY_KEYS
    assert entry["id"] == 2


@pytest.mark.parametrize(
    "command",
    [
        ["show", "9"],
        ["edit", "9", "--text", "x"],
        ["delete", "9", "--yes"],
        ["star", "9"],
        ["star", "9", "--unstar"],
        ["show", "abc"],
        ["show", "0"],
    ],
)
def test_unknown_or_bad_id_is_one_line_and_changes_nothing(
    runner: CliRunner, command: list[str]
) -> None:
    _three(runner)
    before = dump()
    line = one_line_error(run(runner, *command))
    assert command[1] in line
    assert dump() == before


def test_edit_text(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    add(runner, "before")
    later = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: later)
    result = run(runner, "edit", "1", "--text", "after")
    assert result.exit_code == 0
    assert "entry 1" in result.stderr
    entry = json.loads(run(runner, "show", "1", "--json").stdout)
    assert entry["text"] == "after"
    assert entry["updated_at"] == later.isoformat()
    assert run(runner, "search", "after", "--json").stdout.count('"id": 1') == 1


def test_edit_in_editor_starts_from_the_old_text(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(runner, "old [b]text[/b]")
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", editor(tmp_path, write="new text\n"))
    assert run(runner, "edit", "1").exit_code == 0
    assert editor_log(tmp_path)[0].endswith("'old [b]text[/b]'")
    assert json.loads(run(runner, "show", "1", "--json").stdout)["text"] == "new text"


def test_edit_unchanged_or_empty(runner: CliRunner) -> None:
    add(runner, "same")
    before = dump()
    assert "unchanged" in run(runner, "edit", "1", "--text", "same").stderr
    assert "empty" in one_line_error(run(runner, "edit", "1", "--text", " "))
    assert dump() == before


def test_edit_from_stdin(runner: CliRunner) -> None:
    add(runner, "same")
    assert run(runner, "edit", "1", input="piped\n").exit_code == 0
    assert json.loads(run(runner, "show", "1", "--json").stdout)["text"] == "piped"


def test_delete_without_terminal_refuses(runner: CliRunner) -> None:
    add(runner, "keep me")
    before = dump()
    line = one_line_error(run(runner, "delete", "1"))
    assert "--yes" in line
    assert dump() == before


def test_delete_yes(runner: CliRunner) -> None:
    add(runner, "bye", "-t", "x")
    result = run(runner, "delete", "1", "--yes")
    assert result.exit_code == 0
    assert "Deleted entry 1" in result.stderr
    assert dump() == []
    assert run(runner, "search", "bye", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize(("answer", "kept"), [(True, False), (False, True)])
def test_delete_asks(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, answer: bool, kept: bool
) -> None:
    from partnercare import prompts

    add(runner, "[bold]maybe[/bold]")
    asked: list[str] = []
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)

    def confirm(question: str, **_: object) -> bool:
        asked.append(question)
        return answer

    monkeypatch.setattr(prompts, "confirm", confirm)
    result = run(runner, "delete", "1")
    assert result.exit_code == 0
    assert asked == ["Delete entry 1 (Wed 25 Nov 2026: [bold]maybe[/bold])?"]
    assert (len(dump()) == 1) is kept


def test_delete_cancelled(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from partnercare import prompts

    add(runner, "x")

    def cancel(question: str, **_: object) -> bool:
        raise CancelledError("cancelled; nothing was changed")

    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(prompts, "confirm", cancel)
    assert "cancelled" in one_line_error(run(runner, "delete", "1"))
    assert len(dump()) == 1


def test_star_and_unstar(runner: CliRunner) -> None:
    add(runner, "x")
    assert run(runner, "star", "1").exit_code == 0
    assert json.loads(run(runner, "list", "--starred", "--json").stdout)[0]["id"] == 1
    assert "Unstarred" in run(runner, "star", "1", "--unstar").stderr
    assert json.loads(run(runner, "list", "--starred", "--json").stdout) == []


# -- search ----------------------------------------------------------------------


def test_search_ranked_with_snippet(runner: CliRunner) -> None:
    add(runner, "We talked about sleep. Sleep is better. Slept ten hours.", "-t", "sleep")
    add(runner, "A long day with a lot of other things and then some sleep at the end.")
    add(runner, "Nothing here")
    result = run(runner, "search", "sleep")
    assert result.exit_code == 0
    assert result.stdout.index("#1") < result.stdout.index("#2")
    assert "#3" not in result.stdout
    hits = json.loads(run(runner, "search", "sleep", "--json").stdout)
    assert [h["id"] for h in hits] == [1, 2]
    assert set(hits[0]) == ENTRY_KEYS | {"snippet"}
    assert "sleep" in hits[1]["snippet"]


def test_search_filters(runner: CliRunner) -> None:
    _three(runner)
    hits = json.loads(
        run(runner, "search", "note", "--tag", "sam", "--since", "2026-11-05", "--json").stdout
    )
    assert [h["id"] for h in hits] == [3]
    assert len(json.loads(run(runner, "search", "note", "--limit", "1", "--json").stdout)) == 1
    assert json.loads(run(runner, "search", "note", "--kind", "checkin", "--json").stdout) == []
    assert [
        h["id"] for h in json.loads(run(runner, "search", "note", "--starred", "--json").stdout)
    ] == [2]
    assert [
        h["id"]
        for h in json.loads(run(runner, "search", "note", "--on", "2026-11-01", "--json").stdout)
    ] == [1]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "-",
        ":",
        "sam-walk",
        'say "hi',
        "a:b",
        "NOT",
        "(",
        "AND",
        "NEAR(",
        "x OR",
        "[bold]",
    ],
)
def test_search_syntax_characters_never_crash(runner: CliRunner, query: str) -> None:
    add(runner, "say hi to sam-walk a:b")
    result = run(runner, "search", query)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    if result.exit_code == 1:
        one_line_error(result)


@pytest.mark.parametrize("limit", ["1", "2", "20"])
def test_a_query_with_a_dangling_operator_still_finds_the_entry(
    runner: CliRunner, limit: str
) -> None:
    # "walk AND" is not valid FTS5; the plain-words retry must reach every query
    # the search runs, including the count behind the "more than ranked" note.
    add(runner, "walk and talk")
    result = run(runner, "search", "walk AND", "-n", limit, "--json")
    assert result.exit_code == 0, result.stderr
    assert [hit["id"] for hit in json.loads(result.stdout)] == [1]


def test_search_multiple_words_and_prefix(runner: CliRunner) -> None:
    add(runner, "morning light outside")
    add(runner, "evening light")
    assert [
        h["id"] for h in json.loads(run(runner, "search", "morning", "light", "--json").stdout)
    ] == [1]
    assert len(json.loads(run(runner, "search", "mor*", "--json").stdout)) == 1


def test_search_no_match_message(runner: CliRunner) -> None:
    result = run(runner, "search", "zebra")
    assert result.exit_code == 0
    assert "No journal entry matches 'zebra'" in result.stdout


# -- export / import ---------------------------------------------------------------


def test_export_json_to_stdout_and_back(runner: CliRunner, tmp_path: Path) -> None:
    _three(runner)
    exported = run(runner, "export").stdout
    document = json.loads(exported)
    assert document["format"] == "partnercare-journal"
    assert [set(e) for e in document["entries"]] == [ENTRY_KEYS] * 3
    backup = tmp_path / "backup.json"
    backup.write_text(exported)
    result = run(runner, "import", str(backup))
    assert result.exit_code == 0
    assert "Imported 0 entries" in result.stderr
    assert "skipped 3" in result.stderr


def test_export_to_file_is_private_and_import_into_empty_journal(
    runner: CliRunner, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _three(runner)
    out = tmp_path / "out" / "backup.json"
    out.parent.mkdir()
    result = run(runner, "export", "--format", "json", "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert str(out) in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert os.listdir(out.parent) == ["backup.json"]
    original = json.loads(out.read_text())["entries"]
    monkeypatch.setenv("PARTNERCARE_HOME", str(tmp_path / "new-home"))
    Store.open().close()
    assert "Imported 3 entries" in run(runner, "import", str(out)).stderr
    assert "Imported 0 entries" in run(runner, "import", str(out)).stderr
    copied = json.loads(run(runner, "export").stdout)["entries"]
    assert copied == original


def test_export_markdown_and_csv(runner: CliRunner) -> None:
    _three(runner)
    md = run(runner, "export", "--format", "md").stdout
    assert md.startswith("# partnercare journal\n")
    assert md.count("\n## ") == 3
    assert "## Wednesday 25 November 2026" in md
    rows = list(csv.reader(io.StringIO(run(runner, "export", "-f", "csv").stdout)))
    assert rows[0][:4] == ["id", "uuid", "kind", "date"]
    assert len(rows) == 4
    assert rows[2][8] == "Middle note\nsecond line\nthird line\nfourth"


def test_export_filters(runner: CliRunner) -> None:
    _three(runner)
    entries = json.loads(
        run(runner, "export", "--tag", "walk", "--since", "2026-11-05", "--starred").stdout
    )["entries"]
    assert [e["id"] for e in entries] == [2]
    assert json.loads(run(runner, "export", "--kind", "checkin").stdout)["entries"] == []
    assert len(json.loads(run(runner, "export", "--on", "2026-11-01").stdout)["entries"]) == 1
    assert len(json.loads(run(runner, "export", "--until", "2026-11-01").stdout)["entries"]) == 1


def test_export_to_a_directory_or_bad_format(runner: CliRunner, tmp_path: Path) -> None:
    one_line_error(run(runner, "export", "--output", str(tmp_path)))
    assert run(runner, "export", "--format", "pdf").exit_code == 2


def test_import_jrnl(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "jrnl.json"
    source.write_text(
        json.dumps(
            {
                "tags": {"@sam": 1},
                "entries": [
                    {
                        "title": "Walked with @sam.",
                        "body": "It helped.",
                        "date": "2026-11-20",
                        "time": "09:15",
                        "tags": ["@sam"],
                        "starred": True,
                    },
                ],
            }
        )
    )
    result = run(runner, "import", str(source))
    assert result.stderr.startswith("Imported 1 entry from the jrnl export")
    entry = json.loads(run(runner, "show", "1", "--json").stdout)
    assert (entry["text"], entry["tags"], entry["starred"], entry["date"]) == (
        "Walked with @sam.\nIt helped.",
        ["sam"],
        True,
        "2026-11-20",
    )
    assert "Imported 0" in run(runner, "import", str(source)).stderr


def test_import_from_stdin(runner: CliRunner) -> None:
    add(runner, "x")
    exported = run(runner, "export").stdout
    assert "skipped 1" in run(runner, "import", "-", input=exported).stderr


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{oops",
        '{"entries": 3}',
        "[1, 2]",
        '{"format": "partnercare-journal", "version": 7}',
        "[" * 100_000,
    ],
    ids=["empty", "broken", "entries-not-list", "list", "newer-version", "nested-too-deep"],
)
def test_malformed_import_imports_nothing(runner: CliRunner, tmp_path: Path, content: str) -> None:
    add(runner, "x")
    before = dump()
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert "bad.json" in one_line_error(run(runner, "import", str(bad)))
    assert dump() == before


def test_import_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    assert "cannot read" in one_line_error(run(runner, "import", str(tmp_path / "nope.json")))


# -- unusable databases --------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["add", "x"], ["search", "x"], ["export"]])
def test_not_a_database_is_one_line_naming_the_file(runner: CliRunner, command: list[str]) -> None:
    db = paths.db_path()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"not sqlite at all" * 200)
    before = db.read_bytes()
    line = one_line_error(run(runner, *command))
    assert str(db) in line
    assert db.read_bytes() == before


def test_newer_database_is_refused(runner: CliRunner) -> None:
    import sqlite3

    conn = sqlite3.connect(paths.db_path())
    conn.execute("INSERT INTO _migrations (name) VALUES ('9999_future')")
    conn.commit()
    conn.close()
    line = one_line_error(run(runner, "add", "x"))
    assert "newer version" in line
    assert str(paths.db_path()) in line


def test_read_only_database_is_refused(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    line = one_line_error(run(runner, "add", "x"))
    assert "read-only" in line
    assert str(paths.db_path()) in line


# -- help ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", ["add", "list", "show", "edit", "delete", "star", "search", "export", "import"]
)
def test_every_command_has_help_with_examples(runner: CliRunner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout


def test_journal_help(runner: CliRunner) -> None:
    out = run(runner, "--help").stdout
    assert "Examples:" in out
    for command in ("add", "list", "search", "export", "import"):
        assert command in out


def test_dates_used_are_real_dates() -> None:
    assert NOW.date() == date(2026, 11, 25)


def test_search_says_when_it_ranked_only_the_newest(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare import journal
    from partnercare.store import entries as store_module

    for n in range(4):
        add(runner, f"an evening walk, number {n}")
    monkeypatch.setattr(store_module, "RANK_WINDOW", 2)
    monkeypatch.setattr(journal, "RANK_WINDOW", 2)
    result = run(runner, "search", "walk", "--limit", "2")
    assert result.exit_code == 0
    assert "More than 2 entries match; these are the best of the newest 2." in " ".join(
        result.stderr.split()
    )
    quiet = run(runner, "search", "walk", "--limit", "5")
    assert "entries match" not in quiet.stderr


# -- where an export may be written (issue 10, item 3) -------------------------------------


def _files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    "target",
    ["partnercare.db", "partnercare.db-wal", "partnercare.db-shm", "settings.json", "x/new.json"],
)
def test_export_never_writes_into_the_data_folder(runner: CliRunner, target: str) -> None:
    add(runner, "kept")
    home = paths.data_dir()
    before = _files_in(home)
    message = one_line_error(run(runner, "export", "-o", str(home / target), "--force"))
    assert "data folder" in message
    assert _files_in(home) == before
    assert run(runner, "list").exit_code == 0


def test_a_link_to_the_journal_is_refused_too(runner: CliRunner, tmp_path: Path) -> None:
    add(runner, "kept")
    link = tmp_path / "innocent.json"
    link.symlink_to(paths.db_path())
    before = paths.db_path().read_bytes()
    assert "data folder" in one_line_error(run(runner, "export", "-o", str(link), "--force"))
    assert paths.db_path().read_bytes() == before


@pytest.mark.parametrize("kind", ["directory", "fifo", "device", "dangling link"])
def test_export_refuses_what_is_not_a_regular_file(
    runner: CliRunner, tmp_path: Path, kind: str
) -> None:
    add(runner, "kept")
    target = tmp_path / "target"
    if kind == "directory":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/null")
    else:
        target.symlink_to(tmp_path / "nowhere")
    mode = target.lstat().st_mode
    one_line_error(run(runner, "export", "-o", str(target), "--force"))
    assert target.lstat().st_mode == mode  # still what it was, not a regular file


def test_replacing_a_file_needs_force_without_a_terminal(runner: CliRunner, tmp_path: Path) -> None:
    add(runner, "kept")
    target = tmp_path / "backup.json"
    target.write_text("my old backup")
    assert "--force" in one_line_error(run(runner, "export", "-o", str(target)))
    assert target.read_text() == "my old backup"
    assert run(runner, "export", "-o", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text())["entries"][0]["text"] == "kept"


@pytest.mark.parametrize("answer", [True, False])
def test_in_a_terminal_it_asks_before_replacing(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: bool
) -> None:
    from partnercare import prompts

    add(runner, "kept")
    target = tmp_path / "backup.json"
    target.write_text("my old backup")
    asked: list[str] = []
    monkeypatch.setattr(cli_common, "interactive", lambda: True)

    def confirm(question: str, *, default: bool) -> bool:
        asked.append(question)
        return answer

    monkeypatch.setattr(prompts, "confirm", confirm)
    result = run(runner, "export", "-o", str(target))
    assert asked == [f"{target} exists. Replace it?"]
    if answer:
        assert result.exit_code == 0
        assert "kept" in target.read_text()
    else:
        assert "nothing was written" in one_line_error(result)
        assert target.read_text() == "my old backup"


# -- imported check-ins are validated (issue 10, item 6) --------------------------------------

FULL_CHECKIN = {
    "partner_mood": 2,
    "communication": 3,
    "mood": 2,
    "stress": 4,
    "sleep": 2,
    "safety": "no",
    "who5": [3, 3, 2, 3, 2],
    "who5_score": 52,
}


def _export_with(data: object, *, version: object = 1, tags: list[str] | None = None) -> str:
    entry = {
        "id": 7,
        "uuid": "00000000-0000-4000-8000-000000000007",
        "kind": "checkin",
        "date": "2026-11-20",
        "created_at": "2026-11-20T21:00:00+00:00",
        "updated_at": "2026-11-20T21:00:00+00:00",
        "text": "",
        "tags": tags or [],
        "starred": False,
        "data": data,
    }
    return json.dumps({"format": "partnercare-journal", "version": version, "entries": [entry]})


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({**FULL_CHECKIN, "who5_score": -4}, "'who5_score' must be 52"),
        ({**FULL_CHECKIN, "who5": None}, "no 'who5' answers"),
        ({**FULL_CHECKIN, "mood": 9}, "'mood'"),
        ({**FULL_CHECKIN, "safety": "maybe"}, "'safety'"),
        (None, "must be a JSON object"),
    ],
)
def test_an_impossible_imported_checkin_is_refused_and_nothing_imported(
    runner: CliRunner, data: object, says: str
) -> None:
    before = dump()
    message = one_line_error(run(runner, "import", "-", input=_export_with(data)))
    assert "entry 1 in stdin" in message and says in message and "nothing was imported" in message
    assert dump() == before


def test_checkins_older_versions_saved_import_as_they_are(runner: CliRunner) -> None:
    early = {"partner_mood": 1, "mood": 2, "stress": 5, "sleep": 1, "safety": "unsure"}
    assert run(runner, "import", "-", input=_export_with(early)).exit_code == 0
    later = {**FULL_CHECKIN, "energy": 4}  # a key a later version added, kept as given
    doc = _export_with(later, tags=["Sam's"]).replace("000000000007", "000000000008")
    doc = doc.replace("2026-11-20", "2026-11-21")
    assert run(runner, "import", "-", input=doc).exit_code == 0
    shown = {e["date"]: e for e in json.loads(run(runner, "list", "--json").stdout)}
    assert shown["2026-11-20"]["data"] == early
    assert shown["2026-11-21"]["data"]["energy"] == 4
    assert shown["2026-11-21"]["tags"] == ["sam-s"]


@pytest.mark.parametrize("version", [True, 0, -1, "1", 1.0, None])
def test_an_export_version_must_be_a_real_integer(runner: CliRunner, version: object) -> None:
    before = dump()
    doc = _export_with(FULL_CHECKIN, version=version)
    assert "nothing was imported" in one_line_error(run(runner, "import", "-", input=doc))
    assert dump() == before


# -- text typed in the editor is never lost (issue 10, item 1) --------------------------------


def _kept_files() -> list[Path]:
    return sorted(paths.data_dir().glob("partnercare-kept-*.md"))


def test_when_saving_fails_the_editors_text_is_kept_and_named(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare import journal
    from partnercare.errors import StoreError

    def full_disk(*args: object, **kwargs: object) -> None:
        raise StoreError("cannot use the journal: database or disk is full")

    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", editor(tmp_path, write="Three pages I cannot write again\n"))
    monkeypatch.setattr(journal, "add", full_disk)
    message = one_line_error(run(runner, "add"))
    [kept] = _kept_files()
    assert f"your text is kept in {kept}" in message and "disk is full" in message
    assert kept.read_text() == "Three pages I cannot write again\n"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert not list(paths.data_dir().glob("partnercare-note-*"))


def test_an_empty_note_that_fails_leaves_nothing_behind(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", editor(tmp_path, write="\n"))
    assert "empty" in one_line_error(run(runner, "add"))
    assert _kept_files() == []
    assert not list(paths.data_dir().glob("partnercare-note-*"))


def test_an_edit_over_a_change_made_meanwhile_is_refused_and_kept(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(runner, "the first version")
    script = tmp_path / "editor_and_a_second_window.py"
    script.write_text(
        "import sqlite3, sys\n"
        # while the editor is open, another command changes the same entry
        f"db = sqlite3.connect({str(paths.db_path())!r})\n"
        "db.execute(\"UPDATE entries SET text = 'changed in another window',"
        " updated_at = '2026-11-25T23:00:00+00:00' WHERE id = 1\")\n"
        "db.commit()\n"
        "open(sys.argv[1], 'w').write('my careful edit\\n')\n"
    )
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    message = one_line_error(run(runner, "edit", "1"))
    assert "changed by another command while you were editing" in message
    [kept] = _kept_files()
    assert kept.read_text() == "my careful edit\n"
    shown = json.loads(run(runner, "show", "1", "--json").stdout)
    assert shown["text"] == "changed in another window"  # not overwritten


def test_a_successful_edit_leaves_no_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(runner, "old")
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", editor(tmp_path, write="new\n"))
    assert run(runner, "edit", "1").exit_code == 0
    assert _kept_files() == []
    assert not list(paths.data_dir().glob("partnercare-note-*"))


def test_editing_a_checkin_changes_its_note_too(runner: CliRunner) -> None:
    answers = {
        **MIDDLE_ANSWERS,
        "note": "a quiet day",
    }
    saved = runner.invoke(app, ["checkin", "--answers", "-", "--json"], input=json.dumps(answers))
    entry_id = json.loads(saved.stdout)["entry"]["id"]
    assert (
        run(runner, "edit", str(entry_id), "--text", "a quiet day, then a long talk").exit_code == 0
    )
    shown = json.loads(run(runner, "show", str(entry_id), "--json").stdout)
    assert shown["text"] == shown["data"]["note"] == "a quiet day, then a long talk"
    assert shown["data"]["mood"] == 3  # the other answers are untouched


def test_show_gives_every_answer_of_a_checkin_in_words(runner: CliRunner) -> None:
    answers = {
        "partner_mood": 2,
        "communication": 4,
        "mood": 3,
        "stress": 4,
        "sleep": 2,
        "together": ["activity"],
        "self_care": ["friend"],
        "treatment": "infusion",
        "accompanied": True,
        "safety": "unsure",
        "note": "long talk",
        "tags": ["sleep"],
    }
    runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(answers))
    out = run(runner, "show", "1").stdout
    for words in (
        "Your partner: low (2/5) · communication: good (4/5)",
        "You: feeling okay (3/5) · stress: stressed (4/5) · sleep: badly (2/5)",
        "Together: walk",
        "For yourself: friend",
        "Treatment: an infusion, and you went along",
        "Tags: #sleep",
        "Worried about someone's safety: not sure",
        "long talk",
    ):
        assert words in out, words


# -- dates (issue 10) ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["01/02/2026", "-3", "noon", "10:30"])
def test_unclear_dates_are_refused_not_guessed(runner: CliRunner, typed: str) -> None:
    before = dump()
    assert repr(typed) in one_line_error(run(runner, "add", "x", "--date", typed))
    assert dump() == before


def test_a_note_dated_in_the_future_needs_yes_in_a_script(runner: CliRunner) -> None:
    before = dump()
    message = one_line_error(run(runner, "add", "x", "--date", "tomorrow"))
    assert "is in the future" in message and "--yes" in message
    assert dump() == before
    saved = json.loads(run(runner, "add", "x", "--date", "tomorrow", "--yes", "--json").stdout)
    assert saved["date"] == "2026-11-26"


@pytest.mark.parametrize("answer", [True, False])
def test_in_a_terminal_a_future_date_is_asked_about(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, answer: bool
) -> None:
    from partnercare import prompts

    asked: list[str] = []

    def confirm(question: str, *, default: bool = False) -> bool:
        asked.append(question)
        return answer

    monkeypatch.setattr(cli_common, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", confirm)
    result = run(runner, "add", "x", "--date", "1 dec")
    assert asked == ["Tue 1 Dec 2026 is in the future. Save the note on that day?"]
    assert (result.exit_code == 0) is answer
    assert len(dump()) == (1 if answer else 0)


# -- search: -word and #tag (issue 10) --------------------------------------------------------


def _texts(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return sorted(hit["text"] for hit in json.loads(result.stdout))


def test_search_minus_leaves_out_and_hash_means_the_tag(runner: CliRunner) -> None:
    add(runner, "sam and I walked", "-t", "infusion")
    add(runner, "sam at work all day")
    add(runner, "walked alone", "-t", "infusion")
    assert _texts(run(runner, "search", "sam", "-work", "--json")) == ["sam and I walked"]
    assert _texts(run(runner, "search", "#infusion", "--json")) == [
        "sam and I walked",
        "walked alone",
    ]
    assert _texts(run(runner, "search", "walked", "#Infusion", "-sam", "--json")) == [
        "walked alone"
    ]
    # a plain word finds the tag too, not only the text
    assert _texts(run(runner, "search", "infusion", "--json")) == [
        "sam and I walked",
        "walked alone",
    ]
    assert "walked alone" in run(runner, "search", "infusions").stdout


def test_search_of_only_left_out_words_asks_for_a_word(runner: CliRunner) -> None:
    add(runner, "x")
    assert "give a word or two" in one_line_error(run(runner, "search", "-sam"))


def test_a_mistyped_option_is_still_a_usage_error(runner: CliRunner) -> None:
    add(runner, "x")
    result = run(runner, "search", "x", "--limt", "3")
    assert result.exit_code == 2
    assert "no such option: --limt" in result.stderr


def test_search_help_says_what_works_in_plain_words(runner: CliRunner) -> None:
    text = " ".join(run(runner, "search", "--help").stdout.split())
    assert "-word leaves out entries with that word" in text
    assert "#tag keeps only entries with that tag" in text
    assert "FTS5" not in text


def test_an_import_keeps_a_checkins_text_and_note_one_and_refuses_dates_before_1900(
    runner: CliRunner,
) -> None:
    doc = json.loads(_export_with({**FULL_CHECKIN, "note": "different from the text"}))
    doc["entries"][0]["text"] = "what the entry says"
    assert run(runner, "import", "-", input=json.dumps(doc)).exit_code == 0
    [shown] = json.loads(run(runner, "list", "--json").stdout)
    assert shown["text"] == shown["data"]["note"] == "what the entry says"
    before = dump()
    old = _export_with(FULL_CHECKIN).replace("2026-11-20", "0001-01-01")
    assert "before 1900" in one_line_error(run(runner, "import", "-", input=old))
    assert dump() == before


def test_an_imported_checkin_is_saved_as_the_checkin_would_save_it(runner: CliRunner) -> None:
    """3.0 is kept as 3 and a WHO-5 without its score gets one, so the list, show and
    the next check-in's comparison read it like any other."""
    given = {**FULL_CHECKIN, "mood": 3.0, "partner_mood": 2.0, "who5_score": 52.0}
    del given["who5_score"]
    assert run(runner, "import", "-", input=_export_with(given)).exit_code == 0
    [entry] = json.loads(run(runner, "list", "--json").stdout)
    assert entry["data"]["mood"] == 3 and isinstance(entry["data"]["mood"], int)
    assert entry["data"]["partner_mood"] == 2 and isinstance(entry["data"]["partner_mood"], int)
    assert entry["data"]["who5_score"] == 52
    listed = run(runner, "list").stdout
    assert "?" not in listed.split("\n")[1], listed


def test_an_imported_checkin_for_a_day_that_has_one_is_counted_apart(runner: CliRunner) -> None:
    assert run(runner, "import", "-", input=_export_with(FULL_CHECKIN)).exit_code == 0
    other = _export_with({**FULL_CHECKIN, "mood": 4}).replace("000000000007", "000000000009")
    result = run(runner, "import", "-", input=other)
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines()[-1] == (
        "Imported 0 entries from the partnercare export stdin; skipped 0 already in the "
        "journal, and 1 check-in for a day that already has one; the check-in in your "
        "journal is kept."
    )
    [kept] = json.loads(run(runner, "list", "--json").stdout)
    assert kept["data"]["mood"] == FULL_CHECKIN["mood"]


def test_a_left_out_word_is_never_read_as_a_short_option(runner: CliRunner) -> None:
    """-tired is not -t ired, -night not -n ight, -hard not -h: a -word joined to its
    letters is a word to leave out; -t TAG and -n N apart are the options; -h is help."""
    add(runner, "hello tired day")
    add(runner, "hello good night", "-t", "calm")
    add(runner, "hello hard one")
    assert _texts(run(runner, "search", "hello", "-tired", "--json")) == [
        "hello good night",
        "hello hard one",
    ]
    assert _texts(run(runner, "search", "hello", "-night", "--json")) == [
        "hello hard one",
        "hello tired day",
    ]
    assert _texts(run(runner, "search", "hello", "-hard", "--json")) == [
        "hello good night",
        "hello tired day",
    ]
    assert _texts(run(runner, "search", "hello", "--tag", "calm", "--json")) == ["hello good night"]
    # -t TAG and -n N, each a word of its own, are still the options
    assert _texts(run(runner, "search", "hello", "-t", "calm", "--json")) == ["hello good night"]
    assert len(json.loads(run(runner, "search", "hello", "-n", "1", "--json").stdout)) == 1
    bad = run(runner, "search", "hello", "-n", "lots")
    assert bad.exit_code == 2 and "invalid value for '-n': give a whole number" in bad.stderr
    assert "requires an argument" in run(runner, "search", "hello", "-n").stderr
    assert "Usage: partnercare journal search" in run(runner, "search", "-h").stdout


def test_an_import_refusal_says_its_outcome_once(runner: CliRunner) -> None:
    doc = json.loads(_export_with(FULL_CHECKIN))
    doc["entries"][0]["kind"] = "note"
    doc["entries"][0]["data"] = None
    doc["entries"][0]["text"] = "x" * 1_000_001
    message = one_line_error(run(runner, "import", "-", input=json.dumps(doc)))
    assert message.endswith("split it into several entries; nothing was imported")
    assert "nothing was saved" not in message
