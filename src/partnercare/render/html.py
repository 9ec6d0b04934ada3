"""The report as one self-contained HTML file, built straight from the `Report` model
(never from the Markdown), with every string the user wrote escaped.

Self-contained and inert: inline CSS, inline SVG charts drawn here, no script, no
font, image or anything else from anywhere, and a Content-Security-Policy that
forbids loading any. Readable on screen and printed on A4 or Letter: charts keep
their meaning in black and white (a line with round markers, dashed treatment
days with their letter), and no chart or table is split across pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from partnercare.dates import describe
from partnercare.render import charts
from partnercare.text import neutralise
from partnercare.trends import TREATMENT_ORDER, days_words, treatment_marks

if TYPE_CHECKING:
    from partnercare.report import Report, Written

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
#: Past this many days, a chart's points are weekly averages.
DAILY_POINTS_UP_TO = 92
LEVEL_WORDS = {
    "partner_mood": ("very low", "low", "okay", "good", "very good"),
    "communication": ("very hard", "hard", "okay", "good", "very good"),
}

_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #111; background: #fff; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.45rem; margin: 0 0 .4rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #999;
  padding-bottom: .15rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; break-after: avoid; }
p, li { margin: .25rem 0; }
.lead { color: #333; }
figure { margin: .6rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.course td { white-space: nowrap; }
figcaption { font-size: .9rem; color: #333; }
svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; break-inside: avoid;
  page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: .2rem .55rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.written { white-space: pre-wrap; overflow-wrap: anywhere; }
.quiet { color: #444; font-size: .92rem; }
footer { margin-top: 1.8rem; border-top: 1px solid #999; padding-top: .5rem;
  font-size: .92rem; break-inside: avoid; }
@page { margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; }
}
"""


def report(found: Report) -> str:
    """The whole document."""
    from partnercare import report as words

    title = f"partnercare report: {describe(found.since)} to {describe(found.until)}"
    body: list[str] = [f"<h1>{_e(title)}</h1>"]
    body += [f'<p class="lead">{_e(line)}</p>' for line in words.header_lines(found)]
    body += ["<h2>Summary</h2>", _list(words.summary_lines(found))]
    body += ["<h2>What you observed in your partner</h2>"]
    body += [
        _chart(found, "partner_mood", "Partner mood"),
        _chart(found, "communication", "Communication"),
        _course(found),
        _weekly(found),
    ]
    body += ["<h2>Your own wellbeing</h2>", _own(found), _who5(found)]
    body += ["<h2>Routines and self-care</h2>", _shares(found)]
    body += [f"<p>{_e(line)}</p>" for line in words.insights_words(found)]
    body += ["<h2>Questions for the clinician</h2>"]
    if found.questions:
        body.append(_written(found.questions))
    else:
        body.append("<p>None: no entry in this period is tagged 'question'.</p>")
    body += ["<h2>Notes</h2>"]
    if found.notes is None:
        body.append(f"<p>{_e(words.NOTES_LEFT_OUT)}</p>")
    elif found.notes:
        body.append(_written(found.notes))
    else:
        body.append("<p>No notes in this period.</p>")
    body += ["<h2>Method and limits</h2>"]
    body += [f'<p class="quiet">{_e(text)}</p>' for text in words.METHOD]
    body.append(_footer(found))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _e(text: str) -> str:
    """Any text as HTML that shows exactly it: markup escaped, controls made visible,
    Windows line ends plain ones."""
    return escape(neutralise(text.replace("\r\n", "\n").replace("\r", "\n")), quote=True)


def _list(lines: Iterable[str]) -> str:
    return "<ul>\n" + "\n".join(f"<li>{_e(line)}</li>" for line in lines) + "\n</ul>"


# -- charts --------------------------------------------------------------------------------

_W, _H = 640, 180
_LEFT, _RIGHT, _TOP, _BOTTOM = 96, 12, 22, 34


def _chart(found: Report, name: str, label: str) -> str:
    """One measure as a line on a 1-5 scale: round markers on every answer, the line
    broken where a day (or week) has none, dashed lines with a letter on treatment days."""
    trends = found.trends
    cols = charts.columns(trends.days, 10_000, daily_up_to=DAILY_POINTS_UP_TO)
    series = dict(zip(trends.days, trends.measures[name].series, strict=True))
    values = charts.means(cols, series)
    count = max(1, len(values))
    inner_w, inner_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def x(place: float) -> float:
        return _LEFT + inner_w * ((place + 0.5) / count)

    def y(value: float) -> float:
        return _TOP + inner_h * (5 - value) / 4

    parts = [
        f'<svg viewBox="0 0 {_W} {_H}" role="img" aria-label="{_e(label)}, 1 to 5">',
        f"<title>{_e(label)}</title>",
    ]
    for level, word in enumerate(LEVEL_WORDS[name], 1):
        parts.append(
            f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
            'stroke="#ccc" stroke-width="1"/>'
            f'<text x="{_LEFT - 6}" y="{y(level) + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#333">{level} {_e(word)}</text>'
        )
    treated = treatment_marks(trends.treatments)
    for place, group in enumerate(cols.days):
        letters = sorted(
            {letter for day in group for letter in treated.get(day, ())}, key=TREATMENT_ORDER.index
        )
        if letters:
            parts.append(
                f'<line x1="{x(place):.1f}" x2="{x(place):.1f}" y1="{_TOP}" '
                f'y2="{_H - _BOTTOM}" stroke="#555" stroke-width="1" stroke-dasharray="3 3"/>'
                f'<text x="{x(place):.1f}" y="{_TOP - 7}" font-size="10" text-anchor="middle" '
                f'fill="#111">{"".join(letters)}</text>'
            )
    for segment in _segments(values):
        points = " ".join(f"{x(p):.1f},{y(v):.1f}" for p, v in segment)
        if len(segment) > 1:
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="#1f4e79" stroke-width="2"/>'
            )
    for place, value in enumerate(values):
        if value is not None:
            parts.append(
                f'<circle cx="{x(place):.1f}" cy="{y(value):.1f}" r="3" fill="#111" '
                'stroke="#fff" stroke-width="1"/>'
            )
    for place, text in charts.axis_marks(cols):
        parts.append(
            f'<text x="{x(place):.1f}" y="{_H - _BOTTOM + 16}" font-size="11" '
            f'text-anchor="middle" fill="#333">{_e(text)}</text>'
        )
    parts.append("</svg>")
    item = trends.measures[name]
    mean = (
        "no answers" if item.mean is None else f"average {item.mean:.1f} over {days_words(item.n)}"
    )
    unit = charts.unit_words(cols.unit, cols.span)
    caption = (
        f"{label}, 1 to 5 ({mean}); {unit}. A break in the line is a {cols.unit} without "
        "an answer. Dashed lines: treatment days (I infusion, T therapy, C couples therapy)."
    )
    return f"<figure>{''.join(parts)}<figcaption>{_e(caption)}</figcaption></figure>"


