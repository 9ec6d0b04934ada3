"""The daily check-in: its questions as data, validation, the WHO-5, summaries, nudges,
and the service that saves a check-in and works out today's status.

- `questions`: the questions, loaded from `content/checkin.toml`; that one definition
  drives the prompts, the `--answers` validation, the JSON schema and the summaries.
- `answers`: strict validation of input, and the `Checkin` it makes.
- `who5`: the WHO-5 Well-Being Index: scoring and plain words.
- `summary`: a check-in in one line, and in a few lines after saving.
- `nudges`: the nudge rules, and the streak.
- `service`: saving a day's check-in, the history it needs, today's status
  (the only module here that touches the store).

All but `service` are pure: nothing prints, prompts or touches the database.

Answers that an answers file may leave out take these values:

- `partner_mood`, `communication`: null ("couldn't tell");
- `together`, `self_care`, `tags`: empty; `note`: "";
- `invitation`: "none"; `treatment`: "none"; `accompanied`: false; `who5`: absent.

`mood`, `stress`, `sleep` and `safety` are required: every check-in answers the
safety question.

Two answers depend on others, and the rule is the most forgiving one that keeps the
saved data consistent: an `invitation` of "accepted" or "declined" implies that
`together` includes "invitation" (added if missing), but `together` including
"invitation" with no outcome is an error, because the outcome cannot be guessed.
Likewise `accompanied` can only be true when there was a treatment.
"""

from partnercare.checkin.answers import (
    Checkin,
    json_schema,
    validate,
    validate_saved,
    who5_score,
)
from partnercare.checkin.nudges import (
    NUDGE_RULES,
    Days,
    Nudge,
    NudgeRule,
    missed_infusion_nudge,
    nudges,
    streak,
    upcoming_infusion_nudge,
)
from partnercare.checkin.questions import (
    Answer,
    Condition,
    Kind,
    Question,
    question,
    questions,
    who5_about,
    who5_items,
    who5_lead,
    who5_name,
    who5_options,
    who5_preamble,
)
from partnercare.checkin.summary import day_summary, summary_line
from partnercare.checkin.who5 import WHO5_INTERVAL_DAYS, describe_who5, needs_who5

__all__ = [
    "NUDGE_RULES",
    "WHO5_INTERVAL_DAYS",
    "Answer",
    "Checkin",
    "Condition",
    "Days",
    "Kind",
    "Nudge",
    "NudgeRule",
    "Question",
    "day_summary",
    "describe_who5",
    "json_schema",
    "missed_infusion_nudge",
    "needs_who5",
    "nudges",
    "question",
    "questions",
    "streak",
    "summary_line",
    "upcoming_infusion_nudge",
    "validate",
    "validate_saved",
    "who5_about",
    "who5_items",
    "who5_lead",
    "who5_name",
    "who5_options",
    "who5_preamble",
    "who5_score",
]
