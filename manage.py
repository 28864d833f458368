#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionjobs.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from missionjobs.embedded_postgres import use_embedded_if_unset

    use_embedded_if_unset()  # before the settings, which read DATABASE_URL
    try:
        settings.INSTALLED_APPS  # noqa: B018 -- load the settings: a missing one is one line
    except ImproperlyConfigured as error:
        sys.exit(f"manage.py: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
