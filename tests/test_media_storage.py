"""Source documents in an S3 bucket (MEDIA_STORAGE_URL): imported, downloaded by staff,
checked for orphans and removed, against a real S3 server (moto's, on a free port)."""

from datetime import timedelta
from io import StringIO
from pathlib import Path
from uuid import uuid4

import boto3
import pytest
from botocore.config import Config
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from missionjobs.media_storage import FILE_SYSTEM, S3, media_storage
from tests import imports
from tests.clock import at
from tests.factories import CallFactory
from vacancies.models import Call
from vacancies.sources import modified_time, source_storage

SAMPLE = next((Path(__file__).resolve().parent.parent / "samples").glob("003_*"))


# MEDIA_STORAGE_URL ---------------------------------------------------------------------------


def test_unset_keeps_the_documents_under_media_root():
    assert media_storage("") == FILE_SYSTEM


def test_a_server_of_our_own_is_named_with_its_credentials_bucket_and_prefix():
    storage = media_storage("s3://KEY:se%2Fcr%2Bet@minio:9000/media/staging?region=eu-west-1")
    assert storage["BACKEND"] == S3
    assert storage["OPTIONS"] == {
        "access_key": "KEY",
        "secret_key": "se/cr+et",
        "endpoint_url": "https://minio:9000",
        "addressing_style": "path",
        "bucket_name": "media",
        "location": "staging",
        "region_name": "eu-west-1",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
    }


def test_secure_0_speaks_plain_http_to_the_server():
    options = media_storage("s3://K:S@127.0.0.1:9000/media?secure=0")["OPTIONS"]
    assert options["endpoint_url"] == "http://127.0.0.1:9000"


def test_a_bare_bucket_is_on_aws_with_the_credentials_of_the_environment():
    options = media_storage("s3://missionjobs-media?region=eu-central-1")["OPTIONS"]
    assert options["bucket_name"] == "missionjobs-media"
    assert options["region_name"] == "eu-central-1"
    # Left to django-storages and boto3: AWS_ACCESS_KEY_ID and the rest, or a role.
    assert not {"access_key", "secret_key", "endpoint_url"} & options.keys()


@pytest.mark.parametrize(
    "url, says",
    [
        ("https://KEY:hunter2@minio:9000/media", "write s3://bucket"),
        ("s3://KEY:hunter2@minio:9000/media?regoin=x", "unknown option 'regoin'"),
        ("s3://KEY:hunter2@minio:9000/media?secure=maybe", "secure='maybe'"),
        ("s3://KEY:hunter2@minio:99999/media", "Port out of range"),
        ("s3://KEY:hunter2@media:9000", "a port names a server"),
    ],
)
def test_a_url_it_cannot_read_stops_the_start_without_showing_the_secret(url, says):
    with pytest.raises(ImproperlyConfigured) as error:
        media_storage(url)
    assert says in str(error.value) and "hunter2" not in str(error.value)


# Against a real S3 server ---------------------------------------------------------------------


class Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(entry["Key"] for entry in listing.get("Contents", ()))

    def put(self, key: str, data: bytes = b"%PDF-1.4") -> None:
        self.client.put_object(Bucket=self.name, Key=key, Body=data)

    def get(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """A new, empty bucket, which STORAGES["default"] points at, as MEDIA_STORAGE_URL sets
    it; MEDIA_ROOT is a folder that must stay empty."""
    name = f"media-{uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=f"http://{s3_server}",
        aws_access_key_id="key",
        aws_secret_access_key="secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    settings.MEDIA_ROOT = tmp_path / "media"
    url = f"s3://key:secret@{s3_server}/{name}?secure=0&region=us-east-1"
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(url)}
    return Bucket(client, name)


@pytest.fixture
def call_in_bucket(bucket, db):
    call = CallFactory()
    call.source_document.save("3-2025.pdf", ContentFile(b"%PDF-1.4 the call"), save=True)
    return call


