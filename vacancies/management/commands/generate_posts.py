"""Fill the database with realistic generated posts, for the load benchmark (bench/LOAD.md).

    manage.py generate_posts --posts 1000000 [--seed 1] [--clear] [--open-share 0.05]

The distributions follow the sample calls (samples/ and their golden files): EU calls for
contributions of 3 to 45 posts, OSCE vacancy notices of one post each; 80 % of EU posts
seconded, 15 % seconded/contracted, 5 % contracted; clearance mostly "not required" or EU
SECRET; half the EU posts open to Contributing Third States; 1 to 3 vacancies; seven job
description sections (six for the OSCE) of realistic length, about 3.6 kB of text a post.
About 5 % of the posts are open; the rest closed over the last ten years.

Rows go in with COPY, one transaction per batch. Generated missions are marked: their slug
starts with "generated-" and their name ends in "(generated)". --clear deletes them and
everything under them, and nothing else; without it the command refuses to add to
generated data that is already there, so a run with a given seed always gives the same data
(relative to today).
"""

import json
import random
import sys
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.postgres.search import SearchVectorField
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import F, GeneratedField
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from django.utils.text import slugify

from vacancies.models import (
    Call,
    CallPart,
    Clearance,
    Mission,
    Organisation,
    Post,
    Regime,
    Section,
    Vacancy,
)

GENERATED_SLUG_PREFIX = "generated-"
GENERATED_NAME_SUFFIX = " (generated)"
BRUSSELS = ZoneInfo("Europe/Brussels")
ARCHIVE_YEARS = 10
OPEN_DAYS = 45
BATCH_POSTS = 10_000
PROGRESS_EVERY = 50_000
COPY_CHUNK = 4 * 1024 * 1024  # characters handed to COPY at a time


# The world: organisations, missions, kinds of post ---------------------------------------

ORGANISATIONS = {
    "EEAS": "European External Action Service",
    "OSCE": "Organization for Security and Co-operation in Europe",
}


@dataclass(frozen=True)
class MissionSpec:
    organisation: str  # a key of ORGANISATIONS
    name: str
    acronym: str
    country: str
    region: str  # the "Location" of EU job descriptions; the OSCE prints none
    duty_stations: tuple[tuple[str, int], ...]  # (station, weight)
    ref_prefix: str
    languages: str
    weight: float  # share of all posts


MISSIONS = [
    MissionSpec(
        "EEAS",
        "European Union Rule of Law Mission in Kosovo",
        "EULEX",
        "Kosovo",
        "Western Balkans Region (Kosovo)",
        (("Pristina", 85), ("Mitrovica", 15)),
        "EK",
        "Albanian and/or Serbian",
        12,
    ),
    MissionSpec(
        "EEAS",
        "European Union Monitoring Mission in Georgia",
        "EUMM Georgia",
        "Georgia",
        "South Caucasus Region (Georgia)",
        (("Tbilisi", 40), ("Gori", 20), ("Zugdidi", 20), ("Mtskheta", 20)),
        "GEO",
        "Georgian and/or Russian",
        8,
    ),
    MissionSpec(
        "EEAS",
        "European Union Advisory Mission Ukraine",
        "EUAM Ukraine",
        "Ukraine",
        "Eastern Europe Region (Ukraine)",
        (("Kyiv", 70), ("Lviv", 10), ("Kharkiv", 10), ("Odesa", 10)),
        "UKR",
        "Ukrainian and/or Russian",
        10,
    ),
    MissionSpec(
        "EEAS",
        "European Union Capacity Building Mission in Mali",
        "EUCAP Sahel Mali",
        "Mali",
        "Sahel Region (Mali)",
        (("Bamako", 100),),
        "MLI",
        "French",
        6,
    ),
    MissionSpec(
        "EEAS",
        "European Union Capacity Building Mission in Niger",
        "EUCAP Sahel Niger",
        "Niger",
        "Sahel Region (Niger)",
        (("Niamey", 85), ("Agadez", 15)),
        "NIG",
        "French",
        4,
    ),
    MissionSpec(
        "EEAS",
        "European Union Capacity Building Mission in Somalia",
        "EUCAP Somalia",
        "Somalia",
        "Horn of Africa Region (Somalia)",
        (("Mogadishu", 70), ("Hargeisa", 15), ("Garowe", 15)),
        "SOM",
        "Somali and/or Arabic",
        5,
    ),
    MissionSpec(
        "EEAS",
        "European Union Integrated Border Management Assistance Mission in Libya",
        "EUBAM Libya",
        "Libya",
        "North Africa Region (Libya)",
        (("Tripoli", 90), ("Benghazi", 10)),
        "LBY",
        "Arabic",
        4,
    ),
    MissionSpec(
        "EEAS",
        "European Union Border Assistance Mission at Rafah Crossing Point",
        "EUBAM Rafah",
        "Palestinian Territories",
        "Middle East Region (Palestinian Territories)",
        (("Tel Aviv", 60), ("Rafah", 40)),
        "RAF",
        "Arabic and/or Hebrew",
        2,
    ),
    MissionSpec(
        "EEAS",
        "European Union Police and Rule of Law Mission for the Palestinian Territories",
        "EUPOL COPPS",
        "Palestinian Territories",
        "Middle East Region (Palestinian Territories)",
        (("Ramallah", 85), ("Jericho", 15)),
        "PAL",
        "Arabic",
        4,
    ),
    MissionSpec(
        "EEAS",
        "European Union Advisory Mission in Iraq",
        "EUAM Iraq",
        "Iraq",
        "Middle East Region (Iraq)",
        (("Baghdad", 80), ("Erbil", 20)),
        "IRQ",
        "Arabic and/or Kurdish",
        5,
    ),
    MissionSpec(
        "EEAS",
        "European Union Mission in Armenia",
        "EUMA",
        "Armenia",
        "South Caucasus Region (Armenia)",
        (
            ("Yeghegnadzor", 30),
            ("Goris", 20),
            ("Jermuk", 15),
            ("Kapan", 15),
            ("Ijevan", 10),
            ("Martuni", 10),
        ),
        "ARM",
        "Armenian and/or Russian",
        5,
    ),
    MissionSpec(
        "EEAS",
        "European Union Partnership Mission in the Republic of Moldova",
        "EUPM Moldova",
        "Moldova",
        "Eastern Europe Region (Moldova)",
        (("Chisinau", 100),),
        "MDA",
        "Romanian and/or Russian",
        3,
    ),
    MissionSpec(
        "EEAS",
        "European Union Advisory Mission in the Central African Republic",
        "EUAM RCA",
        "Central African Republic",
        "Central Africa Region (Central African Republic)",
        (("Bangui", 100),),
        "CAR",
        "French and/or Sango",
        2,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Mission in Kosovo",
        "OMiK",
        "Kosovo",
        "",
        (("Pristina", 60), ("Prizren", 10), ("Mitrovica", 10), ("Gjilan", 10), ("Peja", 10)),
        "",
        "Albanian and/or Serbian",
        3,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Mission to Bosnia and Herzegovina",
        "OSCE BiH",
        "Bosnia and Herzegovina",
        "",
        (("Sarajevo", 60), ("Banja Luka", 15), ("Mostar", 10), ("Tuzla", 15)),
        "",
        "Bosnian, Croatian or Serbian",
        2.5,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Mission to Serbia",
        "OSCE Serbia",
        "Serbia",
        "",
        (("Belgrade", 100),),
        "",
        "Serbian",
        1.5,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Mission to Montenegro",
        "OSCE Montenegro",
        "Montenegro",
        "",
        (("Podgorica", 100),),
        "",
        "Montenegrin",
        0.7,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Mission to Skopje",
        "OSCE Skopje",
        "North Macedonia",
        "",
        (("Skopje", 100),),
        "",
        "Macedonian and/or Albanian",
        1,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Presence in Albania",
        "OSCE Albania",
        "Albania",
        "",
        (("Tirana", 100),),
        "",
        "Albanian",
        1,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Mission to Moldova",
        "OSCE Moldova",
        "Moldova",
        "",
        (("Chisinau", 80), ("Tiraspol", 20)),
        "",
        "Romanian and/or Russian",
        0.8,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Programme Office in Bishkek",
        "POiB",
        "Kyrgyzstan",
        "",
        (("Bishkek", 80), ("Osh", 20)),
        "",
        "Kyrgyz and/or Russian",
        1,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Programme Office in Dushanbe",
        "POiD",
        "Tajikistan",
        "",
        (("Dushanbe", 100),),
        "",
        "Tajik and/or Russian",
        1,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Programme Office in Astana",
        "POiA",
        "Kazakhstan",
        "",
        (("Astana", 100),),
        "",
        "Kazakh and/or Russian",
        0.5,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Project Co-ordinator in Uzbekistan",
        "PCUz",
        "Uzbekistan",
        "",
        (("Tashkent", 100),),
        "",
        "Uzbek and/or Russian",
        0.5,
    ),
    MissionSpec(
        "OSCE",
        "OSCE Special Monitoring Mission to Ukraine",
        "SMM",
        "Ukraine",
        "",
        (("Kyiv", 30), ("Kramatorsk", 25), ("Dnipro", 15), ("Kharkiv", 15), ("Odesa", 15)),
        "",
        "Ukrainian and/or Russian",
        1.5,
    ),
]


