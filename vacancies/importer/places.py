"""Where posts are: the duty stations and regions of EU CSDP and OSCE missions, their
countries (ISO 3166-1 alpha-2) and the other spellings calls print them in.

    place_key("Priština")          -> "pristina"   (case and accents do not count)
    country_of("Tripoli, Libya")   -> "LY"
    countries_named("Horn of Africa") -> {"SO", "DJ", "ER", "ET"}
    spellings("Prishtinë")         -> {"pristina", "prishtina", "prishtine"}

Plain Python and data, no Django: the importer gives each post its country with it, and
the post list resolves what an applicant types into countries and known spellings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

# Kosovo has no ISO 3166-1 code; XK is the user-assigned code the EU and the European
# Commission use for it (EU Interinstitutional Style Guide, "List of countries").
KOSOVO = "XK"

# Letters NFKD does not take apart; vacancies/db/places.sql maps the same ones.
_UNDECOMPOSED = str.maketrans({"đ": "d", "ł": "l", "ø": "o", "\u0131": "i", "ß": "ss", "ħ": "h"})


def place_key(text: str) -> str:
    """``text`` without case, accents or spacing differences: how places are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.translate(_UNDECOMPOSED).split())


def station_key(text: str) -> str:
    """``place_key`` up to the first comma or bracket, as vacancies/db/places.sql indexes a
    post's duty station and region: "Tripoli, Libya" -> "tripoli"."""
    return place_key(re.split(r"[,(]", text, maxsplit=1)[0])


@dataclass(frozen=True)
class Place:
    name: str  # as the site shows it and offers it in the form
    country: str  # ISO 3166-1 alpha-2 ("XK" for Kosovo)
    other_spellings: tuple[str, ...] = ()


