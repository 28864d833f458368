from django.apps import AppConfig


class DatagenConfig(AppConfig):
    name = "devtools.datagen"
    label = "datagen"
    verbose_name = "Generated data for load tests"