def _segments(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of columns with a value: the line is drawn within each, never across a gap."""
    runs: list[list[tuple[int, float]]] = [[]]
    for place, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((place, value))
    return [run for run in runs if run]


# -- tables ----------------------------------------------------------------------------------


def _weekly(found: Report) -> str:
    rows = [
        f'<tr><td>{_e(describe(monday))}</td><td class="n">{_number(mood)}</td>'
        f'<td class="n">{_number(talk)}</td></tr>'
        for (monday, mood), (_, talk) in zip(
            found.weekly["partner_mood"], found.weekly["communication"], strict=True
        )
    ]
    return (
        '<div class="keep"><h3>Weekly averages</h3><table><thead><tr><th>Week of</th>'
        "<th>Partner mood</th><th>Communication</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _course(found: Report) -> str:
    from partnercare import report as words

    rows = words.course_rows(found)
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{_e(day)}</td><td>{_e(what)}</td><td>{_e(went)}</td>"
        f'<td class="n">{_e(moods)}</td></tr>'
        for day, what, went, moods in rows
    )
    return (
        '<div class="keep"><h3>Treatment course</h3><table class="course"><thead><tr>'
        "<th>Day</th><th>Treatment</th><th>You</th><th>Partner mood (day, +1, +2)</th></tr>"
        f"</thead><tbody>{body}</tbody></table></div>"
    )


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _own(found: Report) -> str:
    from partnercare.trends import change_words

    lines = []
    for name, label in (
        ("mood", "Your mood"),
        ("stress", "Stress (5 very stressed)"),
        ("sleep", "Sleep"),
    ):
        item = found.trends.measures[name]
        if item.mean is None:
            lines.append(f"{label}: no day with an answer.")
        else:
            lines.append(
                f"{label}: {item.mean:.1f} over {days_words(item.n)}; {change_words(item)}."
            )
    return _list(lines)


def _who5(found: Report) -> str:
    from partnercare import report as words

    # A heading is kept on the page of what it heads (a div that is never split).
    head = (
        '<div class="keep"><h3>WHO-5 (0 to 100)</h3><p class="quiet">A change of 10 points '
        "or more against a score at least 14 days earlier is noted.</p>"
    )
    if not found.trends.who5:
        return head + "<p>None in this period.</p></div>"
    rows = "".join(
        f'<tr><td>{_e(describe(item.day))}</td><td class="n">{item.score}</td>'
        f"<td>{_e(words.who5_words(item))}</td></tr>"
        for item in found.trends.who5
    )
    return (
        head + "<table><thead><tr><th>Date</th><th>Score</th><th>In words</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _shares(found: Report) -> str:
    from partnercare import report as words

    done, never = words.shares(found)
    rows = "".join(
        f'<tr><td>{_e(label)}</td><td class="n">{days}</td><td class="n">{share}</td></tr>'
        for label, days, share in done
    )
    table = (
        "<table><thead><tr><th>Done</th><th>Days</th><th>Share of logged days</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
        if done
        else "<p>None logged in this period.</p>"
    )
    return table + (f'<p class="quiet">{_e(words.never_words(never))}</p>' if never else "")


def _written(items: Sequence[Written]) -> str:
    lines = []
    for item in items:
        kind = "check-in note" if item.kind == "checkin" else "note"
        lines.append(
            f"<li><strong>{_e(describe(item.day))}</strong> ({kind}): "
            f'<span class="written">{_e(item.text.strip())}</span></li>'
        )
    return "<ul>\n" + "\n".join(lines) + "\n</ul>"


def _footer(found: Report) -> str:
    from partnercare import report as words

    lines = [f"<p>{_e(line)}</p>" for line in words.footer_lines(found)]
    crisis = found.crisis
    if crisis.directory:
        href = "https://" + crisis.directory.removeprefix("https://").removeprefix("http://")
        lines.append(
            f"<p>Crisis lines in other countries: {_e(crisis.directory_name)}, "
            f'<a href="{_e(href)}">{_e(crisis.directory)}</a>.</p>'
        )
    return "<footer>" + "".join(lines) + "</footer>"
