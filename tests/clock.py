"""Stopping the clock: ``with at(moment):`` makes ``timezone.now()`` answer ``moment``."""

from unittest import mock


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)
