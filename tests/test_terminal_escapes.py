"""Nothing printed on a terminal can reorder, hide or control it; pipes get the exact text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnercare.cli import app
from partnercare.cli.output import print_json
from partnercare.store import Store
from partnercare.text import neutralise

RLO = "\u202e"  # right-to-left override: "txt.exe" shows as "exe.txt"
ZWSP = "\u200b"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("c1\x9b31m", "c1\\x9b31m"),
        ("del\x7f", "del\\x7f"),
        (f"report{RLO}fdp.exe", "report\\u202efdp.exe"),
        ("\u2066isolate\u2069 \u200fmark", "\\u2066isolate\\u2069 \\u200fmark"),
        (f"hid{ZWSP}den\u2060\ufeff", "hid\\u200bden\\u2060\\ufeff"),
        ("\u200dlone joiner\u200c", "\\u200dlone joiner\\u200c"),
        # a byte that was not UTF-8 (as Python holds it from argv), and a lone surrogate
        ("bad\udcffbyte", "bad\\xffbyte"),
        ("lone\ud800", "lone\\ud800"),
    ],
)
def test_controls_bidi_and_invisible_characters_are_shown_as_escapes(raw: str, shown: str) -> None:
    assert neutralise(raw) == shown


@pytest.mark.parametrize(
    "kept", ["👨\u200d👩\u200d👧", "می\u200cخواهم", "tab\tand\nnewline", "café"]
)
def test_joiners_inside_words_and_ordinary_text_are_kept(kept: str) -> None:
    assert neutralise(kept) == kept


class _Screen(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_json_on_a_terminal_escapes_them_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"text": f"c1\x9b del\x7f {RLO}bidi {ZWSP}zw é"}
    screen = _Screen()
    monkeypatch.setattr("sys.stdout", screen)
    print_json(data)
    shown = screen.getvalue()
    assert all(c not in shown for c in "\x9b\x7f" + RLO + ZWSP)
    assert "\\u009b" in shown and "\\u202e" in shown and "é" in shown
    assert json.loads(shown) == data  # the same data


def test_json_to_a_pipe_keeps_the_exact_text(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"text": f"c1\x9b del\x7f {RLO}bidi {ZWSP}zw"}
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stdout", pipe)
    print_json(data)
    assert data["text"] in pipe.getvalue()


def test_the_import_file_name_is_not_echoed_raw(runner: CliRunner, tmp_path: Path) -> None:
    Store.open().close()
    assert runner.invoke(app, ["journal", "add", "x"]).exit_code == 0
    source = tmp_path / f"backup{RLO}nosj.json"
    source.write_text(runner.invoke(app, ["journal", "export"]).stdout)
    result = runner.invoke(app, ["journal", "import", str(source)])
    assert result.exit_code == 0, result.stderr
    assert RLO not in result.stderr and "backup\\u202enosj.json" in result.stderr
    missing = runner.invoke(app, ["journal", "import", str(tmp_path / f"gone{RLO}.json")])
    assert missing.exit_code == 1 and RLO not in missing.stderr


def test_a_byte_that_is_not_utf8_is_named_as_that_byte_and_search_saves_nothing_anyway(
    runner: CliRunner,
) -> None:
    runner.invoke(app, ["tips"])
    for args, says in (
        (["journal", "search", "\udcff"], "the search contains characters that are not valid"),
        (["journal", "add", "\udcff"], "not valid UTF-8; nothing was saved"),
        (["journal", "show", "\udcff"], "an entry id is a number like 12, not '\\xff'"),
        (["journal", "list", "--tag", "\udcff"], "not '\\xff'"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert says in line, line
        assert "udcff" not in line
    search = runner.invoke(app, ["journal", "search", "\udcff"]).stderr
    assert "saved" not in search
