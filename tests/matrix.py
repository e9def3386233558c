"""The permission matrix: every named URL, requested as every persona, with the expected status.

Each app lists its rows in ``tests/<app>/matrix.py`` as ``ROWS``; ``tests/test_permission_matrix.py``
runs them all and fails if any named URL of the project has no row.

A row's ``kwargs`` is a function of the ``world`` fixture (objects the URL needs), and
``expected`` gives the status for each persona. Conventions:
    302  anonymous people are sent to sign in
    403  signed in, but the role may not do this ("read-only" or "not for you")
    404  the object is outside what this person may see
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.conftest import PERSONAS


@dataclass(frozen=True)
class Row:
    url_name: str
    expected: dict[str, int]
    kwargs: Callable[[Any], dict] | None = None
    method: str = "get"
    data: Callable[[Any], dict] | None = None
    query: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expected)
        if missing:
            raise ValueError(f"{self.url_name}: no expected status for {sorted(missing)}")


def everyone(status: int, *, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    """The same status for every signed-in persona, with overrides by persona name."""
    table = dict.fromkeys(PERSONAS, status)
    table["anonymous"] = anonymous
    table.update(overrides)
    return table


def only(
    allowed: int, personas: list[str], *, others: int = 403, anonymous: int = 302
) -> dict[str, int]:
    """``allowed`` for the named personas, ``others`` for the rest."""
    table = {name: (allowed if name in personas else others) for name in PERSONAS}
    table["anonymous"] = anonymous
    return table
