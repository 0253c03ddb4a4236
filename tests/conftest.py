"""Shared test configuration: hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (the default) keeps the suite fast; ``deep`` runs
many more examples per property (``HYPOTHESIS_PROFILE=deep python -m pytest``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=False,
    print_blob=True,
)
settings.register_profile(
    "deep",
    max_examples=100_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
