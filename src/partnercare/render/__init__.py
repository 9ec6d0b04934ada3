"""Turning finished data into output, one module per format; never queries, never asks.

`screen` (rich screens), `tip_plain` (the one-tip view without rich), `json`
(every --json shape), `markdown` and `csv` (exports). Nothing is imported
here: `partnercare tips 3` and `journal export` must not load rich.
"""
