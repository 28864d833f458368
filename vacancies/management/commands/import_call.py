import getpass
import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vacancies import labels
from vacancies.documents import read_document
from vacancies.importer import errors
from vacancies.importer.check import deadline_of
from vacancies.importer.save import save_call
from vacancies.models import has_passed


def system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container's uid with no name
        return f"uid {os.getuid()}"


class Command(BaseCommand):
    help = "Import calls from their own documents (PDF, DOCX, text, HTML/Markdown)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; touch no database.")
        parser.add_argument("--json", action="store_true", help="Print the parsed call(s) as JSON.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the calls (default: draft)."
        )
        parser.add_argument(
            "--allow-closed",
            action="store_true",
            help="With --publish: publish a call whose deadline has passed (it shows as closed).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Record the changes in the history as made by this user.",
        )

    def handle(self, *, paths, dry_run, publish, **options):
        user = self.user(options["user"]) if options["user"] else None
        parsed = [(path, self.read(path)) for path in paths]  # read every file before saving any
        if publish and not dry_run and not options["allow_closed"]:
            for path, call in parsed:
                self.refuse_closed(path, call)
        # With --json, stdout carries only the JSON; what we did goes to stderr.
        report = self.stderr if options["json"] else self.stdout
        if options["json"]:
            dumped = [call.as_dict() for _, call in parsed]
            self.stdout.write(
                json.dumps(dumped[0] if len(dumped) == 1 else dumped, ensure_ascii=False, indent=2)
            )
        for path, call in parsed:
            if dry_run:
                report.write(
                    f"{path.name}: {call.title}, {len(call.posts)} post(s); dry run, nothing saved."
                )
                continue
            try:
                result = save_call(
                    call,
                    publish=publish,
                    source_name=path.name,
                    source_data=path.read_bytes(),
                    user=user,
                    reason=(
                        f"Imported from {path.name} by manage.py import_call"
                        f" (system user {system_user()})"
                    ),
                )
            except errors.DocumentError as error:
                raise CommandError(f"{path}: {error}") from None
            verb = "Created" if result.created else "Updated"
            report.write(
                f"{verb} {result.call.get_status_display().lower()} call {result.call.title!r} "
                f"with {len(call.posts)} post(s) from {path.name}."
            )

    def user(self, username: str):
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"--user {username}: no such user.") from None

    def refuse_closed(self, path: Path, call) -> None:
        try:
            closed = has_passed(deadline_of(call))
        except errors.DocumentError as error:
            raise CommandError(f"{path}: {error}") from None
        if closed:
            raise CommandError(
                f"{path}: the deadline, {labels.deadline_text(call.deadline)}, has passed; nothing"
                " was saved. Add --allow-closed to publish it closed, or leave out --publish to"
                " save it as a draft."
            )

    def read(self, path: Path):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from None
        try:
            call = read_document(data, path.name)  # in a child process, under limits
        except errors.DocumentError as error:
            raise CommandError(f"{path}: {error}") from None
        for line in call.doubt_lines():
            self.stderr.write(f"{path.name}: check: {line}")
        return call
