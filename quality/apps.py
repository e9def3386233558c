from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = "Quality assurance"

    def ready(self):
        from quality.timeline import register_quality_sources

        register_quality_sources()
