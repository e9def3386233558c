from django.core.files.base import ContentFile

from core.models import Job
from tests.matrix import Row, everyone, only

ROWS = [
    Row("core:home", everyone(200)),
    Row("core:healthz", everyone(200, anonymous=200)),
    Row("core:accessibility", everyone(200, anonymous=200)),
    Row("core:privacy", everyone(200, anonymous=200)),
    Row("core:cookies", everyone(200, anonymous=200)),
    # A job is visible only to the person who started it: others get 404, not 403.
    Row("core:job", only(200, ["officer"], others=404), kwargs=lambda w: {"pk": w.job.pk}),
    Row("core:job-status", only(200, ["officer"], others=404), kwargs=lambda w: {"pk": w.job.pk}),
    Row("core:job-download", only(200, ["officer"], others=404), kwargs=lambda w: {"pk": w.job.pk}),
]


def build_world(world):
    world.job = Job.objects.create(kind="test", title="A test job", requested_by=world.officer)
    world.job.result_file.save("result.txt", ContentFile(b"done"), save=True)