def test_an_import_keeps_its_document_in_the_bucket_under_its_content_name(
    client, hr_editor, bucket, settings
):
    client.force_login(hr_editor)
    text = SAMPLE.read_text().replace("14/12/2026", "14/12/2099")
    preview = imports.upload(client, SimpleUploadedFile("3-2025.html", text.encode()))
    # Until it is saved, the upload waits in the database, which every machine shares.
    assert bucket.keys() == []

    response = imports.confirm(client, preview)

    call = Call.objects.get()
    assert response.status_code == 302
    assert call.source_document.name == f"calls/{timezone.now().year}/3-2025.txt"
    assert bucket.keys() == [call.source_document.name]
    assert bucket.get(call.source_document.name) == text.encode()
    assert not Path(settings.MEDIA_ROOT).exists()


def test_import_call_keeps_its_document_in_the_bucket(bucket, db, tmp_path):
    document = tmp_path / "3-2025.md"
    document.write_text(SAMPLE.read_text())
    call_command("import_call", str(document), stdout=StringIO())
    assert bucket.keys() == [Call.objects.get().source_document.name]
    assert bucket.keys()[0].endswith("/3-2025.txt")


def test_staff_download_the_document_from_the_bucket_through_the_site(
    client, hr_editor, call_in_bucket, bucket
):
    client.force_login(hr_editor)
    page = client.get(f"/admin/vacancies/call/{call_in_bucket.pk}/change/").content.decode()
    assert "Download the source document (3-2025.pdf, 17\xa0bytes)" in page
    assert bucket.name not in page  # no link into the bucket, presigned or not

    response = client.get(f"/admin/vacancies/call/{call_in_bucket.pk}/source/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the call"
    assert response["Content-Disposition"] == 'attachment; filename="3-2025.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_anonymous_visitors_download_nothing_from_the_bucket(client, call_in_bucket):
    response = client.get(f"/admin/vacancies/call/{call_in_bucket.pk}/source/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_document_missing_from_the_bucket_is_a_404_and_said_on_the_call(
    client, hr_editor, call_in_bucket, bucket
):
    bucket.client.delete_object(Bucket=bucket.name, Key=call_in_bucket.source_document.name)
    client.force_login(hr_editor)
    assert client.get(f"/admin/vacancies/call/{call_in_bucket.pk}/source/").status_code == 404
    page = client.get(f"/admin/vacancies/call/{call_in_bucket.pk}/change/").content.decode()
    assert "3-2025.pdf is missing from the media storage" in page


def test_the_check_lists_a_stray_object_and_remove_orphan_sources_deletes_it(
    call_in_bucket, bucket
):
    bucket.put("calls/2026/killed.pdf")
    with at(timezone.now() + timedelta(hours=1)):
        [warning] = [m for m in run_checks() if m.id == "vacancies.W001"]
        out = StringIO()
        call_command("remove_orphan_sources", stdout=out)
    assert "1 source document(s)" in warning.msg and "calls/2026/killed.pdf" in warning.msg
    assert out.getvalue().strip() == "Removed 1 orphan source document(s): calls/2026/killed.pdf."
    assert bucket.keys() == [call_in_bucket.source_document.name]


def test_an_object_an_import_is_still_saving_is_no_orphan(bucket, db):
    bucket.put("calls/2026/saving.pdf")
    assert not [m for m in run_checks() if m.id == "vacancies.W001"]


def test_an_unreachable_bucket_is_a_warning_not_a_crash(bucket, settings, db):
    options = settings.STORAGES["default"]["OPTIONS"]
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens
    quick = Config(retries={"max_attempts": 1}, connect_timeout=1)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": S3,
            "OPTIONS": {**options, "endpoint_url": closed, "client_config": quick},
        },
    }
    [warning] = [m for m in run_checks() if m.id.startswith("vacancies.W00")]
    assert warning.id == "vacancies.W002" and "could not be listed" in warning.msg


@pytest.mark.parametrize("where", ["bucket", "disk"])
def test_a_file_deleted_since_it_was_listed_has_no_age(where, request, settings, tmp_path):
    if where == "bucket":
        request.getfixturevalue("bucket")
    else:
        settings.MEDIA_ROOT = tmp_path
    assert modified_time(source_storage(), "calls/2026/gone.pdf") is None
