"""The data of missionjobs, by who writes it.

- ``choices``: the fixed vocabularies (regime, clearance, statuses, section kinds).
- ``conditions``: what "open", "closed", "eligible" mean, as Q objects: the one query
  vocabulary of the querysets, the facet counts, feeds and alerts.
- ``querysets``: the questions asked of calls, posts and alerts (``Post.objects.open()``).
- ``calls``, ``posts``: what HR writes (organisations, missions, calls and their parts;
  posts, vacancies, sections), in the admin or by importing a document.
- ``derived``: what Postgres writes (PostCount, ContentVersion), by triggers.
- ``alerts``: what applicants subscribe to.
- ``imports``: a document uploaded for import, between its upload and its save.
- ``prepared``: queries of a fixed shape (the post page's), their SQL written once.

Full-text search lives in ``vacancies.search``. Everything is importable from here.
"""

from ..search import MATCH_START, MATCH_STOP, SEARCH_CONFIG, search_query
from .alerts import Alert
from .calls import Call, CallPart, CleanText, Mission, Organisation, unique_slug
from .choices import (
    CallKind,
    CallStatus,
    Clearance,
    Eligibility,
    Regime,
    SectionKind,
    VacancyStatus,
)
from .conditions import (
    EARLIEST,
    LATEST,
    has_passed,
    q_closed,
    q_closing_within,
    q_eligible_for,
    q_for_third_states,
    q_not_for_third_states,
    q_open,
    q_open_to_nationality,
    q_open_to_states,
    q_osce,
    q_published,
    q_taking_contracted,
    q_taking_secondees,
    q_within_clearance,
    start_of_day,
    states_lists,
)
from .derived import CURRENT_VERSION_SQL, ContentVersion, PostCount
from .imports import StagedImport
from .posts import Post, Section, Vacancy, vacancy_summary
from .querysets import AlertQuerySet, CallQuerySet, PostQuerySet

__all__ = [
    "CURRENT_VERSION_SQL",
    "EARLIEST",
    "LATEST",
    "MATCH_START",
    "MATCH_STOP",
    "SEARCH_CONFIG",
    "Alert",
    "AlertQuerySet",
    "Call",
    "CallKind",
    "CallPart",
    "CallQuerySet",
    "CallStatus",
    "CleanText",
    "Clearance",
    "ContentVersion",
    "Eligibility",
    "Mission",
    "Organisation",
    "Post",
    "PostCount",
    "PostQuerySet",
    "Regime",
    "Section",
    "SectionKind",
    "StagedImport",
    "Vacancy",
    "VacancyStatus",
    "has_passed",
    "q_closed",
    "q_closing_within",
    "q_eligible_for",
    "q_for_third_states",
    "q_not_for_third_states",
    "q_open",
    "q_open_to_nationality",
    "q_open_to_states",
    "q_osce",
    "q_published",
    "q_taking_contracted",
    "q_taking_secondees",
    "q_within_clearance",
    "search_query",
    "start_of_day",
    "states_lists",
    "unique_slug",
    "vacancy_summary",
]
