"""The words of generated calls and job descriptions: sentences with blanks for a field's
areas and counterparts, the sections of EU and OSCE job descriptions, grades, categories,
and the general parts of an EU call. Escaped for COPY once, in rows.py."""

from vacancies.models import Regime, Section

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
    (
        "To assess the capacities and needs of {counterpart} in {area} and to propose measures to "
        "address the gaps identified;"
    ),
    (
        "To draft regular and ad hoc reports on {area}, including recommendations for the "
        "Mission's leadership;"
    ),
    (
        "To support {counterpart} in the development of strategies, policies and action plans "
        "related to {area};"
    ),
    (
        "To liaise and coordinate with international partners, donors and other actors working on "
        "{area}, in order to avoid duplication of efforts;"
    ),
    (
        "To identify, plan and implement projects in the field of {area}, in cooperation with the "
        "Mission's Project Cell;"
    ),
    "To organise and deliver training, workshops and seminars for {counterpart} on {area};",
    (
        "To follow developments in {area} and to provide timely analysis and early warning to the "
        "line manager;"
    ),
    (
        "To contribute to the review of the legal framework governing {area} and to propose "
        "amendments in line with EU and international standards;"
    ),
    (
        "To maintain a network of contacts within {counterpart} and to promote local ownership of "
        "the reforms in {area};"
    ),
    "To advise the Head of Component on all matters related to {area};",
    (
        "To monitor the implementation of the recommendations issued to {counterpart} on {area} "
        "and to report on progress;"
    ),
    (
        "To prepare briefings, talking points and presentations on {area} for visits of EU "
        "officials and other stakeholders;"
    ),
    (
        "To ensure that gender equality and human rights are mainstreamed in the Mission's work on "
        "{area};"
    ),
    "To collect and analyse data and statistics on {area} and to maintain the relevant databases;",
    "To participate in joint meetings and working groups with {counterpart} on {area};",
    (
        "To support the planning and evaluation of the Mission's activities on {area}, including "
        "the definition of benchmarks and indicators;"
    ),
    "To coordinate with the other Mission components to ensure a coherent approach to {area};",
    "To provide on-the-job advice and coaching to mid- and senior-level staff of {counterpart};",
    (
        "To undertake field visits across the area of responsibility to monitor {area} and to meet "
        "local counterparts;"
    ),
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
    (
        "Successful completion of university studies of at least 3 years attested by a diploma OR "
        "a qualification in the National Qualifications Framework which is equivalent to level 6 "
        "in the European Qualifications Framework OR a qualification of the first cycle under the "
        "framework of qualifications of the European Higher Education Area, e.g. Bachelor's "
        "Degree. AND"
    ),
    (
        "Successful completion of university studies of at least 4 years attested by a diploma OR "
        "a qualification in the National Qualifications Framework which is equivalent to level 7 "
        "in the European Qualifications Framework OR a qualification of the second cycle under the "
        "framework of qualifications of the European Higher Education Area, e.g. Master's Degree. "
        "AND"
    ),
    (
        "Successful completion of a full course of general secondary education and/or a relevant "
        "vocational training attested by a diploma. AND"
    ),
)
EXPERIENCE = (
    "A minimum of {years} years of relevant professional experience, after having obtained the "
    "education requirements."
)
FIELD_EXPERIENCE = (
    "A minimum of {years} years of professional experience in {area}, of which at least 2 years at "
    "management level."
)
SKILLS = (
    "Good drafting and reporting skills;",
    "Excellent communication and interpersonal skills;",
    "Ability to perform under stress and in difficult circumstances;",
    "Ability to work in a multicultural and multinational environment, with respect for diversity;",
    "Full command of the English language, written and spoken;",
    (
        "Good understanding or experience of rule of law and/or civilian crisis management "
        "interventions;"
    ),
    "Knowledge of the functioning of the EU and in particular of CSDP missions;",
    "Proficiency in Microsoft Office applications (Word, Excel, PowerPoint, Outlook);",
    "Valid driving licence for manual transmission vehicles;",
    "Good organisational skills and ability to prioritise a heavy workload;",
    "Strong analytical and problem-solving skills;",
    "Ability to establish and maintain effective working relations with national counterparts;",
)
FIELD_SKILL = "Good understanding of {area} and of the relevant EU and international standards;"
DESIRABLE_QUALIFICATIONS = (
    (
        "International experience, particularly in crisis areas with multi-national and "
        "international organisations."
    ),
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
    (
        "Possession of a valid automobile driving license and ability to drive using manual "
        "transmission;"
    ),
    (
        "Ability and willingness to work as a member of a team, with people of different cultural "
        "and religious backgrounds, different gender, and diverse political views, while "
        "maintaining impartiality and objectivity;"
    ),
    "Flexibility and ability to work under pressure and within limited time frames;",
    "Professional fluency in English, including excellent oral and written communication skills;",
)
OSCE_COMPETENCE = (
    (
        "Minimum {years} years of relevant, diversified and progressively responsible professional "
        "experience at the national level;"
    ),
    (
        "Minimum {years} years of relevant professional experience at the international level, of "
        "which at least 2 in a field operation;"
    ),
    "Demonstrated ability to take initiative and to act independently in complex situations;",
    (
        "Demonstrated gender awareness and sensitivity, and an ability to integrate a gender "
        "perspective into tasks and activities;"
    ),
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
    "a) You are already registered on Goalkeeper AND you have an EU Login: "
    "https://goalkeeper.eeas.europa.eu/registrar/web\n"
    "b) You do not have a Goalkeeper account or an EU Login: "
    "https://goalkeeper.eeas.europa.eu/registrar/web/DPA/357/details.do\n"
    "2) You do not have the nationality of an EU Member State: Only seconded nationals of a non-EU "
    "Contributing Third State can be proposed by their National Seconding Authority (no personal "
    "applications will be considered): Please contact your seconding authority to send them your "
    "application form.\n"
    "Please note: Seconded positions are only available for candidates already validated in the "
    "database of their Seconding Authority. Please contact your National Seconding Authority for "
    "more information on applying for vacant seconded positions."
)
OSCE_HOW_TO_APPLY = (
    "If you wish to apply for this position, please use the OSCE's online application link found "
    "under https://vacancies.osce.org/. Seconded positions are open to nationals of participating "
    "States, nominated by their national authorities; contracted positions are open to nationals "
    "of all participating States. The OSCE retains the discretion to re-advertise the vacancy, to "
    "cancel the recruitment or to offer an appointment at a lower grade. Only those applicants who "
    "are selected to participate in the subsequent stages of the recruitment will be contacted."
)
EU_URLS = [
    "https://goalkeeper.eeas.europa.eu/registrar/web",
    "https://goalkeeper.eeas.europa.eu/registrar/web/DPA/357/details.do",
]
OSCE_URLS = ["https://vacancies.osce.org/"]
EU_PARTS = (
    (
        "I. Conditions of Service",
        (
            "Seconded personnel – For seconded positions, only personnel nominations received "
            "through official channels from EU Member States will be considered. EU Member States "
            "will bear all personnel-related costs for seconded personnel, including salaries, "
            "medical coverage, travel expenses to and from the Mission area (including home leave) "
            "and allowances other than those paid according to the Council documents 7291/09 and "
            "9084/13.\n"
            "Contracted personnel – International and local staff may exceptionally be recruited "
            "on a contractual basis if the functions required cannot be provided by personnel "
            "seconded by EU Member States."
        ),
    ),
    (
        "II. Requirements",
        (
            "Citizenship – Citizenship of a Member State of the European Union (EU) or of a "
            "Contributing Third State and full rights as a citizen. Integrity – The candidates "
            "must maintain the highest standards of personal integrity, impartiality and "
            "self-discipline. Negotiation skills – The candidates must have excellent "
            "interpersonal skills. Flexibility and adaptability – Ability to work in arduous "
            "conditions with a limited network of support, with unsocial working hours and a "
            "considerable workload."
        ),
    ),
    (
        "III. Documents Required",
        (
            "Passport – The selected candidates must have a valid passport. Security Clearance – "
            "The selected candidates will have to be in possession of the necessary level of "
            "Personnel Security Clearance (PSC) as specified in the respective job description. "
            "Certificate/Booklet of vaccination – To be deployed, selected personnel must be in "
            "possession of a valid certificate/booklet of vaccination for all vaccinations "
            "required for the Mission area."
        ),
    ),
    (
        "IV. Additional Information",
        (
            "Equal opportunities – The EEAS and Civilian CSDP Missions are committed to an equal "
            "opportunities policy for all its staff and applicants for posts. Selection process – "
            "Candidates considered to be most suitable will be shortlisted and, if needed, "
            "interviewed in Brussels, at the Headquarters of the Mission or via video conference "
            "before the final selection is made."
        ),
    ),
)
