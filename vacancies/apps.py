from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Vacancies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401, PLC0415  (registers the checks, once models load)