@dataclass(frozen=True)
class Domain:
    """A field of work: its post titles, units, and the words of its job descriptions."""

    weight: float
    titles: tuple[str, ...]
    components: tuple[str, ...]
    areas: tuple[str, ...]
    counterparts: tuple[str, ...]
    tasks: tuple[str, ...]  # tasks only this field has
    skills: tuple[str, ...]
    degree: str  # "a university degree in ..."


DOMAINS = [
    Domain(
        10,
        (
            "Justice Monitor",
            "Rule of Law Advisor",
            "Legal Officer",
            "Prosecution Advisor",
            "Judicial Advisor",
            "Senior Legal Advisor",
            "Correctional Monitor",
            "Deputy Chief Case Monitoring Unit/ Justice Monitor",
        ),
        (
            "Operations Department/ Justice & Corrections Component/ Case Monitoring Unit",
            "Operations Department/ Justice & Corrections Component/ Correctional Unit",
            "Strengthening Division/ Rule of Law Section",
            "Office of the Head of Mission/ Legal Office",
        ),
        (
            "the judiciary",
            "criminal justice",
            "the prosecution service",
            "correctional services",
            "case management",
            "witness protection",
            "the handling of war crimes cases",
            "asset recovery",
        ),
        (
            "judges and prosecutors",
            "the Ministry of Justice",
            "the Judicial Council",
            "the Prosecutorial Council",
            "the Correctional Service",
        ),
        (
            "To monitor selected criminal and civil cases at all stages of the proceedings and to report on "
            "shortcomings in the application of the law;",
            "To attend court hearings and to assess the fairness and efficiency of the proceedings;",
            "To monitor the conditions of detention and the treatment of prisoners in correctional facilities;",
        ),
        (
            "Thorough knowledge of criminal procedure and of international standards of fair trial;",
            "Knowledge of the functioning of courts and prosecution offices;",
        ),
        "law",
    ),
    Domain(
        12,
        (
            "Police Monitor",
            "Police Advisor",
            "Head of Police Advisors Unit",
            "Deputy Head of Police Advisors Unit",
            "Community Policing Advisor",
            "Criminal Intelligence Advisor",
            "Organised Crime Advisor",
            "Public Order Advisor",
            "Police Training Advisor",
            "Intelligence Analyst",
        ),
        (
            "Operations Department/ Police Information & Operations Component/ Police Advisors Unit",
            "Strengthening Division/ Police Component",
            "Operations Department/ Executive Police Unit",
        ),
        (
            "community policing",
            "criminal intelligence",
            "the fight against organised crime",
            "public order",
            "police training",
            "human resources management in the police",
            "crime scene management",
            "police accountability",
        ),
        (
            "the Police",
            "the Ministry of Interior",
            "police commanders",
            "the Police Inspectorate",
            "the Police Academy",
        ),
        (
            "To monitor police operations and investigations and to report on their compliance with the law;",
            "To advise on the intelligence-led policing model and the analysis of crime statistics;",
            "To support the planning of public order operations for large events;",
        ),
        (
            "Experience in operational police work at management level;",
            "Knowledge of criminal analysis methods and intelligence-led policing;",
        ),
        "police studies, law or criminology",
    ),
    Domain(
        6,
        (
            "Border Management Advisor",
            "Customs Advisor",
            "Integrated Border Management Expert",
            "Maritime Security Advisor",
            "Border Police Advisor",
            "Migration Management Advisor",
        ),
        (
            "Operations Department/ Border Management Component",
            "Strengthening Division/ Border Unit",
        ),
        (
            "integrated border management",
            "customs control",
            "maritime security",
            "migration management",
            "document security",
            "the fight against trafficking in human beings",
        ),
        ("the Border Police", "the Customs Service", "the Coast Guard", "the Ministry of Interior"),
        (
            "To advise on risk analysis at border crossing points and along the green border;",
            "To support the development of inter-agency cooperation between border, customs and police services;",
        ),
        ("Knowledge of the EU integrated border management concept and of the Schengen acquis;",),
        "law, public administration or a related field",
    ),
    Domain(
        10,
        (
            "Mission Security Officer",
            "Deputy Senior Mission Security Officer",
            "Close Protection Operator",
            "Armed Protection Operator",
            "Team Leader Armed Protection Unit",
            "Information Security Officer",
            "Security Analyst",
            "Field Security Officer",
            "Security Operations Centre Officer",
        ),
        (
            "Security and Health Department",
            "Security and Health Department/ Armed Protection Unit",
            "Security and Health Department/ Close Protection Unit",
            "Mission Security Section",
        ),
        (
            "the security of Mission members",
            "close protection",
            "security risk management",
            "the security of Mission premises",
            "information security",
            "movement control",
            "security incident management",
        ),
        (
            "the Mission's security staff",
            "the host country's security forces",
            "Mission members",
            "the Security Operations Centre",
        ),
        (
            "To carry out security risk assessments of Mission premises, residences and travel routes;",
            "To plan and conduct close protection of the Head of Mission and of visiting EU officials;",
            "To manage the Mission's classified information and the accreditation of its systems;",
            "To deliver security briefings and training to new Mission members;",
        ),
        (
            "Thorough knowledge of security risk management methods;",
            "Valid firearms licence and proficiency in the use of firearms;",
            "Knowledge of EU rules on the protection of EU classified information;",
        ),
        "security management or a related field",
    ),
    Domain(
        5,
        (
            "Head of Finance Unit",
            "Finance Officer",
            "Budget Officer",
            "Accountant",
            "Finance Assistant",
        ),
        (
            "Mission Support Department/ Finance Unit",
            "Mission Support Department/ Budget and Finance Section",
        ),
        (
            "financial management",
            "budget planning",
            "accounting",
            "internal control",
            "treasury management",
        ),
        (
            "the Mission's certifying officers",
            "the Service for Foreign Policy Instruments",
            "the Mission's budget holders",
        ),
        (
            "To prepare the Mission's budget and to monitor its implementation;",
            "To ensure that payments comply with the EU Financial Regulation and the Mission's procedures;",
        ),
        ("Knowledge of the EU Financial Regulation;", "Knowledge of accrual-based accounting;"),
        "finance, accounting or economics",
    ),
    Domain(
        4,
        (
            "Procurement Officer",
            "Head of Procurement Unit",
            "Contract Management Officer",
            "Procurement Assistant",
        ),
        ("Mission Support Department/ Procurement Unit",),
        ("public procurement", "contract management", "tender procedures", "supplier relations"),
        (
            "the Mission's requesting units",
            "the Mission's tender evaluation committees",
            "suppliers",
        ),
        (
            "To conduct tender procedures in line with the EU public procurement rules;",
            "To draft tender dossiers and contracts and to manage their amendments;",
        ),
        ("Knowledge of the EU public procurement rules (PRAG);",),
        "law, economics or business administration",
    ),
    Domain(
        4,
        (
            "Human Resources Recruitment Officer",
            "Human Resources Officer",
            "Head of Human Resources",
            "Welfare Officer",
            "Training Officer",
        ),
        ("Human Resources Section", "Mission Support Department/ Human Resources Unit"),
        (
            "recruitment",
            "staff administration",
            "staff welfare",
            "induction training",
            "performance management",
        ),
        ("the Mission's managers", "Mission members", "the Civilian Operations Headquarters"),
        (
            "To organise the selection procedures for international and local staff;",
            "To administer contracts, entitlements and leave of Mission members;",
        ),
        ("Knowledge of human resources management in an international organisation;",),
        "human resources management, law or psychology",
    ),
    Domain(
        5,
        (
            "Head of Communication and Information Systems Unit",
            "CIS Officer",
            "Network Administrator",
            "Systems Administrator",
            "Cyber Security Officer",
            "Geographic Information Systems Officer",
        ),
        (
            "Mission Support Department/ Technical Services/ Communication and Information Systems (CIS) Unit",
        ),
        (
            "communication and information systems",
            "network administration",
            "cyber security",
            "geographic information systems",
            "radio communications",
        ),
        (
            "the Mission's users",
            "the Civilian Operations Headquarters' CIS staff",
            "service providers",
        ),
        (
            "To administer the Mission's servers, networks and end-user devices;",
            "To ensure the availability and the security of the Mission's communication systems;",
        ),
        (
            "Knowledge of network protocols, virtualisation and Microsoft server technologies;",
            "Relevant certifications such as CCNA, ITIL or CISSP;",
        ),
        "computer science, information technology or telecommunications",
    ),
    Domain(
        5,
        (
            "Logistics Officer",
            "Fleet Manager",
            "Supply Officer",
            "Facilities Management Officer",
            "Transport Officer",
            "Property Manager",
            "Engineering Officer",
        ),
        (
            "Mission Support Department/ Logistics Unit",
            "Mission Support Department/ Technical Services",
        ),
        (
            "logistics",
            "fleet management",
            "supply chain management",
            "facilities management",
            "asset management",
            "transport",
        ),
        (
            "the Mission's technical staff",
            "contractors",
            "the Warehouse for civilian CSDP missions",
        ),
        (
            "To manage the Mission's fleet of vehicles, including its maintenance and fuel consumption;",
            "To plan the supply of goods and services to the Mission's regional offices;",
        ),
        ("Knowledge of asset management and inventory systems;",),
        "logistics, engineering or business administration",
    ),
    Domain(
        6,
        (
            "Political Advisor",
            "Senior Reporting Officer",
            "Reporting Officer",
            "Political Analyst",
            "Press and Public Information Officer",
            "Spokesperson",
        ),
        (
            "Office of the Head of Mission/ Political Advisory Unit",
            "Office of the Chief of Staff/ Reporting Cell",
            "Office of the Head of Mission/ Press and Public Information Office",
        ),
        (
            "political developments",
            "the political situation in the region",
            "public information",
            "the Mission's strategic communication",
            "relations with the media",
        ),
        (
            "the Mission's leadership",
            "the EU Special Representative",
            "the diplomatic community",
            "local authorities",
            "the media",
        ),
        (
            "To draft the Mission's periodic reports to Brussels;",
            "To prepare press releases, speeches and social media content;",
        ),
        ("Excellent political analysis and drafting skills;",),
        "political science, international relations or journalism",
    ),
    Domain(
        5,
        (
            "Planning and Evaluation Officer",
            "Project Coordinator",
            "Special Assistant to the Deputy Head of Mission",
            "Executive Officer",
            "Mission Analytical Capability Analyst",
            "Programme Officer",
        ),
        (
            "Office of the Chief of Staff",
            "Office of the Chief of Staff/ Planning, Reporting and Evaluation Section",
            "Office of the Chief of Staff/ Planning, Reporting & Evaluation Section/ Project Cell",
            "Office of the Head/ Deputy Head of Mission",
        ),
        (
            "mission planning",
            "the evaluation of the Mission's activities",
            "project management",
            "the implementation of the Mission's mandate",
            "lessons identified",
        ),
        (
            "the Mission's components",
            "the Civilian Operations Headquarters",
            "EU Member States' embassies",
            "the EU Delegation",
        ),
        (
            "To coordinate the review of the Mission's Operation Plan (OPLAN) and its benchmarks;",
            "To manage the Mission's project funds and to follow the implementation of its projects;",
        ),
        ("Knowledge of project cycle management;",),
        "political science, public administration or management",
    ),
    Domain(
        4,
        (
            "Human Rights and Gender Advisor",
            "Gender Advisor",
            "Thematic Lead Monitor - Gender Based Violence",
            "Human Rights Officer",
            "Child Protection Advisor",
        ),
        ("Office of the Head of Mission/ Human Rights and Gender Office",),
        (
            "human rights",
            "gender equality",
            "the protection of civilians",
            "gender-based violence",
            "women, peace and security",
            "the rights of the child",
        ),
        (
            "civil society organisations",
            "the Ombudsperson",
            "the Ministry of Justice",
            "the Police",
        ),
        (
            "To mainstream human rights and gender in the Mission's activities and reports;",
            "To monitor the handling of cases of gender-based violence by the police and the courts;",
        ),
        ("Knowledge of UNSCR 1325 and of the EU policy on women, peace and security;",),
        "human rights, law or gender studies",
    ),
    Domain(
        2,
        ("International Doctor", "Medical Officer", "Nurse", "Paramedic"),
        ("Security and Health Department/ Medical Unit",),
        (
            "health care for Mission members",
            "medical evacuation",
            "occupational health",
            "first aid",
        ),
        ("Mission members", "local hospitals", "the medical evacuation provider"),
        (
            "To provide primary health care to Mission members and to manage medical emergencies;",
            "To organise medical evacuations in cooperation with the insurance provider;",
        ),
        ("Licence to practise medicine in an EU Member State;",),
        "medicine",
    ),
    Domain(
        3,
        (
            "Thematic Lead Monitor - Corruption Offences",
            "Anti-Corruption Advisor",
            "Financial Investigation Advisor",
        ),
        (
            "Operations Department/ Justice and Corrections Component/ Case Monitoring Unit",
            "Strengthening Division/ Anti-Corruption Unit",
        ),
        (
            "the fight against corruption",
            "financial investigations",
            "money laundering",
            "asset confiscation",
        ),
        (
            "the Anti-Corruption Agency",
            "the Special Prosecution Office",
            "the Financial Intelligence Unit",
        ),
        ("To monitor high-level corruption cases and to report on their handling;",),
        ("Experience in financial investigations and in the tracing of assets;",),
        "law, economics or criminology",
    ),
    Domain(
        1,
        ("Environmental Advisor",),
        ("Office of the Chief of Staff", "Mission Support Department"),
        ("environmental protection", "the Mission's environmental footprint", "waste management"),
        ("the Mission's components", "local authorities"),
        ("To implement the Mission's environmental management plan;",),
        ("Knowledge of environmental management systems such as EMAS or ISO 14001;",),
        "environmental sciences or engineering",
    ),
    Domain(
        2,
        ("Cybercrime Advisor", "Hybrid Threats Advisor", "Cyber Security Advisor"),
        ("Strengthening Division/ Cyber and Hybrid Threats Unit",),
        (
            "cybercrime",
            "hybrid threats",
            "critical infrastructure protection",
            "foreign information manipulation",
        ),
        (
            "the Cybercrime Unit",
            "the National Security Council",
            "the Computer Emergency Response Team",
        ),
        ("To advise on the investigation of cybercrime and the handling of electronic evidence;",),
        ("Knowledge of the Budapest Convention on Cybercrime;",),
        "computer science, law or security studies",
    ),
    # Rare on purpose: "forensic" is the benchmark's selective search word.
    Domain(
        0.25,
        ("Forensic Pathologist", "Forensic Anthropologist", "Forensic Science Advisor"),
        ("Operations Department/ Institute of Forensic Medicine",),
        ("forensic medicine", "forensic anthropology", "the identification of missing persons"),
        ("the Institute of Forensic Medicine", "the Commission on Missing Persons"),
        (
            "To conduct forensic examinations and autopsies and to draft forensic reports;",
            "To support the exhumation and identification of missing persons;",
        ),
        ("Registration as a forensic pathologist in an EU Member State;",),
        "forensic medicine or physical anthropology",
    ),
    # The OSCE's own fields.
    Domain(
        0,
        (
            "Democratization Officer",
            "Elections Officer",
            "Communities Protection Officer",
            "Media Development Officer",
            "Monitoring Officer",
            "Head of Office",
        ),
        ("Democratization Department", "Human Rights and Communities Department", "Field Office"),
        (
            "democratic governance",
            "elections",
            "the rights of communities",
            "media freedom",
            "local governance",
        ),
        (
            "municipal authorities",
            "the Central Election Commission",
            "community representatives",
            "civil society organisations",
        ),
        (
            "To monitor the situation of non-majority communities and their access to rights and services;",
            "To support municipalities in the implementation of the legislation on the use of languages;",
        ),
        ("Knowledge of OSCE commitments in the human dimension;",),
        "political science, law or international relations",
    ),
]
# OSCE notices: mostly the human dimension (the last domain), fewer support posts.
OSCE_DOMAIN_WEIGHTS = [d.weight for d in DOMAINS[:-1]] + [25]