# Duty stations of the missions, with the spellings real calls and notices use. Sources:
# the calls of tests/importer/corpus/ (EULEX, EUMM Georgia, EUAM Ukraine, EUBAM Libya,
# EUCAP Sahel Mali/Niger, EUCAP Somalia, EUPOL COPPS, OSCE), the EEAS page "Missions and
# operations" (eeas.europa.eu/eeas/missions-and-operations_en), EUMA's field offices,
# EULEX's pages (eulex-kosovo.eu), and Wikipedia's entries
# for the spellings: Pristina ("Albanian: Prishtinë or Prishtina, Serbian: Priština"),
# Mitrovica (Mitrovicë, Kosovska Mitrovica, North Mitrovica), Kyiv (Kiev), Chișinău,
# Kharkiv (Kharkov), Odesa (Odessa), Erbil (Arbil, Hawler); Mtskheta is "Mtshketa" on
# the EEAS's mission-support page (eeas.europa.eu/category/tags/security-0_en).
STATIONS: tuple[Place, ...] = (
    # Kosovo: EULEX Kosovo, OSCE Mission in Kosovo
    Place("Pristina", KOSOVO, ("Prishtina", "Priština", "Prishtinë")),
    # EULEX writes "Mitrovica North", "Zvečan/Zveçan", "Leposavić/Leposaviq"
    # (eulex-kosovo.eu/?page=2,11,2727).
    Place(
        "Mitrovica",
        KOSOVO,
        (
            "Mitrovicë",
            "North Mitrovica",
            "Mitrovica North",
            "South Mitrovica",
            "Mitrovica South",
            "Kosovska Mitrovica",
        ),
    ),
    Place("Zvečan", KOSOVO, ("Zveçan", "Zvecan")),
    Place("Leposavić", KOSOVO, ("Leposaviq", "Leposavic")),
    Place("Prizren", KOSOVO),
    Place("Peja", KOSOVO, ("Pejë", "Peć", "Pec")),
    Place("Gjilan", KOSOVO, ("Gjilani", "Gnjilane")),
    Place("Ferizaj", KOSOVO, ("Uroševac",)),
    # Georgia: EUMM Georgia
    Place("Tbilisi", "GE"),
    Place("Mtskheta", "GE", ("Mtshketa",)),
    Place("Gori", "GE"),
    Place("Zugdidi", "GE"),
    # Ukraine: EUAM Ukraine, OSCE
    Place("Kyiv", "UA", ("Kiev", "Kyjiw")),
    Place("Kharkiv", "UA", ("Kharkov",)),
    Place("Odesa", "UA", ("Odessa",)),
    Place("Lviv", "UA", ("Lvov", "Lwów")),
    Place("Dnipro", "UA", ("Dnipropetrovsk",)),
    Place("Kramatorsk", "UA"),
    Place("Mariupol", "UA", ("Mariupol'",)),
    # Moldova: EUPM Moldova, OSCE Mission to Moldova, EUBAM
    Place("Chisinau", "MD", ("Chișinău", "Chişinău", "Kishinev")),
    Place("Tiraspol", "MD"),
    # The EU Mission in Armenia
    Place("Yeghegnadzor", "AM"),
    Place("Yerevan", "AM"),
    Place("Jermuk", "AM"),
    Place("Goris", "AM"),
    Place("Kapan", "AM"),
    Place("Ijevan", "AM"),
    Place("Martuni", "AM"),
    # Libya: EUBAM Libya (partly from Tunis)
    Place("Tripoli", "LY", ("Tarabulus",)),
    Place("Benghazi", "LY", ("Bengasi",)),
    Place("Tunis", "TN"),
    # Iraq: EUAM Iraq
    Place("Baghdad", "IQ"),
    Place("Erbil", "IQ", ("Arbil", "Irbil", "Hawler")),
    # Palestinian territories: EUPOL COPPS, EUBAM Rafah
    Place("Ramallah", "PS"),
    Place("Rafah", "PS"),
    Place("Jericho", "PS"),
    Place("Tel Aviv", "IL"),  # EUBAM Rafah's office
    # Somalia: EUCAP Somalia
    Place("Mogadishu", "SO", ("Muqdisho", "Mogadiscio")),
    Place("Hargeisa", "SO", ("Hargeysa",)),
    Place("Garowe", "SO"),
    # Sahel: EUCAP Sahel Niger / Mali, the Regional Coordination Cell
    Place("Niamey", "NE"),
    Place("Agadez", "NE"),
    Place("Bamako", "ML"),
    Place("Nouakchott", "MR"),
    Place("Ouagadougou", "BF"),
    Place("N'Djamena", "TD", ("Ndjamena",)),
    # Central African Republic: EUAM RCA
    Place("Bangui", "CF"),
    # Western Balkans: EUFOR/EUSR, OSCE missions
    Place("Sarajevo", "BA"),
    Place("Banja Luka", "BA"),
    Place("Mostar", "BA"),
    Place("Tuzla", "BA"),
    Place("Skopje", "MK"),
    Place("Belgrade", "RS", ("Beograd",)),
    Place("Podgorica", "ME"),
    Place("Tirana", "AL", ("Tiranë",)),
    # Central Asia: OSCE programme offices
    Place("Astana", "KZ", ("Nur-Sultan",)),
    Place("Bishkek", "KG"),
    Place("Osh", "KG"),
    Place("Dushanbe", "TJ"),
    Place("Ashgabat", "TM", ("Ashkhabad",)),
    Place("Tashkent", "UZ"),
    # Headquarters and institutions
    Place("Brussels", "BE", ("Bruxelles", "Brussel")),
    Place("Vienna", "AT", ("Wien",)),
    Place("Warsaw", "PL", ("Warszawa",)),
    Place("The Hague", "NL", ("Den Haag",)),
)

# Regions as calls name them, and the countries they cover. Horn of Africa: Somalia,
# Djibouti, Eritrea, Ethiopia (Wikipedia, "Horn of Africa"). Sahel: the G5 Sahel countries
# that EUCAP Sahel's Regional Coordination Cell serves (Council Decision (CFSP) 2019/761).
# Western Balkans: the six the EU names (EEAS, "Western Balkans"). Central Asia: the five
# former Soviet republics. South Caucasus: Armenia, Azerbaijan, Georgia.
REGIONS: dict[str, tuple[str, ...]] = {
    "Horn of Africa": ("SO", "DJ", "ER", "ET"),
    "Sahel": ("MR", "ML", "BF", "NE", "TD"),
    "Sahel Region": ("MR", "ML", "BF", "NE", "TD"),
    "Western Balkans": ("AL", "BA", KOSOVO, "ME", "MK", "RS"),
    "Western Balkans Region": ("AL", "BA", KOSOVO, "ME", "MK", "RS"),
    "Central Asia": ("KZ", "KG", "TJ", "TM", "UZ"),
    "South Caucasus": ("AM", "AZ", "GE"),
    "Palestinian Territories": ("PS",),
    "Occupied Palestinian Territories": ("PS",),
    "Gaza": ("PS",),
    "West Bank": ("PS",),
}

