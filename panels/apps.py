from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Panels (PEP and QPSG)"

    def ready(self):
        from panels.timeline import register_panel_sources

        register_panel_sources()
