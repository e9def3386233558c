"""How django-axes identifies the account being tried."""


def username_for_lockout(request, credentials) -> str | None:
    """The email address typed, lower-cased, so 'Olu@x' and 'olu@x' count against one account."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    return value.strip().lower() if value else None
