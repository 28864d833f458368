"""Fill the database with realistic generated posts, for the load benchmark (bench/LOAD.md).

    manage.py generate_posts --posts 1000000 [--seed 1] [--clear] [--open-share 0.05]

Installed by the bench and test settings only (DJANGO_SETTINGS_MODULE=bench.settings).

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

import random
import sys
import time as clock

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...generated import (
    analyze,
    clear_generated,
    create_missions,
    fill_derived_columns,
    generated_posts,
)
from ...plan import OPEN_DAYS, cut_into_batches, plan_calls
from ...rows import BatchWriter

BATCH_POSTS = 10_000
PROGRESS_EVERY = 50_000


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
            help=f"Share of the calls still open (deadline in the next {OPEN_DAYS} days); "
            "default 0.05.",
        )
        parser.add_argument("--batch", type=int, default=BATCH_POSTS, help="Posts per transaction.")

    # Django passes the parsed options as keywords: one parameter per option, by name.
    def handle(self, *, posts, seed, clear, open_share, batch, verbosity, **options):  # noqa: PLR0913
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
                f"The database already has {existing:,} generated posts: "
                "pass --clear to replace them."
            )
        now = timezone.now()
        rng = random.Random(seed)  # noqa: S311 - seeded, for reproducible generated data
        plan = plan_calls(rng, posts, open_share, now)
        missions = create_missions(sorted({call.mission for call in plan}))
        writer = BatchWriter(seed, now, missions)
        done, next_report = 0, PROGRESS_EVERY
        for count in map(writer.write, cut_into_batches(plan, batch, list(writer.tables))):
            done += count
            if done >= next_report and done < posts:
                self.progress(
                    f"  {done:,} / {posts:,} posts, {duration(clock.monotonic() - started)}"
                )
                next_report = (done // PROGRESS_EVERY + 1) * PROGRESS_EVERY
        fill_derived_columns(self.progress, self.stderr.write)
        analyze()
        self.stdout.write(
            f"Generated {posts:,} posts in {len(plan):,} calls of {len(missions)} missions "
            f"in {duration(clock.monotonic() - started)}."
        )

    def progress(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)