SUPERIORS = (
    "Head of Component",
    "Head of Unit",
    "Chief of Staff (CoS)",
    "Deputy Head of Mission (DHoM)",
    "Head of Mission (HoM)",
    "Head of Department",
    "Head of Mission Support",
    "Head of Section",
)

MAIN_TASKS = (
    "To monitor, mentor and advise {counterpart} on {area}, in line with the Mission's mandate;",
    "To assess the capacities and needs of {counterpart} in {area} and to propose measures to address the gaps identified;",
    "To draft regular and ad hoc reports on {area}, including recommendations for the Mission's leadership;",
    "To support {counterpart} in the development of strategies, policies and action plans related to {area};",
    "To liaise and coordinate with international partners, donors and other actors working on {area}, in order to avoid duplication of efforts;",
    "To identify, plan and implement projects in the field of {area}, in cooperation with the Mission's Project Cell;",
    "To organise and deliver training, workshops and seminars for {counterpart} on {area};",
    "To follow developments in {area} and to provide timely analysis and early warning to the line manager;",
    "To contribute to the review of the legal framework governing {area} and to propose amendments in line with EU and international standards;",
    "To maintain a network of contacts within {counterpart} and to promote local ownership of the reforms in {area};",
    "To advise the Head of Component on all matters related to {area};",
    "To monitor the implementation of the recommendations issued to {counterpart} on {area} and to report on progress;",
    "To prepare briefings, talking points and presentations on {area} for visits of EU officials and other stakeholders;",
    "To ensure that gender equality and human rights are mainstreamed in the Mission's work on {area};",
    "To collect and analyse data and statistics on {area} and to maintain the relevant databases;",
    "To participate in joint meetings and working groups with {counterpart} on {area};",
    "To support the planning and evaluation of the Mission's activities on {area}, including the definition of benchmarks and indicators;",
    "To coordinate with the other Mission components to ensure a coherent approach to {area};",
    "To provide on-the-job advice and coaching to mid- and senior-level staff of {counterpart};",
    "To undertake field visits across the area of responsibility to monitor {area} and to meet local counterparts;",
)
GENERAL_TASKS = (
    "To contribute to mission reporting in the area of competence;",
    "To contribute to the identification of lessons and best practice in the area of competence;",
    "To take account of gender equality and human rights aspects in the execution of tasks;",
    "To perform any other tasks assigned by the line manager(s).",
)
EXTRA_GENERAL_TASKS = (
    "To ensure the proper use and care of the Mission's assets under his/her responsibility;",
    "To deputise for the line manager when required.",
)
DEGREES = (
    "Successful completion of university studies of at least 3 years attested by a diploma OR a qualification in the "
    "National Qualifications Framework which is equivalent to level 6 in the European Qualifications Framework OR a "
    "qualification of the first cycle under the framework of qualifications of the European Higher Education Area, "
    "e.g. Bachelor's Degree. AND",
    "Successful completion of university studies of at least 4 years attested by a diploma OR a qualification in the "
    "National Qualifications Framework which is equivalent to level 7 in the European Qualifications Framework OR a "
    "qualification of the second cycle under the framework of qualifications of the European Higher Education Area, "
    "e.g. Master's Degree. AND",
    "Successful completion of a full course of general secondary education and/or a relevant vocational training "
    "attested by a diploma. AND",
)
EXPERIENCE = "A minimum of {years} years of relevant professional experience, after having obtained the education requirements."
FIELD_EXPERIENCE = "A minimum of {years} years of professional experience in {area}, of which at least 2 years at management level."
SKILLS = (
    "Good drafting and reporting skills;",
    "Excellent communication and interpersonal skills;",
    "Ability to perform under stress and in difficult circumstances;",
    "Ability to work in a multicultural and multinational environment, with respect for diversity;",
    "Full command of the English language, written and spoken;",
    "Good understanding or experience of rule of law and/or civilian crisis management interventions;",
    "Knowledge of the functioning of the EU and in particular of CSDP missions;",
    "Proficiency in Microsoft Office applications (Word, Excel, PowerPoint, Outlook);",
    "Valid driving licence for manual transmission vehicles;",
    "Good organisational skills and ability to prioritise a heavy workload;",
    "Strong analytical and problem-solving skills;",
    "Ability to establish and maintain effective working relations with national counterparts;",
)
FIELD_SKILL = "Good understanding of {area} and of the relevant EU and international standards;"
DESIRABLE_QUALIFICATIONS = (
    "International experience, particularly in crisis areas with multi-national and international organisations.",
    "Previous experience in a CSDP mission or in a similar international organisation.",
    "Training in Hostile Environment Awareness (HEAT) or a similar course.",
    "Experience of working with national authorities in a post-conflict environment.",
)
DESIRABLE_FIELD = "Preferably a university degree in {degree}."
DESIRABLE_AREA = "Experience of working on {area} in a transition or post-conflict country."
DESIRABLE_SKILLS = (
    "Substantial knowledge of the functioning of the EU and in particular CSDP Missions;",
    "Ability to perform under stress and in difficult circumstances;",
    "Knowledge of project cycle management;",
    "Knowledge of another EU official language, in particular French;",
    "Ability to deliver presentations to senior audiences;",
)
REGION_SKILL = "Good understanding of the political, cultural and security situation of {country};"
LANGUAGE_SKILL = "Knowledge of the local language(s): {languages};"

