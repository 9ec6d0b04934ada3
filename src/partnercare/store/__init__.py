"""Storage: the only package that speaks SQL or imports the database driver.

- `connection`: `Store`, the handle (open, transaction, migrate) and the one
  place that maps the driver's errors to `StoreError`.
- `schema`: the schema's history, append-only steps.
- `entries`, `checkins`, `tip_reads`, `legacy`: query functions, one module per
  group of tables. Each takes the open `Store` as its first argument.
"""

from __future__ import annotations

from partnercare.errors import StoreError
from partnercare.store.connection import BUSY_TIMEOUT_S, FtsQueryError, Store

__all__ = ["BUSY_TIMEOUT_S", "FtsQueryError", "Store", "StoreError"]
