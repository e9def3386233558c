"""Permission matrix rows of the CQC import: administrators only."""

from tests.matrix import Row, only

ROWS = [
    Row("providers:cqc-sync", only(200, ["admin"])),
    # An empty form: the administrator sees the errors (200) and nothing reaches CQC.
    Row(
        "providers:cqc-sync",
        only(200, ["admin"]),
        method="post",
        data=lambda world: {"local_authority": "", "mode": "full"},
    ),
]