# Country names pycountry does not hold, or holds under another name.
OTHER_COUNTRY_NAMES: dict[str, str] = {
    "Kosovo": KOSOVO,
    "Palestine": "PS",
    "Russia": "RU",
    "Turkey": "TR",
    "Republic of Moldova": "MD",
    "Macedonia": "MK",
    "Bosnia": "BA",
    "BiH": "BA",
    "CAR": "CF",
    "RCA": "CF",
}


# Names as the missions' calls print them, where pycountry's differs or is missing
# ("Palestine, State of"; the EU writes "Palestine", e.g. EUPOL COPPS's "Ramallah, Palestine").
SHORT_NAMES = {KOSOVO: "Kosovo", "PS": "Palestine"}


def country_name(code: str) -> str:
    """Kosovo's "XK" -> "Kosovo", "MD" -> "Moldova"; the code itself when it is unknown."""
    if name := SHORT_NAMES.get(code):
        return name
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def _country_codes() -> dict[str, str]:
    """Every name of every country, by its key: name, common and official names."""
    codes = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if name := getattr(country, attribute, None):
                codes[place_key(name)] = country.alpha_2
    codes.update({place_key(name): code for name, code in OTHER_COUNTRY_NAMES.items()})
    return codes


@cache
def _stations() -> dict[str, Place]:
    return {
        place_key(spelling): place
        for place in STATIONS
        for spelling in (place.name, *place.other_spellings)
    }


@cache
def _regions() -> dict[str, tuple[str, ...]]:
    return {place_key(name): codes for name, codes in REGIONS.items()}


def countries_named(text: str) -> set[str]:
    """The countries ``text`` names as a whole: a country ("kosovo", "Moldova") or a region
    ("Horn of Africa"). A town names none: "Pristina" is not all of Kosovo."""
    key = place_key(text)
    if code := _country_codes().get(key):
        return {code}
    return set(_regions().get(key, ()))


def spellings(text: str) -> set[str]:
    """The keys of every known spelling of the place ``text`` names, or just its own key."""
    key = place_key(text)
    place = _stations().get(key)
    if place is None:
        return {key}
    return {place_key(spelling) for spelling in (place.name, *place.other_spellings)}


# What separates places in a duty station as printed, in the corpus: commas, slashes,
# brackets, dashes, "and/or" ("Mali- Bamako and/or Mauritania- Nouakchott").
_SEPARATORS = re.compile(r"\s*(?:[,;/()–—]|\s-\s|-\s|\band/or\b|\band\b|\bor\b)\s*")
_MISSION_PLACE = re.compile(r"\b(?:in|to|for)\s+(?:the\s+)?([\w\s'-]+?)\s*$")


def country_of(*texts: str | None) -> str:
    """The country of the first of ``texts`` that names one: a duty station, a region, a
    mission's name ("... Mission in Kosovo"). "" when none does, or only a region of many."""
    for text in texts:
        if text and (code := _country_in(text)):
            return code
    return ""


def _country_in(text: str) -> str:
    parts = [part for part in _SEPARATORS.split(text) if part and part.strip()]
    if mission := _MISSION_PLACE.search(text):
        parts.append(mission.group(1))
    parts.append(text.rsplit(maxsplit=1)[-1])  # "... Security Sector Reform Ukraine"
    for part in parts:
        key = place_key(part)
        if place := _stations().get(key):
            return place.country
        if code := _country_codes().get(key):
            return code
        if len(codes := _regions().get(key, ())) == 1:
            return codes[0]
    return ""


def country_choices() -> list[tuple[str, str]]:
    """Every country's ISO 3166-1 code and name, Kosovo's XK among them, by name."""
    codes = {country.alpha_2 for country in pycountry.countries} | {KOSOVO}
    return sorted(((code, country_name(code)) for code in codes), key=lambda c: place_key(c[1]))


@cache  # every list page's form offers them; they are constants of this module
def suggestions() -> tuple[str, ...]:
    """The places the form offers as one types: stations, regions and the countries the
    missions work in, by name."""
    names = {place.name for place in STATIONS} | set(REGIONS)
    names |= {country_name(place.country) for place in STATIONS}
    return tuple(sorted(names, key=place_key))
