"""Forms of the escalation app, one module per page area: ``levels`` (proposing and deciding
levels, placement ratings, sanctions, briefing tasks), ``letters`` and ``register`` (the
register's filters)."""