EU_SECTIONS = (  # (kind, heading, smallest and largest number of items)
    (Section.Kind.REPORTING_LINE, "1. Reporting Line", 1, 1),
    (Section.Kind.MAIN_TASKS, "2. Main Tasks and Responsibilities", 6, 16),
    (Section.Kind.GENERAL_TASKS, "3. General Tasks and Responsibilities", 4, 6),
    (Section.Kind.ESSENTIAL_QUALIFICATIONS, "4. Essential Qualifications and Experience", 2, 4),
    (Section.Kind.ESSENTIAL_SKILLS, "5. Essential Knowledge, Skills and Abilities", 2, 8),
    (Section.Kind.DESIRABLE_QUALIFICATIONS, "6. Desirable Qualifications and Experience", 1, 5),
    (Section.Kind.DESIRABLE_SKILLS, "7. Desirable Knowledge, Skills and Abilities", 1, 7),
)
OSCE_SECTIONS = (
    (Section.Kind.GENERAL_MINIMUM_REQUIREMENTS, "General Minimum Requirements", 4, 4),
    (Section.Kind.FIELD_OF_EXPERTISE, "Field of Expertise Requirements", 3, 6),
    (Section.Kind.PROFESSIONAL_COMPETENCE, "Level of Professional Competence Requirements", 2, 4),
    (Section.Kind.MISSION_SPECIFIC_MANDATORY, "Mission Specific Requirements: Mandatory", 4, 14),
    (Section.Kind.MISSION_SPECIFIC_DESIRABLE, "Mission Specific Requirements: Desirable", 2, 4),
    (Section.Kind.TASKS, "Tasks and Responsibilities", 6, 12),
)
OSCE_MINIMUM = (
    "Excellent physical condition;",
    "Possession of a valid automobile driving license and ability to drive using manual transmission;",
    "Ability and willingness to work as a member of a team, with people of different cultural and religious "
    "backgrounds, different gender, and diverse political views, while maintaining impartiality and objectivity;",
    "Flexibility and ability to work under pressure and within limited time frames;",
    "Professional fluency in English, including excellent oral and written communication skills;",
)
OSCE_COMPETENCE = (
    "Minimum {years} years of relevant, diversified and progressively responsible professional experience at the national level;",
    "Minimum {years} years of relevant professional experience at the international level, of which at least 2 in a field operation;",
    "Demonstrated ability to take initiative and to act independently in complex situations;",
    "Demonstrated gender awareness and sensitivity, and an ability to integrate a gender perspective into tasks and activities;",
)
OSCE_GRADES = {
    Regime.SECONDED: (("S", 15), ("S1", 40), ("S2", 30), ("S3", 15)),
    Regime.CONTRACTED: (("P2", 30), ("P3", 35), ("P4", 25), ("P5", 10)),
}
POST_CATEGORIES = (
    ("Mission Support Staff – Management Level (MSML)", 45),
    ("Expert Level (EL)", 35),
    ("Mission Support Staff – Non-Management Level (MSNL)", 20),
)

