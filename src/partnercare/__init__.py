"""partnercare: a private terminal companion for someone supporting a partner."""

__version__ = "0.1.0"
