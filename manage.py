#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionjobs.settings")
    from django.core.management import execute_from_command_line

    from missionjobs.embedded_postgres import use_embedded_if_unset

    use_embedded_if_unset()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
