"""The fixed vocabularies of calls, posts, vacancies and sections.

Each is stored as its value, and a check constraint keeps the database to the values
listed here (see the models' Meta).
"""

from django.db import models


class CallKind(models.TextChoices):
    CALL_FOR_CONTRIBUTIONS = "call_for_contributions", "Call for contributions"
    VACANCY_NOTICE = "vacancy_notice", "Single vacancy notice"


class CallStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Regime(models.TextChoices):
    SECONDED = "seconded", "Seconded"
    CONTRACTED = "contracted", "Contracted"
    SECONDED_CONTRACTED = "seconded_contracted", "Seconded/Contracted"


class Clearance(models.IntegerChoices):
    """Ordered, so that "what may a holder of level X apply for" is ``clearance__lte``."""

    NOT_REQUIRED = 0, "Not required"
    EU_RESTRICTED = 1, "EU RESTRICTED"
    EU_CONFIDENTIAL = 2, "EU CONFIDENTIAL"
    EU_SECRET = 3, "EU SECRET"
    EU_TOP_SECRET = 4, "EU TOP SECRET"

    # The one vocabulary of clearance: the enum's name is the key in a URL, the API and an
    # alert ("?clearance=top_secret"); the label is what the documents and pages say.
    @property
    def slug(self) -> str:
        return "none" if self is Clearance.NOT_REQUIRED else self.name.removeprefix("EU_").lower()

    @classmethod
    def from_slug(cls, slug: str) -> "Clearance":
        return next(level for level in cls if level.slug == slug)

    @classmethod
    def slug_choices(cls) -> list[tuple[str, str]]:
        return [(level.slug, "None" if level is cls.NOT_REQUIRED else level.label) for level in cls]

    @classmethod
    def from_document(cls, text: str | None) -> "Clearance | None":
        """The level a document states: "EU SECRET" -> EU_SECRET; "NOT REQUIRED",
        "NOT APPLICABLE" -> NOT_REQUIRED; None when it states none."""
        if not text:
            return None
        words = text.upper()
        # Highest first: "TOP SECRET" also contains "SECRET".
        for level in sorted(cls, reverse=True):
            if level and level.label.removeprefix("EU ") in words:
                return level
        return cls.NOT_REQUIRED


class Eligibility(models.TextChoices):
    """Who may put a candidate forward for a post: what a seconding authority asks first."""

    MEMBER_STATE = "member_state", "EU Member States (secondment)"
    THIRD_STATE = "third_state", "Contributing Third States (secondment)"
    CONTRACTED = "contracted", "Personal applications (contracted)"


class VacancyStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    PENDING = "pending", "Pending"


class SectionKind(models.TextChoices):
    REPORTING_LINE = "reporting_line", "Reporting line"
    MAIN_TASKS = "main_tasks", "Main tasks and responsibilities"
    GENERAL_TASKS = "general_tasks", "General tasks and responsibilities"
    ESSENTIAL_QUALIFICATIONS = "essential_qualifications", "Essential qualifications and experience"
    ESSENTIAL_SKILLS = "essential_skills", "Essential knowledge, skills and abilities"
    DESIRABLE_QUALIFICATIONS = "desirable_qualifications", "Desirable qualifications and experience"
    DESIRABLE_SKILLS = "desirable_skills", "Desirable knowledge, skills and abilities"
    GENERAL_MINIMUM_REQUIREMENTS = "general_minimum_requirements", "General minimum requirements"
    FIELD_OF_EXPERTISE = "field_of_expertise_requirements", "Field of expertise requirements"
    PROFESSIONAL_COMPETENCE = (
        "professional_competence_requirements",
        "Professional competence requirements",
    )
    MISSION_SPECIFIC_MANDATORY = (
        "mission_specific_mandatory",
        "Mission-specific requirements: mandatory",
    )
    MISSION_SPECIFIC_DESIRABLE = (
        "mission_specific_desirable",
        "Mission-specific requirements: desirable",
    )
    TASKS = "tasks", "Tasks and responsibilities"
    # OSCE notices from the jobs portal (jobs.osce.org)
    BACKGROUND = "background", "Background"
    NECESSARY_QUALIFICATIONS = "necessary_qualifications", "Necessary qualifications"
    REQUIRED_COMPETENCIES = "required_competencies", "Required competencies"
    OTHER = "other", "Other"
