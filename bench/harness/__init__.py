"""The benchmarks' parts; bench/run.py, bench/workers.py and bench/soak.py are scripts on top.

    db.py       the bench database: made, filled (generate_posts), vacuumed, reused
    pages.py    the URL sets: the load benchmark's pages, the soak's mix
    load.py     the load generators: wrk or a Python client, saturated and paced; the soak's clients
    machine.py  what the machine is doing: idle CPU, a process's memory
    report.py   bench/results/*.md

Serving as production does is devtools/serving.py, shared with the tests.
"""
