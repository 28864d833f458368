"""Fixtures shared by the whole suite."""

from io import StringIO

import pytest
from django.utils import timezone

from tests.clock import at


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches, the processes' own included: rolled-back tests
    reuse content versions."""
    from django.conf import settings

    if settings.configured:  # not when the importer's tests run without Django
        from django.core.cache import cache

        from vacancies.listing.cache import post_count_groups
        from vacancies.listing.cards import kept_cards

        cache.clear()
        post_count_groups.cache_clear()
        kept_cards.clear()


@pytest.fixture(scope="session", autouse=True)
def jinja2_templates_rendered():
    """``response.context`` for the public pages, as for Django's templates: the test client
    reads it from the template_rendered signal, which only Django's template language sends
    (setup_test_environment instruments it). Each Jinja2 page sends it too, with its
    context."""
    from django.template.backends.jinja2 import Template
    from django.test.signals import template_rendered

    render = Template.render

    def render_and_signal(self, context=None, request=None):
        context = {} if context is None else context
        html = render(self, context, request)  # adds the request and CSRF to the context
        template_rendered.send(sender=self, template=self.template, context=context)
        return html

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Template, "render", render_and_signal)
        yield


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The URL of a redis-server of this test run's own (tests/redis_server.py)."""
    from tests.redis_server import running_redis

    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def hr_editor(db):
    """A staff member in the HR editor group, as HR staff are set up."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("hr", "hr@example.org", "a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="HR editor"))
    return user


@pytest.fixture
def samples(db, settings, tmp_path):
    """The 31 posts of the three documents in samples/, loaded through the importer."""
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    call_command("load_samples", stdout=StringIO())


@pytest.fixture
def now():
    """Noon today in Brussels, held still: midnight is hours away, so only deadlines and
    the test's own steps move what a page shows."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with at(noon):
        yield noon


@pytest.fixture
def queue(settings, transactional_db):
    """Tasks wait in the database, as in production, until ``tests.worker.run_worker()``."""
    from tests.worker import DATABASE_BACKEND

    settings.TASKS = DATABASE_BACKEND
