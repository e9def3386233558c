"""Paging through a long list the GOV.UK way (templates/core/includes/pagination.html)."""

from __future__ import annotations

from django.core.paginator import Page


def page_url(query: str, number: int) -> str:
    """The link to page ``number``, keeping the rest of the list's query string (its filters
    and sort) as it is."""
    return f"?{query}&page={number}" if query else f"?page={number}"


def pagination(page: Page, query: str = "") -> dict:
    """Items for the GOV.UK pagination component: first, last, current and its neighbours,
    with ellipses between. ``query`` is the list's query string without ``page``."""
    total = page.paginator.num_pages
    current = page.number
    wanted = sorted({1, total, current - 1, current, current + 1} & set(range(1, total + 1)))
    items: list[dict[str, object]] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "url": page_url(query, number), "current": number == current}
        )
        previous = number
    return {
        "items": items,
        "previous": page_url(query, current - 1) if page.has_previous() else None,
        "next": page_url(query, current + 1) if page.has_next() else None,
        "show": total > 1,
    }
