"""Where the source documents are kept: MEDIA_STORAGE_URL -> ``STORAGES["default"]``.

Unset, they are files under MEDIA_ROOT (one machine's disk). Set, they are objects in an
S3-compatible bucket (django-storages), which every machine running the site shares:

    s3://bucket[/prefix]                                    AWS itself; credentials from
                                                            AWS_ACCESS_KEY_ID and
                                                            AWS_SECRET_ACCESS_KEY (or an
                                                            instance role)
    s3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix]      any other S3 server (MinIO,
                                                            Ceph, Garage...); a key or
                                                            secret with / + @ : is
                                                            %-escaped
    ?region=eu-central-1   the bucket's region
    ?secure=0              plain http to a server of your own (default 1: https)

Settings import this module: it reads no settings of its own.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3 = "storages.backends.s3.S3Storage"
QUERY_KEYS = {"region", "secure"}
FLAGS = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def media_storage(url: str) -> dict:
    """The default storage's entry in STORAGES. Raises ImproperlyConfigured for a URL it
    cannot read, saying what it expected."""
    if not url:
        return FILE_SYSTEM
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as error:
        raise _bad(url, str(error)) from None
    if parts.scheme != "s3" or not parts.hostname:
        raise _bad(url, "write s3://bucket or s3://KEY:SECRET@host:port/bucket")
    if parts.fragment:
        raise _bad(url, "no fragment (#), please; %-escape a # in the secret as %23")
    query = _query(url, parts.query)
    path = [segment for segment in parts.path.split("/") if segment]
    options = {
        # Objects are private: the bucket's own policy, which must not make them public.
        # Staff download a document through the admin, never from the bucket.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
    }
    if parts.username is not None:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    if path:  # s3://host/bucket: a server of our own
        scheme = "https" if query["secure"] else "http"
        netloc = parts.hostname if port is None else f"{parts.hostname}:{port}"
        options["endpoint_url"] = f"{scheme}://{netloc}"
        # A name server of our own seldom resolves bucket.host: name the bucket in the path.
        options["addressing_style"] = "path"
        bucket, *prefix = path
    else:  # s3://bucket: AWS
        if port is not None:
            raise _bad(url, "a port names a server: write s3://host:port/bucket")
        bucket, prefix = parts.hostname, []
    options["bucket_name"] = bucket
    if prefix:
        options["location"] = "/".join(prefix)
    if query["region"]:
        options["region_name"] = query["region"]
    return {"BACKEND": S3, "OPTIONS": options}


def _query(url: str, query: str) -> dict:
    values = parse_qs(query, keep_blank_values=True)
    unknown = set(values) - QUERY_KEYS
    if unknown:
        raise _bad(url, f"unknown option {min(unknown)!r} (known: region, secure)")
    secure = values.get("secure", ["1"])[-1].lower()
    if secure not in FLAGS:
        raise _bad(url, f"secure={secure!r}: write secure=1 or secure=0")
    return {"region": values.get("region", [""])[-1], "secure": FLAGS[secure]}


def _bad(url: str, reason: str) -> ImproperlyConfigured:
    # The secret is not repeated in the message: it ends up in logs.
    shown = urlsplit(url)._replace(netloc=urlsplit(url).netloc.rpartition("@")[2]).geturl()
    return ImproperlyConfigured(f"MEDIA_STORAGE_URL {shown!r}: {reason}.")
