from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = "Vacancies"
    default_auto_field = "django.db.models.BigAutoField"