EU_HOW_TO_APPLY = (
    "1) You have the nationality of an EU Member State: you must use Goalkeeper to apply:\n"
    "a) You are already registered on Goalkeeper AND you have an EU Login: https://goalkeeper.eeas.europa.eu/registrar/web\n"
    "b) You do not have a Goalkeeper account or an EU Login: https://goalkeeper.eeas.europa.eu/registrar/web/DPA/357/details.do\n"
    "2) You do not have the nationality of an EU Member State: Only seconded nationals of a non-EU Contributing Third "
    "State can be proposed by their National Seconding Authority (no personal applications will be considered): "
    "Please contact your seconding authority to send them your application form.\n"
    "Please note: Seconded positions are only available for candidates already validated in the database of their "
    "Seconding Authority. Please contact your National Seconding Authority for more information on applying for "
    "vacant seconded positions."
)
OSCE_HOW_TO_APPLY = (
    "If you wish to apply for this position, please use the OSCE's online application link found under "
    "https://vacancies.osce.org/. Seconded positions are open to nationals of participating States, nominated by "
    "their national authorities; contracted positions are open to nationals of all participating States. The OSCE "
    "retains the discretion to re-advertise the vacancy, to cancel the recruitment or to offer an appointment at a "
    "lower grade. Only those applicants who are selected to participate in the subsequent stages of the recruitment "
    "will be contacted."
)
EU_URLS = [
    "https://goalkeeper.eeas.europa.eu/registrar/web",
    "https://goalkeeper.eeas.europa.eu/registrar/web/DPA/357/details.do",
]
OSCE_URLS = ["https://vacancies.osce.org/"]
EU_PARTS = (
    (
        "I. Conditions of Service",
        "Seconded personnel – For seconded positions, only personnel nominations received through official channels "
        "from EU Member States will be considered. EU Member States will bear all personnel-related costs for seconded "
        "personnel, including salaries, medical coverage, travel expenses to and from the Mission area (including home "
        "leave) and allowances other than those paid according to the Council documents 7291/09 and 9084/13.\n"
        "Contracted personnel – International and local staff may exceptionally be recruited on a contractual basis if "
        "the functions required cannot be provided by personnel seconded by EU Member States.",
    ),
    (
        "II. Requirements",
        "Citizenship – Citizenship of a Member State of the European Union (EU) or of a Contributing Third State and "
        "full rights as a citizen. Integrity – The candidates must maintain the highest standards of personal integrity, "
        "impartiality and self-discipline. Negotiation skills – The candidates must have excellent interpersonal skills. "
        "Flexibility and adaptability – Ability to work in arduous conditions with a limited network of support, with "
        "unsocial working hours and a considerable workload.",
    ),
    (
        "III. Documents Required",
        "Passport – The selected candidates must have a valid passport. Security Clearance – The selected candidates "
        "will have to be in possession of the necessary level of Personnel Security Clearance (PSC) as specified in the "
        "respective job description. Certificate/Booklet of vaccination – To be deployed, selected personnel must be in "
        "possession of a valid certificate/booklet of vaccination for all vaccinations required for the Mission area.",
    ),
    (
        "IV. Additional Information",
        "Equal opportunities – The EEAS and Civilian CSDP Missions are committed to an equal opportunities policy for "
        "all its staff and applicants for posts. Selection process – Candidates considered to be most suitable will be "
        "shortlisted and, if needed, interviewed in Brussels, at the Headquarters of the Mission or via video conference "
        "before the final selection is made.",
    ),
)


# COPY text format --------------------------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """A value as a field of COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return copy_text("{" + ",".join(array_element(str(item)) for item in value) + "}")
    if isinstance(value, dict):
        return copy_text(json.dumps(value))
    return str(value).translate(_COPY_ESCAPES)


def array_element(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def copy_item(text: str) -> str:
    """One element of a text[] column, escaped once and for all."""
    return copy_text(array_element(text))


class CopyTable:
    """COPY into a model's table: the columns the generator fills, each auto_now(_add) column
    with the row's creation time, and the Python default of any other column that needs one.
    The database fills the rest: NULL, db_default, triggers."""

    def __init__(self, model: type[models.Model], filled: list[str]):
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        if missing := [name for name in filled if name not in fields]:
            raise CommandError(
                f"{model.__name__} has no field {', '.join(missing)}: update generate_posts."
            )
        stamps, defaults = [], []
        for f in model._meta.concrete_fields:
            if (
                f.attname in filled
                or isinstance(f, GeneratedField)
                or f.db_default is not NOT_PROVIDED
            ):
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                stamps.append(f)
            elif f.has_default():
                defaults.append(f)
            elif not f.null:
                raise CommandError(
                    f"generate_posts does not know what to put in {model.__name__}.{f.name}: "
                    "give the field a default, or teach the generator its value."
                )
        columns = [fields[name].column for name in filled] + [f.column for f in stamps + defaults]
        quote = connection.ops.quote_name
        self.sql = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
        )
        self.stamp_count = len(stamps)
        self.suffix = "".join("\t" + copy_text(f.get_default()) for f in defaults) + "\n"

    def line(self, values: list[str], stamp: str) -> str:
        """``values``: the filled columns, already in COPY text; ``stamp``: the creation time."""
        return "\t".join(values) + ("\t" + stamp) * self.stamp_count + self.suffix


class CopyWriter:
    """Lines for one COPY, handed over in chunks so Postgres works while Python generates."""

    def __init__(self, copy):
        self.copy, self.lines, self.size = copy, [], 0

    def write(self, line: str) -> None:
        self.lines.append(line)
        self.size += len(line)
        if self.size >= COPY_CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            self.copy.write("".join(self.lines))
            self.lines, self.size = [], 0


def copy_rows(cursor, table: CopyTable, lines) -> None:
    with cursor.copy(table.sql) as copy:
        writer = CopyWriter(copy)
        for line in lines:
            writer.write(line)
        writer.flush()


def reserve_ids(cursor, model: type[models.Model], count: int) -> int:
    """The first of ``count`` consecutive primary keys that no other insert will be given.

    The caller holds a lock on the table that blocks other inserts until it commits.
    """
    if count == 0:
        return 0
    cursor.execute(
        "SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column]
    )
    (sequence,) = cursor.fetchone()
    cursor.execute("SELECT nextval(%s)", [sequence])
    (first,) = cursor.fetchone()
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


# The plan: which calls, when, how many posts ------------------------------------------------


@dataclass
class CallPlan:
    mission: int  # index in MISSIONS
    posts: int
    deadline: datetime
    status: str
    vacancies: list[int]  # per post
    index: int = 0  # in deadline order: seeds the call's own random generator
    reference: str = ""


@dataclass
class Batch:
    """Calls written in one transaction, and the first id of each table's rows."""

    index: int
    calls: list[CallPlan]
    first_ids: dict = field(default_factory=dict)

    @property
    def counts(self) -> dict:
        eu_calls = [c for c in self.calls if MISSIONS[c.mission].organisation == "EEAS"]
        eu_posts = sum(c.posts for c in eu_calls)
        posts = sum(c.posts for c in self.calls)
        return {
            Call: len(self.calls),
            CallPart: len(EU_PARTS) * len(eu_calls),
            Post: posts,
            Vacancy: sum(sum(c.vacancies) for c in eu_calls),
            Section: len(EU_SECTIONS) * eu_posts + len(OSCE_SECTIONS) * (posts - eu_posts),
        }


