"""Fields of work (justice, police, border, security, finance ...): the titles, units and
words of each field's job descriptions, and its share of the posts.

One table of data, longer than a module should be: one string a line where it fits, as
formatted.
"""

from dataclasses import dataclass


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
            (
                "To monitor selected criminal and civil cases at all stages of the proceedings and "
                "to report on shortcomings in the application of the law;"
            ),
            (
                "To attend court hearings and to assess the fairness and efficiency of the "
                "proceedings;"
            ),
            (
                "To monitor the conditions of detention and the treatment of prisoners in "
                "correctional facilities;"
            ),
        ),
        (
            (
                "Thorough knowledge of criminal procedure and of international standards of fair "
                "trial;"
            ),
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
            (
                "Operations Department/ Police Information & Operations Component/ Police Advisors "
                "Unit"
            ),
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
            (
                "To monitor police operations and investigations and to report on their compliance "
                "with the law;"
            ),
            (
                "To advise on the intelligence-led policing model and the analysis of crime "
                "statistics;"
            ),
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
            (
                "To support the development of inter-agency cooperation between border, customs "
                "and police services;"
            ),
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
            (
                "To carry out security risk assessments of Mission premises, residences and travel "
                "routes;"
            ),
            (
                "To plan and conduct close protection of the Head of Mission and of visiting EU "
                "officials;"
            ),
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
            (
                "To ensure that payments comply with the EU Financial Regulation and the Mission's "
                "procedures;"
            ),
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
            (
                "Mission Support Department/ Technical Services/ Communication and Information "
                "Systems (CIS) Unit"
            ),
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
            (
                "To manage the Mission's fleet of vehicles, including its maintenance and fuel "
                "consumption;"
            ),
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
            (
                "To manage the Mission's project funds and to follow the implementation of its "
                "projects;"
            ),
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
            (
                "To monitor the handling of cases of gender-based violence by the police and the "
                "courts;"
            ),
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
            (
                "To monitor the situation of non-majority communities and their access to rights "
                "and services;"
            ),
            (
                "To support municipalities in the implementation of the legislation on the use of "
                "languages;"
            ),
        ),
        ("Knowledge of OSCE commitments in the human dimension;",),
        "political science, law or international relations",
    ),
]
# OSCE notices: mostly the human dimension (the last domain), fewer support posts.
OSCE_DOMAIN_WEIGHTS = [d.weight for d in DOMAINS[:-1]] + [25]
