from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Vacancies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the checks, once models load: the app's, and those of the project's settings.
        from missionjobs import checks as project_checks  # noqa: F401, PLC0415
        from missionjobs import plans  # noqa: F401, PLC0415 - its cursor, on every connection

        from . import checks  # noqa: F401, PLC0415
