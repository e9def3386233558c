from tests.matrix import Row, everyone, only

ROWS = [
    Row("accounts:sign-in", everyone(302, anonymous=200), note="signed-in people are sent home"),
    Row("accounts:sign-out", everyone(302, anonymous=302), method="post"),
    Row("accounts:signed-out", everyone(200, anonymous=200)),
    # Two-factor pages are reachable when signed in; with two-factor off they still work.
    Row("accounts:two-factor-setup", everyone(200)),
    Row("accounts:two-factor-verify", everyone(302), note="no device yet: sent to set-up"),
    Row("accounts:account", everyone(200)),
    Row(
        "accounts:audit-trail",
        only(200, ["admin"]),
        kwargs=lambda world: {"app_label": "accounts", "model": "user", "pk": world.officer.pk},
    ),
]