@dataclass
class Pools:
    """Every sentence a job description can hold, escaped for COPY once, by field of work."""

    reporting: dict = field(default_factory=dict)  # title -> [lines]
    main: list = field(default_factory=list)  # per domain
    qualifications: list = field(default_factory=list)
    skills: list = field(default_factory=list)
    desirable_qualifications: list = field(default_factory=list)
    desirable_skills: list = field(default_factory=list)
    osce_expertise: list = field(default_factory=list)
    osce_mandatory: list = field(default_factory=list)
    osce_desirable: list = field(default_factory=list)
    mission_skills: list = field(default_factory=list)  # per mission


def build_pools() -> Pools:
    pools = Pools()
    years = (3, 5, 6, 8, 10)
    for domain in DOMAINS:
        for title in domain.titles:
            pools.reporting[title] = [
                copy_item(f"The {title} reports to the {boss}.") for boss in SUPERIORS
            ]
        main = [
            t.format(area=a, counterpart=c)
            for t in MAIN_TASKS
            for a in domain.areas
            for c in domain.counterparts
        ]
        pools.main.append([copy_item(s) for s in main + list(domain.tasks) * 8])
        pools.qualifications.append(
            [copy_item(EXPERIENCE.format(years=y)) for y in years]
            + [
                copy_item(FIELD_EXPERIENCE.format(years=y, area=a))
                for y in years
                for a in domain.areas
            ]
        )
        skills = (
            list(SKILLS)
            + [FIELD_SKILL.format(area=a) for a in domain.areas]
            + list(domain.skills) * 3
        )
        pools.skills.append([copy_item(s) for s in skills])
        pools.desirable_qualifications.append(
            [copy_item(s) for s in DESIRABLE_QUALIFICATIONS]
            + [copy_item(DESIRABLE_FIELD.format(degree=domain.degree))] * 2
            + [copy_item(DESIRABLE_AREA.format(area=a)) for a in domain.areas]
        )
        pools.desirable_skills.append([copy_item(s) for s in DESIRABLE_SKILLS + domain.skills])
        pools.osce_expertise.append(
            [copy_item(f"First-level university degree in {domain.degree} or a related field;")] * 3
            + [
                copy_item(FIELD_EXPERIENCE.format(years=y, area=a))
                for y in years
                for a in domain.areas
            ]
            + [copy_item(s) for s in domain.skills]
        )
        pools.osce_mandatory.append(
            [copy_item(s) for s in SKILLS + domain.skills]
            + [copy_item(FIELD_SKILL.format(area=a)) for a in domain.areas]
        )
        pools.osce_desirable.append(
            [copy_item(s) for s in DESIRABLE_QUALIFICATIONS + DESIRABLE_SKILLS]
        )
    for mission in MISSIONS:
        pools.mission_skills.append(
            [
                copy_item(REGION_SKILL.format(country=mission.country)),
                copy_item(LANGUAGE_SKILL.format(languages=mission.languages)),
            ]
        )
    return pools


def weighted(pairs):
    """(values, cumulative weights) for random.choices."""
    values = [value for value, _ in pairs]
    cumulative, total = [], 0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative


def brussels_time(when: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(when.astimezone(BRUSSELS).date(), time(hour, minute), tzinfo=BRUSSELS)


def duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}m{seconds:02d}s" if minutes else f"{seconds}s"


