"""The storage of the calls' source documents, whichever it is: files under MEDIA_ROOT or
objects in an S3 bucket (MEDIA_STORAGE_URL, missionjobs/media_storage.py). Code that
lists, reads or deletes them goes through the storage's API, never a path on disk: a
bucket has none."""

from collections.abc import Iterator
from datetime import datetime

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage

from .models import Call

# What a storage raises when it cannot answer: the disk's errors, the bucket's (its server
# unreachable, credentials refused). A missing file is FileNotFoundError on both.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


def source_storage() -> Storage:
    return Call._meta.get_field("source_document").storage


def stored_files(storage: Storage, top: str) -> Iterator[str]:
    """The names of the files under ``top``, at any depth, as the storage names them."""
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:  # on disk, a folder nothing was saved in yet; a bucket has none
        return
    for name in files:
        yield f"{top}/{name}"
    for directory in directories:
        yield from stored_files(storage, f"{top}/{directory}")


def modified_time(storage: Storage, name: str) -> datetime | None:
    """When the file was written; None when it is gone (deleted since it was listed)."""
    try:
        return storage.get_modified_time(name)
    except FileNotFoundError:
        return None
    except ClientError as error:  # django-storages' S3 says 404 here, not FileNotFoundError
        if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
            return None
        raise
