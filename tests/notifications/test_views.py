"""The notifications page and the unread count in the header."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Notification, Reason
from notifications.services import notify

pytestmark = pytest.mark.django_db


def _notify(user, subject="Willow Court: now level 2", url="/services/"):
    return notify(
        recipients=[user], subject=subject, body="Moved.", url=url, reason=Reason.LEVEL_CHANGE
    )[0]


def test_the_header_shows_the_unread_count_and_the_page_lists_only_mine(client, officer, chair):
    _notify(officer)
    _notify(officer, subject="Ashgrove: placement stop recorded")
    _notify(chair, subject="For the chair only")
    client.force_login(officer)
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="unread-count">2<span class="govuk-visually-hidden"> unread</span>' in page
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Ashgrove: placement stop recorded" in listing and "Willow Court: now level 2" in listing
    assert "For the chair only" not in listing
    assert "You have 2 unread notifications." in listing


def test_opening_a_notification_marks_it_read_and_goes_to_the_page(client, officer):
    notification = _notify(officer, url="/services/")
    client.force_login(officer)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response.url == "/services/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    page = client.get(reverse("core:home")).content.decode()
    assert "unread-count" not in page


def test_a_link_to_another_site_is_never_followed(client, officer):
    notification = _notify(officer, url="https://evil.example/phish")
    client.force_login(officer)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == reverse("notifications:list")


def test_mark_all_as_read(client, officer):
    for n in range(3):
        _notify(officer, subject=f"Item {n}")
    client.force_login(officer)
    response = client.post(reverse("notifications:mark-read"), follow=True)
    assert "3 notifications marked as read" in response.content.decode()
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()


def test_the_page_runs_the_same_queries_for_3_or_40_notifications(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    url = reverse("notifications:list")
    counts = []
    for total in (3, 40):
        Notification.objects.all().delete()
        for n in range(total):
            _notify(officer, subject=f"Item {n}")
        client.get(url)
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_header_count_costs_no_query(client, officer):
    client.force_login(officer)
    url = reverse("core:home")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        client.get(url)
    for n in range(5):
        _notify(officer, subject=f"Item {n}")
    with CaptureQueriesContext(connection) as with_unread:
        client.get(url)
    assert len(with_unread) == len(without)
    assert not any("notifications_notification" in q["sql"] for q in with_unread.captured_queries)