class Command(BaseCommand):
    help = (
        "Fill the database with N realistic generated posts (missions, calls, vacancies, job "
        "descriptions) for load tests. Generated missions are marked; --clear removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, required=True, help="How many posts to generate.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same data."
        )
        parser.add_argument(
            "--clear", action="store_true", help="Delete the generated data first (only it)."
        )
        parser.add_argument(
            "--open-share",
            type=float,
            default=0.05,
            help="Share of the calls still open (deadline in the next %d days); default 0.05."
            % OPEN_DAYS,
        )
        parser.add_argument("--batch", type=int, default=BATCH_POSTS, help="Posts per transaction.")

    def handle(self, *, posts, seed, clear, open_share, batch, verbosity, **options):
        if posts < 1:
            raise CommandError("--posts must be at least 1.")
        if not 0 <= open_share <= 1:
            raise CommandError("--open-share is a share, between 0 and 1.")
        started = clock.monotonic()
        self.quiet = verbosity == 0
        if clear:
            removed = clear_generated()
            if removed:
                self.progress(f"Deleted {removed:,} generated posts.")
        elif existing := generated_posts().count():
            raise CommandError(
                f"The database already has {existing:,} generated posts: pass --clear to replace them."
            )
        self.seed, self.now = seed, timezone.now()
        plan = self.plan(random.Random(seed), posts, open_share)
        self.missions = self.create_missions(sorted({call.mission for call in plan}))
        self.pools = build_pools()
        self.tables = {
            Call: CopyTable(
                Call,
                [
                    "id",
                    "mission_id",
                    "reference",
                    "title",
                    "slug",
                    "kind",
                    "deadline",
                    "published_at",
                    "how_to_apply",
                    "application_urls",
                    "contact",
                    "contact_email",
                    "source_document",
                    "status",
                ],
            ),
            CallPart: CopyTable(CallPart, ["id", "call_id", "order", "heading", "text"]),
            Post: CopyTable(
                Post,
                [
                    "id",
                    "call_id",
                    "ref",
                    "title",
                    "slug",
                    "grade",
                    "regime",
                    "post_category",
                    "location",
                    "duty_station",
                    "component",
                    "clearance",
                    "open_to_third_states",
                    "pending_deployment_acceptance",
                    "order",
                ],
            ),
            Vacancy: CopyTable(Vacancy, ["id", "post_id", "status", "availability", "order"]),
            Section: CopyTable(Section, ["id", "post_id", "kind", "heading", "order", "items"]),
        }
        batches = self.batches(plan, batch)
        done, next_report = 0, PROGRESS_EVERY
        for count in map(self.write_batch, batches):
            done += count
            if done >= next_report and done < posts:
                self.progress(
                    f"  {done:,} / {posts:,} posts, {duration(clock.monotonic() - started)}"
                )
                next_report = (done // PROGRESS_EVERY + 1) * PROGRESS_EVERY
        self.fill_derived_columns()
        with connection.cursor() as cursor:
            for model in (Organisation, Mission, Call, CallPart, Post, Vacancy, Section):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        self.stdout.write(
            f"Generated {posts:,} posts in {len(plan):,} calls of {len(self.missions)} missions "
            f"in {duration(clock.monotonic() - started)}."
        )

    def batches(self, plan: list[CallPlan], size: int) -> list["Batch"]:
        """Cut the plan into transactions of about ``size`` posts, and reserve every id the
        rows will need now, so that each batch is written in one COPY per table."""
        batches, first = [], 0
        while first < len(plan):
            last, count = first, 0
            while last < len(plan) and count < size:
                count += plan[last].posts
                last += 1
            batches.append(Batch(len(batches), plan[first:last]))
            first = last
        totals = {model: sum(b.counts[model] for b in batches) for model in self.tables}
        with transaction.atomic(), connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in self.tables)
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
            next_ids = {model: reserve_ids(cursor, model, totals[model]) for model in self.tables}
        for batch in batches:
            for model in self.tables:
                batch.first_ids[model] = next_ids[model]
                next_ids[model] += batch.counts[model]
        self.planned_batches = batches
        return batches

    def progress(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)

    # Plan ---------------------------------------------------------------------------------

    def plan(self, rng: random.Random, total: int, open_share: float) -> list[CallPlan]:
        """Calls in deadline order, so that ids grow with time as they would in production.
        Vacancy counts are drawn here: a batch's ids are reserved before it is written."""
        now = self.now
        calls, remaining = [], total
        archive = ARCHIVE_YEARS * 365 * 86400
        while remaining:
            mission = rng.choices(MISSION_INDEXES, cum_weights=MISSION_CALL_CUMULATIVE)[0]
            eu = MISSIONS[mission].organisation == "EEAS"
            size = min(remaining, round(rng.triangular(*EU_CALL_SIZE)) if eu else 1)
            remaining -= size
            # OSCE notices state no vacancy counts (seed 003), so their posts have none.
            vacancies = (
                [rng.choices((1, 2, 3), cum_weights=(88, 97, 100))[0] for _ in range(size)]
                if eu
                else []
            )
            if rng.random() < open_share:
                day = now + timedelta(seconds=rng.uniform(86400, OPEN_DAYS * 86400))
                status = Call.Status.DRAFT if rng.random() < 0.02 else Call.Status.PUBLISHED
            else:
                day = now - timedelta(seconds=rng.uniform(86400, archive))
                status = Call.Status.WITHDRAWN if rng.random() < 0.01 else Call.Status.PUBLISHED
            deadline = brussels_time(day, 17) if eu else brussels_time(day, 23, 59)
            calls.append(CallPlan(mission, size, deadline, status, vacancies))
        calls.sort(key=lambda call: call.deadline)
        numbers = {}
        for index, call in enumerate(calls):
            call.index = index
            if MISSIONS[call.mission].organisation == "EEAS":
                year = call.deadline.year
                numbers[call.mission, year] = n = numbers.get((call.mission, year), 0) + 1
                call.reference = f"{n}-{year}"
        return calls

    def create_missions(self, indexes: list[int]) -> dict[int, Mission]:
        organisations = {
            key: Organisation.objects.get_or_create(name=name, defaults={"acronym": key})[0]
            for key, name in ORGANISATIONS.items()
        }
        missions = Mission.objects.bulk_create(
            Mission(
                organisation=organisations[MISSIONS[i].organisation],
                name=MISSIONS[i].name + GENERATED_NAME_SUFFIX,
                acronym=MISSIONS[i].acronym,
                country=MISSIONS[i].country,
                slug=GENERATED_SLUG_PREFIX + slugify(MISSIONS[i].acronym),
            )
            for i in indexes
        )
        return dict(zip(indexes, missions))

    # Rows ---------------------------------------------------------------------------------

    def write_batch(self, batch: Batch) -> int:
        """One transaction. Sections go in before their posts (the foreign keys are checked
        at commit), so that a trigger computing a post's search document on insert sees them."""
        ids = dict(batch.first_ids)
        call_lines, part_lines, post_lines, vacancy_lines, posts = [], [], [], [], []
        for call in batch.calls:
            self.rng = rng = self.random(call, "rows")
            spec = MISSIONS[call.mission]
            eu = spec.organisation == "EEAS"
            call_id = ids[Call]
            ids[Call] += 1
            published = call.deadline - timedelta(days=rng.randint(14, 40), hours=rng.randint(0, 8))
            if published > self.now:  # an open call with a far deadline: published lately
                published = self.now - timedelta(seconds=rng.uniform(3600, 14 * 86400))
            stamp = copy_text(published)
            call_posts = self.posts_of(call, spec, ids[Post])
            ids[Post] += len(call_posts)
            if eu:
                title = f"{call.reference} {'Extraordinary ' if rng.random() < 0.1 else ''}Call for Contributions"
            else:
                title = f"{call_posts[0]['title']} ({call_posts[0]['grade']})"
            call_lines.append(
                self.tables[Call].line(
                    [
                        str(call_id),
                        str(self.missions[call.mission].pk),
                        copy_text(call.reference),
                        copy_text(title),
                        slugify(title)[:80] or "call",
                        Call.Kind.CALL_FOR_CONTRIBUTIONS if eu else Call.Kind.VACANCY_NOTICE,
                        copy_text(call.deadline),
                        r"\N" if call.status == Call.Status.DRAFT else stamp,
                        copy_text(EU_HOW_TO_APPLY if eu else OSCE_HOW_TO_APPLY),
                        copy_text(EU_URLS if eu else OSCE_URLS),
                        copy_text("Civilian Operations Headquarters (CivOpsHQ)" if eu else ""),
                        copy_text(
                            f"CIVOPSHQ-HR-{slugify(spec.acronym)}@eeas.europa.eu" if eu else ""
                        ),
                        "",
                        call.status,
                    ],
                    stamp,
                )
            )
            if eu:
                for order, (heading, text) in enumerate(EU_PARTS):
                    part_lines.append(
                        self.tables[CallPart].line(
                            [
                                str(ids[CallPart]),
                                str(call_id),
                                str(order),
                                copy_text(heading),
                                copy_text(text),
                            ],
                            stamp,
                        )
                    )
                    ids[CallPart] += 1
            for post, vacancies in zip(call_posts, call.vacancies or [0] * len(call_posts)):
                post["call"], post["call_plan"], post["stamp"] = call_id, call, stamp
                post_lines.append(self.post_line(post))
                posts.append(post)
                for order in range(vacancies):
                    vacancy_lines.append(self.vacancy_line(ids[Vacancy], post, call, order))
                    ids[Vacancy] += 1
        # Every row is ready before the transaction starts: writers take turns on the row
        # that migration 0006's triggers bump, so the Python work overlaps another batch's.
        section_lines = list(self.section_lines(posts, ids[Section]))
        with transaction.atomic(), connection.cursor() as cursor:
            # The statement triggers' transition tables hold a batch's rows (about 40 MB of
            # posts and sections): in memory, not spilled to disk at the default 4 MB.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            copy_rows(cursor, self.tables[Call], call_lines)
            copy_rows(cursor, self.tables[CallPart], part_lines)
            copy_rows(cursor, self.tables[Section], section_lines)
            copy_rows(cursor, self.tables[Post], post_lines)
            copy_rows(cursor, self.tables[Vacancy], vacancy_lines)
        return len(posts)

    def random(self, call: CallPlan, use: str) -> random.Random:
        """Each call has its own generators: the data depends on the seed alone, not on how
        the calls are cut into batches or on which process writes them."""
        return random.Random((self.seed << 40) + (call.index << 1) + (use == "sections"))

    def posts_of(self, call: CallPlan, spec: MissionSpec, first_id: int) -> list[dict]:
        rng = self.rng
        eu = spec.organisation == "EEAS"
        stations, station_weights = weighted(spec.duty_stations)
        domains = rng.choices(
            range(len(DOMAINS)),
            weights=OSCE_DOMAIN_WEIGHTS if not eu else None,
            cum_weights=EU_DOMAIN_CUMULATIVE if eu else None,
            k=call.posts,
        )
        refs = rng.sample(range(60000, 70000), call.posts) if eu else []
        refs.sort()
        posts, seconded = [], []
        for order, domain_index in enumerate(domains):
            domain = DOMAINS[domain_index]
            post = {
                "id": first_id + order,
                "order": order,
                "eu": eu,
                "mission": call.mission,
                "domain": domain_index,
                "title": rng.choice(domain.titles),
                "station": rng.choices(stations, cum_weights=station_weights)[0]
                if eu or rng.random() < 0.9
                else "",
                "component": rng.choice(domain.components) if eu or rng.random() < 0.5 else "",
            }
            draw = rng.random()
            if eu:
                post["regime"] = (
                    Regime.SECONDED
                    if draw < 0.80
                    else Regime.SECONDED_CONTRACTED
                    if draw < 0.95
                    else Regime.CONTRACTED
                )
                post["ref"], post["grade"] = f"{spec.ref_prefix} {refs[order]}", ""
                if post["regime"] == Regime.SECONDED_CONTRACTED and seconded and rng.random() < 0.2:
                    # Seed 001: the same post advertised as seconded and as seconded/contracted.
                    twin = seconded.pop(rng.randrange(len(seconded)))
                    for name in ("ref", "title", "domain", "station", "component"):
                        post[name] = twin[name]
                elif post["regime"] == Regime.SECONDED:
                    seconded.append(post)
            else:
                post["regime"] = regime = Regime.SECONDED if draw < 0.8 else Regime.CONTRACTED
                post["ref"] = ""
                post["grade"] = rng.choices(GRADES[regime][0], cum_weights=GRADES[regime][1])[0]
            posts.append(post)
        return posts

    def post_line(self, post: dict) -> str:
        rng = self.rng
        spec = MISSIONS[post["mission"]]
        if post["eu"]:
            draw = rng.random()
            clearance = (
                Clearance.NOT_REQUIRED
                if draw < 0.58
                else Clearance.EU_SECRET
                if draw < 0.86
                else Clearance.EU_CONFIDENTIAL
                if draw < 0.94
                else Clearance.EU_RESTRICTED
                if draw < 0.97
                else Clearance.EU_TOP_SECRET
                if draw < 0.98
                else None
            )
            third_states = rng.random() < 0.5
            pending = rng.random() < 0.05
        else:
            clearance = third_states = None  # OSCE notices state neither
            pending = False
        category = ""
        if post["regime"] != Regime.SECONDED and post["eu"]:
            category = rng.choices(CATEGORIES[0], cum_weights=CATEGORIES[1])[0]
        return self.tables[Post].line(
            [
                str(post["id"]),
                str(post["call"]),
                post["ref"],
                copy_text(post["title"]),
                SLUGS[post["title"]],
                post["grade"],
                post["regime"],
                copy_text(category),
                copy_text(spec.region),
                copy_text(post["station"]),
                copy_text(post["component"]),
                copy_text(None if clearance is None else int(clearance)),
                copy_text(third_states),
                copy_text(pending),
                str(post["order"]),
            ],
            post["stamp"],
        )

    def vacancy_line(self, vacancy_id: int, post: dict, call: CallPlan, order: int) -> str:
        rng = self.rng
        status = Vacancy.Status.PENDING if rng.random() < 0.1 else Vacancy.Status.CONFIRMED
        available = None
        if rng.random() >= 0.65:  # else as soon as possible
            available = call.deadline.date() + timedelta(days=rng.randint(20, 150))
        return self.tables[Vacancy].line(
            [str(vacancy_id), str(post["id"]), status, copy_text(available), str(order)],
            post["stamp"],
        )

    def section_lines(self, posts: list[dict], first_id: int):
        pools, table = self.pools, self.tables[Section]
        section_id, call = first_id, None
        for post in posts:
            if post["call_plan"] is not call:
                call = post["call_plan"]
                rng = self.random(call, "sections")
                sample, randint = rng.sample, rng.randint
            d = post["domain"]
            if post["eu"]:
                mission = pools.mission_skills[post["mission"]]
                general = list(GENERAL_ITEMS)
                if rng.random() < 0.2:
                    general.insert(3, sample(EXTRA_GENERAL_ITEMS, 1)[0])
                desirable = sample(pools.desirable_skills[d], randint(1, 5))
                if rng.random() < 0.6:
                    desirable += mission
                items = (
                    [rng.choice(pools.reporting[post["title"]])],
                    sample(pools.main[d], randint(6, 16)),
                    general,
                    [rng.choice(DEGREE_ITEMS)] + sample(pools.qualifications[d], randint(1, 3)),
                    sample(pools.skills[d], randint(2, 8)),
                    sample(pools.desirable_qualifications[d], randint(1, 5)),
                    desirable,
                )
                sections = EU_SECTIONS
            else:
                items = (
                    sample(OSCE_MINIMUM_ITEMS, 4),
                    sample(pools.osce_expertise[d], randint(3, 6)),
                    sample(OSCE_COMPETENCE_ITEMS, randint(2, 4)),
                    sample(pools.osce_mandatory[d], randint(4, 14)),
                    sample(pools.osce_desirable[d], randint(2, 4)),
                    sample(pools.main[d], randint(6, 12)),
                )
                sections = OSCE_SECTIONS
            for order, ((kind, heading, _, _), chosen) in enumerate(zip(sections, items)):
                yield table.line(
                    [
                        str(section_id),
                        str(post["id"]),
                        kind,
                        heading,
                        str(order),
                        "{" + ",".join(chosen) + "}",
                    ],
                    post["stamp"],
                )
                section_id += 1

    # After the load -----------------------------------------------------------------------

    def fill_derived_columns(self) -> None:
        """Search vectors are computed by the database on insert (migration 0003's trigger).
        Should a vector still be empty (a trigger that no longer fires on insert), have the
        database compute it once, set-based, by touching the post: its update trigger does."""
        for f in Post._meta.concrete_fields:
            if not isinstance(f, SearchVectorField):
                continue
            empty = generated_posts().filter(**{f"{f.attname}__isnull": True})
            if not empty.exists():
                continue
            updated = empty.update(title=F("title"))
            if empty.exists():
                self.stderr.write(
                    f"Post.{f.name} is still empty on generated posts: nothing in the database fills it "
                    "on insert or update. Teach generate_posts how to compute it."
                )
            else:
                self.progress(f"Filled Post.{f.name} of {updated:,} posts.")


