"""Reads for the core app."""

from django.shortcuts import get_object_or_404

from core.models import Job


def job_for_user(*, user, job_id) -> Job:
    """The job if ``user`` started it (administrators may see any); otherwise 404."""
    jobs = Job.objects.all()
    if not user.has_perm("core.view_job"):
        jobs = jobs.filter(requested_by=user)
    return get_object_or_404(jobs, pk=job_id)
