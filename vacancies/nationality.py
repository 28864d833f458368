"""Who may apply, by nationality: the states whose nationals each organisation's posts are
open to, and why a post is open to a given nationality.

Plain data and plain Python (no Django): the query twin is ``q_open_to_nationality`` in
models/conditions.py, which reads the same lists. States are ISO 3166-1 alpha-2 codes;
their names come from pycountry.

The rules, per organisation (an organisation is known by its acronym, as the importer and
the data generator name it):

- EU (every organisation but the OSCE: the EEAS publishes the CSDP missions' calls): an EU
  Member State's nationals may be seconded to, or apply for, any post; a Contributing Third
  State may second to a post that takes secondees and that its call opens to Contributing
  Third States. Contracted posts are not for third states' nationals: the Framework
  Participation Agreements cover secondees only.
- OSCE: any post is open to the nationals of the 57 participating States, seconded or
  contracted. The OSCE has no "Contributing Third States", so no such word is said of it.
"""

from dataclasses import dataclass

import pycountry

OSCE = "OSCE"  # Organisation.acronym of the OSCE

# The 27 EU Member States. Source: https://european-union.europa.eu/principles-countries-history/eu-countries_en
# (taken 2026-12-05).
EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)

# Contributing Third States of EU civilian CSDP missions: the states with a Framework
# Participation Agreement with the EU for crisis-management operations (the index of FPAs
# on EUR-Lex, summarised by the European Centre of Excellence for Civilian Crisis
# Management: https://www.coe-civ.eu/kh/crisis-management-framework-for-participation-agreements-between-the-eu-and-third-states),
# and Switzerland, which signs one agreement per mission (same source; its secondees in
# EULEX Kosovo and EUAM Ukraine: House of Lords, "Brexit: CSDP missions and operations",
# table 1, https://publications.parliament.uk/pa/ld201719/ldselect/ldeucom/132/13207.htm).
# Taken 2026-12-05. Each call says which of them it invites; a post's "open to
# Contributing Third States" is what decides.
CONTRIBUTING_THIRD_STATES = frozenset(
    [
        "AL",  # Albania
        "AU",  # Australia
        "BA",  # Bosnia and Herzegovina
        "CA",  # Canada
        "CH",  # Switzerland (agreements per mission)
        "CL",  # Chile
        "CO",  # Colombia
        "GE",  # Georgia
        "IS",  # Iceland
        "KR",  # Republic of Korea
        "MD",  # Moldova
        "ME",  # Montenegro
        "MK",  # North Macedonia
        "NO",  # Norway
        "NZ",  # New Zealand
        "RS",  # Serbia
        "TR",  # Türkiye
        "UA",  # Ukraine
        "US",  # United States
        "VN",  # Viet Nam
    ]
)

# The 57 OSCE participating States. Source: https://www.osce.org/participating-states
# (taken 2026-12-05). Every EU Member State is one.
OSCE_PARTICIPATING_STATES = EU_MEMBER_STATES | frozenset(
    [
        "AL",
        "AD",
        "AM",
        "AZ",
        "BY",
        "BA",
        "CA",
        "GE",
        "VA",
        "IS",
        "KZ",
        "KG",
        "LI",
        "MD",
        "MC",
        "MN",
        "ME",
        "MK",
        "NO",
        "RU",
        "SM",
        "RS",
        "CH",
        "TJ",
        "TR",
        "TM",
        "UA",
        "GB",
        "US",
        "UZ",
    ]
)

ALL_STATES = EU_MEMBER_STATES | CONTRIBUTING_THIRD_STATES | OSCE_PARTICIPATING_STATES


def state_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def nationality_choices() -> list[tuple[str, str]]:
    """Every state in a list, as (code, name), sorted by name: the form's options."""
    return sorted(((code, state_name(code)) for code in ALL_STATES), key=lambda choice: choice[1])


def known(code: str | None) -> str | None:
    """The code if it is a state of a list (a post page's ?nationality=), else None."""
    return code if code in ALL_STATES else None


@dataclass(frozen=True)
class Answer:
    """Whether a post is open to a nationality, and why, in the organisation's words."""

    is_open: bool
    reason: str

    def __str__(self) -> str:
        return self.reason


def who_may_apply(organisation: str, *, open_to_third_states: bool | None) -> str:
    """The states a post is open to, in its organisation's terms."""
    if organisation == OSCE:
        return "OSCE participating States"
    third_states = {
        True: "and Contributing Third States",
        False: "only",
        None: "(Contributing Third States: not stated)",
    }[open_to_third_states]
    return f"EU Member States {third_states}"


def open_to(
    code: str, organisation: str, *, takes_secondees: bool, open_to_third_states: bool | None
) -> Answer:
    """Whether nationals of ``code`` may apply or be nominated for a post, and why (the
    Python twin of ``q_open_to_nationality``)."""
    name = state_name(code)
    if organisation == OSCE:
        if code in OSCE_PARTICIPATING_STATES:
            return Answer(is_open=True, reason=f"Open to {name}: an OSCE participating State.")
        return Answer(is_open=False, reason=f"Not open to {name}: not an OSCE participating State.")
    if code in EU_MEMBER_STATES:
        return Answer(is_open=True, reason=f"Open to {name}: an EU Member State.")
    if code not in CONTRIBUTING_THIRD_STATES:
        return Answer(
            is_open=False,
            reason=f"Not open to {name}: neither an EU Member State"
            " nor a Contributing Third State.",
        )
    if takes_secondees and open_to_third_states:
        return Answer(
            is_open=True,
            reason=f"Open to {name}: a Contributing Third State, and this post takes secondees"
            " from Contributing Third States.",
        )
    return Answer(
        is_open=False,
        reason=f"Not open to {name}: a Contributing Third State, but this post does not take"
        " secondees from Contributing Third States.",
    )
