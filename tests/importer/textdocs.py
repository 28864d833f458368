"""Small calls written for the parser tests, in layouts the seeds do not use.

``VARIANT`` is a call for contributions of another mission (other refs, other label
spellings, lower-case "vacancies", a post with six sections, other date formats), written
down once as labelled fields and rendered several ways: as a PDF text extractor gives it
(labels and values on separate, wrapped lines), as one block per line, as table cells of
several lines (DOCX), as tab-separated text and as an HTML page.
"""

from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass, field
from html import escape

from vacancies.importer.model import Block

TITLE_BLOCK = [
    "EUROPEAN EXTERNAL ACTION SERVICE",
    "Annex 1",
    "European Union Monitoring Mission in Georgia",
    "EUMM",
    "12-2024 Call for Contributions",
    "Requirements and Job Descriptions",
]


@dataclass
class Row:
    ref: str
    title: str
    station: str
    availability: str


@dataclass
class Post:
    fields: list[tuple[str, str]]  # (label, value) as printed
    sections: list[tuple[str, list[str]]]  # (heading, items); the reporting line is prose


@dataclass
class Call:
    header: list[tuple[str, str]]  # fields before the rows
    groups: list[tuple[str, list[Row]]]  # ("Seconded (4)", rows)
    closing: list[tuple[str, list[str]]]  # deadline, how to apply, contact: label, lines
    parts: list[tuple[str, str]]  # (heading, text)
    posts: list[Post] = field(default_factory=list)
    title_block: list[str] = field(default_factory=lambda: list(TITLE_BLOCK))


def sections(title: str, *, desirable_skills: bool = True) -> list[tuple[str, list[str]]]:
    found = [
        ("1. Reporting Line:", [f"The {title} reports to the Head of the Field Office."]),
        (
            "2. Main Tasks and Responsibilities:",
            [
                f"To monitor and report on the security situation in the area of the {title};",
                "To liaise with local authorities, international organisations and civil society;",
            ],
        ),
        (
            "3. General Tasks and Responsibilities:",
            ["To contribute to mission reporting in the area of competence;"],
        ),
        (
            "4. Essential Qualifications and Experience:",
            [
                (
                    "Successful completion of university studies of at least 3 years attested by a"
                    " diploma; AND"
                ),
                "A minimum of 3 years of relevant professional experience.",
            ],
        ),
        (
            "5. Essential Knowledge, Skills and Abilities:",
            ["Excellent drafting skills in English;"],
        ),
        ("6. Desirable Qualifications and Experience:", ["Experience in a CSDP mission."]),
    ]
    if desirable_skills:
        found.append(
            ("7. Desirable Knowledge, Skills and Abilities:", ["Knowledge of Georgian or Russian."])
        )
    return found