# Derived once, at import: the hot loops only pick from these.
SLUGS = {title: slugify(title)[:80] or "post" for domain in DOMAINS for title in domain.titles}
EU_DOMAIN_CUMULATIVE = weighted([(i, d.weight) for i, d in enumerate(DOMAINS)])[1]
EU_CALL_SIZE = (3, 45, 20)  # smallest, largest, most common number of posts of an EU call
# A mission's weight is its share of posts; an OSCE notice has one post, an EU call ~23.
MISSION_INDEXES, MISSION_CALL_CUMULATIVE = weighted(
    [
        (i, m.weight / (sum(EU_CALL_SIZE) / 3 if m.organisation == "EEAS" else 1))
        for i, m in enumerate(MISSIONS)
    ]
)
GRADES = {regime: weighted(grades) for regime, grades in OSCE_GRADES.items()}
CATEGORIES = weighted(POST_CATEGORIES)
GENERAL_ITEMS = [copy_item(s) for s in GENERAL_TASKS]
EXTRA_GENERAL_ITEMS = [copy_item(s) for s in EXTRA_GENERAL_TASKS]
DEGREE_ITEMS = [copy_item(s) for s in DEGREES]
OSCE_MINIMUM_ITEMS = [copy_item(s) for s in OSCE_MINIMUM]
OSCE_COMPETENCE_ITEMS = [copy_item(s.format(years=y)) for s in OSCE_COMPETENCE for y in (2, 4, 6)]


def generated_missions():
    return Mission.objects.filter(
        slug__startswith=GENERATED_SLUG_PREFIX, name__endswith=GENERATED_NAME_SUFFIX
    )


def generated_posts():
    return Post.objects.filter(call__mission__in=generated_missions())


def clear_generated() -> int:
    """Delete the generated missions and everything under them, set-based; return the number
    of posts deleted. Real missions, their calls and the organisations are left alone."""
    count = generated_posts().count()
    missions = list(generated_missions().values_list("pk", flat=True))
    if not missions:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        delete_cascading(
            cursor, Call, f"{Call._meta.get_field('mission').column} = ANY(%s)", [missions]
        )
        delete_cascading(cursor, Mission, "id = ANY(%s)", [missions])
    return count


def delete_cascading(cursor, model: type[models.Model], where: str, params: list) -> None:
    """DELETE the rows of ``model`` matching ``where``, then the rows that depend on them
    (CASCADE relations, in any app), and clear SET_NULL references to them.

    Django's own deletion would load a million posts into memory first. Parents go first:
    the foreign keys are checked at commit, and the search-vector trigger on sections then
    finds no post left to recompute.
    """
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, quote(model._meta.pk.column)
    doomed = quote(f"doomed_{table}")
    cursor.execute(f"DROP TABLE IF EXISTS {doomed}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {doomed} ON COMMIT DROP AS SELECT {pk} AS id FROM {quote(table)} WHERE {where}",
        params,
    )
    cursor.execute(f"DELETE FROM {quote(table)} WHERE {pk} IN (SELECT id FROM {doomed})")
    for relation in model._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        related = relation.related_model
        column = quote(relation.field.column)
        condition = f"{column} IN (SELECT id FROM {doomed})"
        if relation.on_delete is models.CASCADE:
            delete_cascading(cursor, related, condition, [])
        elif relation.on_delete is models.SET_NULL:
            cursor.execute(
                f"UPDATE {quote(related._meta.db_table)} SET {column} = NULL WHERE {condition}"
            )
        # PROTECT, RESTRICT, DO_NOTHING: the database's foreign key refuses at commit if rows remain.
