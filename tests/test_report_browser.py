"""The HTML report in a real browser: headless Chromium prints it to PDF and takes a
screenshot, for 28 and for 180 days; neither is blank, and the page count is sensible.

Skipped where no Chromium is installed (.ci/run installs Debian's
chromium-headless-shell and poppler-utils)."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnercare.cli import app

BROWSER = next(
    (found for name in ("chromium-headless-shell", "chromium", "chromium-browser")
     if (found := shutil.which(name))),
    None,
)  # fmt: skip
# .ci/run sets this, so that a failed install fails CI instead of skipping the test.
REQUIRED = os.environ.get("PARTNERCARE_REQUIRE_BROWSER") == "1"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(180),
    pytest.mark.skipif(BROWSER is None and not REQUIRED, reason="no headless Chromium installed"),
]


def _fill(days: int) -> None:
    """A check-in a day for `days` days (one in nine missed), infusions twice a week,
    a WHO-5 every 14 days: written straight through the store."""
    from partnercare.checkin import validate
    from partnercare.models import new_entry
    from partnercare.store import Store
    from partnercare.store import entries as entry_table

    today = date.today()
    news = []
    for back in range(days):
        if back % 9 == 4:
            continue
        day = today - timedelta(days=back)
        answers: dict[str, object] = {
            "partner_mood": 1 + (back * 7) % 5,
            "communication": 1 + (back * 3) % 5,
            "mood": 3,
            "stress": 2 + back % 3,
            "sleep": 3,
            "safety": "no",
            "together": ["activity"] if back % 2 else [],
        }
        if day.weekday() in (0, 3):
            answers |= {"treatment": "infusion", "accompanied": back % 3 == 0}
        if back % 14 == 0:
            answers["who5"] = [3, 3, 2, 3, 3]
        news.append(new_entry("checkin", day, "", data=validate(answers).to_data()))
    with Store.open() as store:
        entry_table.import_new(store, news)


def _print(page: Path, out: Path) -> tuple[bytes, bytes]:
    assert BROWSER is not None, "PARTNERCARE_REQUIRE_BROWSER is set, and no Chromium was found"
    common = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    url = page.resolve().as_uri()
    pdf, png = out / "report.pdf", out / "report.png"
    for extra in (
        ["--no-pdf-header-footer", f"--print-to-pdf={pdf}"],
        [f"--screenshot={png}", "--window-size=900,1400"],
    ):
        subprocess.run(
            [*common, *extra, url],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": str(out)},
        )
    return pdf.read_bytes(), png.read_bytes()


def _pages(pdf: Path, data: bytes) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])  # type: ignore[index]
    return len(re.findall(rb"/Type\s*/Page\b", data))


def _colours(png: bytes) -> int:
    """How many different byte values the decoded image rows hold (a blank page: 1-2)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat = 8, b""
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        if kind == b"IDAT":
            idat += png[at + 8 : at + 8 + length]
        at += 12 + length
    return len(set(zlib.decompress(idat)))


@pytest.mark.parametrize(("days", "most_pages"), [(28, 5), (180, 7)])
def test_the_report_prints_and_shows(
    runner: CliRunner, tmp_path: Path, days: int, most_pages: int
) -> None:
    _fill(days)
    page = tmp_path / "report.html"
    result = runner.invoke(
        app, ["report", "--format", "html", "--since", f"{days - 1} days ago", "-o", str(page)]
    )
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "browser"
    out.mkdir()
    pdf, png = _print(page, out)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    pages = _pages(out / "report.pdf", pdf)
    assert 2 <= pages <= most_pages, pages
    assert _colours(png) > 20  # text, lines and markers: far from a blank page