VARIANT = Call(
    header=[
        ("Organisation:", "European Union Monitoring Mission in Georgia"),
        ("Job location:", "As indicated below"),
        ("Employment regime:", "As indicated below"),
    ],
    groups=[
        (
            "Seconded (4)",
            [
                Row("GEO SW 03a*", "Field Monitor", "Gori", "01.12.2024"),
                Row("LIBHM15", "Human Rights Adviser", "Tripoli", "01/10/2020"),
                Row("LIBHM15", "Human Rights Adviser", "Tripoli", "ASAP"),
                Row("SOM 094", "Maritime Legal Adviser", "Mogadishu", "ASAP"),
            ],
        ),
        ("Contracted (1)", [Row("NI 11", "Logistics Officer", "Niamey", "15 March 2025")]),
    ],
    closing=[
        ("Deadline for applications:", ["Friday 02 October 2015 at 1700"]),
        (
            "Applications must be submitted to:",
            ["Apply online:", "https://goalkeeper.example.eu/apply"],
        ),
        (
            "Information:",
            [
                "For more information, please contact the Civilian Operations Headquarters:",
                "Ms Jane DOE",
                "jane.doe@example.eu",
            ],
        ),
    ],
    parts=[
        (
            "I. GENERAL CONDITIONS",
            (
                "The European Union Monitoring Mission in Georgia (EUMM Georgia) asks candidates to"
                " be flexible and able to work in arduous conditions."
            ),
        ),
        (
            "IV. ADDITIONAL INFORMATION",
            "Equal opportunities – The EEAS is committed to an equal opportunities policy.",
        ),
    ],
    posts=[
        Post(
            [
                ("Position Name:", "Field Monitor"),
                ("Employment Regime:", "Seconded"),
                ("Ref. number:", "GEO SW 03a*"),
                ("Confirmed vacancies:", "1"),
                ("Pending vacancies:", "0"),
                ("Location:", "Georgia"),
                ("Availability:", "01.12.2024"),
                ("Component/ Department/ Unit:", "Field Office Gori/ Monitoring Team"),
                ("Level of Security Clearance:", "EU RESTRICTED"),
                ("Open to Contributing Third States:", "Yes"),
            ],
            sections("Field Monitor"),
        ),
        Post(
            [
                ("Position:", "Human Rights Adviser"),
                ("Employment Regime:", "Seconded"),
                ("Ref. Number:", "LIBHM15"),
                ("Confirmed Vacancies:", "1"),
                ("Pending Vacancies:", "1"),
                ("Location:", "Libya"),
                ("Availability:", "01/10/2020 & ASAP"),
                ("Component/Department/Unit:", "Operations Department/ Human Rights & Gender Unit"),
                ("Security Clearance Level:", "EU SECRET"),
                ("Open to Contributing Third States:", "NO"),
            ],
            sections("Human Rights Adviser", desirable_skills=False),
        ),
        Post(
            [
                ("Position:", "Maritime Legal Adviser"),
                ("Employment Regime:", "Seconded"),
                ("Ref. Number:", "SOM 094"),
                ("Confirmed Vacancies:", "1"),
                ("Pending Vacancies:", "0"),
                ("Location:", "Somalia"),
                ("Availability:", "ASAP"),
                ("Component/Department/Unit:", "Maritime Security Component"),
                ("Security Clearance Level:", "EU CONFIDENTIAL"),
                ("Open to Contributing Third States:", "NO"),
            ],
            sections("Maritime Legal Adviser"),
        ),
        Post(
            [
                ("Position:", "Logistics Officer"),
                ("Employment Regime:", "Contracted"),
                (
                    "Post Category for Contracted:",
                    "Mission Support Staff – Management Level (MSML)",
                ),
                ("Ref. Number:", "NI 11"),
                ("Confirmed Vacancies:", "1"),
                ("Pending Vacancies:", "0"),
                ("Location:", "Niger"),
                ("Availability:", "15 March 2025"),
                ("Component/ Department/ Unit:", "Mission Support Department/ Logistics Unit"),
                ("Level of Security Clearance:", "Not required"),
                ("Open to Contributing Third States:", "YES"),
            ],
            sections("Logistics Officer"),
        ),
    ],
)


def replace_row(call: Call, ref: str, **changes: str) -> Call:
    """The call with the first header row of ``ref`` changed (the post itself is not)."""
    groups = []
    done = False
    for heading, rows in call.groups:
        new_rows = []
        for row in rows:
            if row.ref == ref and not done:
                new_rows.append(Row(**(row.__dict__ | changes)))
                done = True
            else:
                new_rows.append(row)
        groups.append((heading, new_rows))
    return dataclasses.replace(call, groups=groups)


def retitled(call: Call, ref: str, title: str) -> Call:
    """The call with post ``ref`` called ``title``, in its header rows and its own table."""
    groups = [
        (
            heading,
            [
                Row(r.ref, title, r.station, r.availability) if r.ref.rstrip("*") == ref else r
                for r in rows
            ],
        )
        for heading, rows in call.groups
    ]
    posts = [
        Post(
            [
                (label, title if label.startswith("Position") and _ref(post) == ref else value)
                for label, value in post.fields
            ],
            post.sections,
        )
        for post in call.posts
    ]
    return dataclasses.replace(call, groups=groups, posts=posts)


