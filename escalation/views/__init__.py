"""Pages of the escalation app, one module per page area: ``risk`` (a service's risk page),
``levels`` (levels, decisions, placement ratings, briefing tasks), ``sanctions``, ``letters``
(letters to providers) and ``register`` (the risk register). ``escalation/urls.py`` imports
each module."""
