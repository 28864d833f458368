"""Realistic generated posts for the load benchmark (bench/LOAD.md): ``manage.py generate_posts``.

An app of its own, installed only by the bench and test settings (bench/settings.py,
tests/settings.py), so that a production deployment has no command that locks the content
tables and moves their sequences.

    world.py      organisations, missions, their duty stations and languages
    domains.py    fields of work: titles, units, the words of their job descriptions
    wording.py    the sentences of calls and job descriptions, the sections, grades, categories
    plan.py       how many calls of how many posts, when; cut into batches, ids reserved
    rows.py       the rows of a batch, as lines of COPY text, written in one transaction
    bulk.py       COPY's text format and tables, reserved ids, set-based deletes
    generated.py  generated data is marked; created, completed and cleared as such
"""