def with_header(call: Call, label: str, value: str) -> Call:
    """The call with the header field ``label`` set to ``value``."""
    return dataclasses.replace(
        call, header=[(lb, value if lb == label else v) for lb, v in call.header]
    )


def _ref(post: Post) -> str:
    return next(v for label, v in post.fields if label.lower().startswith("ref")).rstrip("*")


def with_row(call: Call, group: int, row: Row) -> Call:
    """The call with one more header row in its ``group``-th group (the posts unchanged)."""
    groups = [
        (heading, [*rows, row] if n == group else list(rows))
        for n, (heading, rows) in enumerate(call.groups)
    ]
    return dataclasses.replace(call, groups=groups)


def without_rows(call: Call, ref: str) -> Call:
    groups = [(heading, [row for row in rows if row.ref != ref]) for heading, rows in call.groups]
    return dataclasses.replace(call, groups=groups)


# -- renderings ----------------------------------------------------------------------------


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def pdf_text(call: Call) -> str:
    """As a PDF text extractor gives it: labels and values on their own lines, wrapped to
    the width of a table column, trailing spaces, blank lines between cells."""
    out = [line + " " for line in call.title_block]
    for label, value in call.header:
        out += [f"{label} {value} ", ""]
    out += [
        "Job titles/ ",
        "vacancy notice: ",
        "",
        "Ref.: Name of the post: Location: Availability: ",
        "",
    ]
    for heading, rows in call.groups:
        out += [f" {heading} ", ""]
        for row in rows:
            # The title wraps inside its column; station and availability end the row.
            out += [" " + line for line in _wrap(f"{row.ref} {row.title}", 22)]
            out += [f"{row.station} {row.availability} ", ""]
    for label, lines in call.closing:
        out += [line + " " for line in _wrap(label, 14)] + [""]
        for line in lines:
            out += [line + " ", ""]
    for heading, text in call.parts:
        out += [heading, ""] + [line + " " for line in _wrap(text, 90)] + [""]
    for post in call.posts:
        out += _post_pdf_lines(post)
    out.append(" 7/12 ")  # a page number, as Word's PDF export prints them
    return "\n".join(out)


def _post_pdf_lines(post: Post) -> list[str]:
    """A post's table of fields and its sections, as in ``pdf_text``."""
    out = []
    for label, value in post.fields:
        if label.startswith(("Confirmed", "Pending", "Open to")):
            out += _wrap(f"{label} {value}", 22)  # label and value share a line
        else:
            out += _wrap(label, 20) + _wrap(value, 26)
        out.append("")
    for heading, items in post.sections:
        out += [heading, ""]
        for item in items:
            prose = heading.startswith("1.")
            lines = _wrap(item, 60)
            out += (
                [("" if prose else "• ") + lines[0] + " "]
                + [line + " " for line in lines[1:]]
                + [""]
            )
    return out


def line_blocks(call: Call) -> list[Block]:
    """Every line of the PDF text as its own block, as a one-line-per-block reader gives it."""
    return [Block(line) for line in pdf_text(call).split("\n") if line.strip()]


def cell_blocks(call: Call) -> list[Block]:
    """Tables as DOCX cells holding several lines; the rest as paragraphs."""
    blocks = [Block(line) for line in call.title_block]
    row = 0

    def cells(*texts: str) -> None:  # a row of the first table, the call's
        nonlocal row
        for col, text in enumerate(texts):
            if text:
                blocks.append(Block(text, kind="cell", table=0, row=row, col=col))
        row += 1

    for label, value in call.header:
        cells(label, value)
    cells("Job titles/ vacancy notice:", "Ref.:", "Name of the post:", "Location:", "Availability:")
    for heading, rows in call.groups:
        cells("", heading)
        for r in rows:
            cells("", r.ref, r.title, r.station, r.availability)
    for label, lines in call.closing:
        cells(label, "\n".join(lines))
    for heading, text in call.parts:
        blocks += [Block(heading, kind="heading"), Block(text)]
    for table, post in enumerate(call.posts, start=1):
        blocks += _post_cell_blocks(post, table)
    return blocks


def _post_cell_blocks(post: Post, table: int) -> list[Block]:
    """A post's own table, a field in a cell of each row, then its sections as paragraphs."""
    blocks = [
        Block("\n".join(_wrap(label, 20) + _wrap(value, 26)), "cell", table, row, col=0)
        for row, (label, value) in enumerate(post.fields)
    ]
    for heading, items in post.sections:
        blocks.append(Block(heading))
        blocks += [Block(item if heading.startswith("1.") else "• " + item) for item in items]
    return blocks


def tabbed_text(call: Call) -> str:
    """Markdown with tab-separated table rows, as a converter of the Word file writes it."""
    title = call.title_block
    out = [f"# {title[0]}", ""] + [f"**{line}**\n" for line in title[2:-1]]
    out += [f"**{label}**\t{value}\t\t" for label, value in call.header]
    out.append(
        "**Job titles/ vacancy notice:**\t**Ref.:**\t**Name of the post:**"
        "\t**Location:**\t**Availability:**"
    )
    for heading, rows in call.groups:
        out.append(f"\t**{heading}**\t\t\t")
        out += [f"\t{r.ref}\t{r.title}\t{r.station}\t{r.availability}" for r in rows]
    out += [f"**{label}**\t" + " ".join(lines) + "\t\t" for label, lines in call.closing]
    for heading, text in call.parts:
        out += ["", f"## {heading}", "", text]
    for post in call.posts:
        out.append("")
        fields = [f"**{label}** {value}" for label, value in post.fields]
        out += ["\t".join(fields[i : i + 3]) for i in range(0, len(fields), 3)]
        for heading, items in post.sections:
            out += ["", f"### {heading}", ""]
            out += [item if heading.startswith("1.") else f"- {item}" for item in items]
    return "\n".join(out)


def html_page(call: Call) -> str:
    """The call as an HTML page: tables, headings, lists, entities, links, a script."""
    e = escape
    out = [
        "<!DOCTYPE html><html><head><title>Call</title><style>td { padding: 2px }</style>",
        "<script>document.write('Position: Not a post')</script></head><body>",
        f"<h1>{e(call.title_block[0])}</h1>",
        *[f"<p><b>{e(line)}</b></p>" for line in call.title_block[2:-1]],
        "<table>",
    ]
    out += [
        f"<tr><td>{e(label)}</td><td colspan='4'>{e(value)}</td></tr>"
        for label, value in call.header
    ]
    out.append(
        "<tr><td>Job titles/ vacancy notice:</td><td>Ref.:</td><td>Name of the post:</td>"
        "<td>Location:</td><td>Availability:</td></tr>"
    )
    for heading, rows in call.groups:
        out.append(f"<tr><td></td><td colspan='4'><b><u>{e(heading)}</u></b></td></tr>")
        out += [
            f"<tr><td></td><td>{e(r.ref)}</td><td>{e(r.title)}</td><td>{e(r.station)}</td><td>{e(r.availability)}</td></tr>"
            for r in rows
        ]
    for label, lines in call.closing:
        cell = "".join(f"<p>{_linked(line)}</p>" for line in lines)
        out.append(f"<tr><td><b>{e(label)}</b></td><td colspan='4'>{cell}</td></tr>")
    out.append("</table>")
    for heading, text in call.parts:
        out += [f"<h2>{e(heading)}</h2>", f"<p>{e(text)}</p>"]
    for post in call.posts:
        out.append("<table>")
        out += [f"<tr><td><b>{e(label)}</b> {e(value)}</td></tr>" for label, value in post.fields]
        out.append("</table>")
        for heading, items in post.sections:
            out.append(f"<h3>{e(heading)}</h3>")
            if heading.startswith("1."):
                out += [f"<p>{e(item)}</p>" for item in items]
            else:
                out.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def _linked(line: str) -> str:
    if line.startswith("https://"):
        return f'<a href="{escape(line)}">Goalkeeper &amp; EU Login</a>'
    if "@" in line:
        return f'<a href="mailto:{escape(line)}">{escape(line)}</a>'
    return escape(line)
