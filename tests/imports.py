"""The admin's import page as HR staff use it: upload, wait for the read, confirm.

In the tests a task runs as it is queued (tests/settings.py), so the upload's page shows
the preview, or what is wrong with the document, at once; tests/test_import_queue.py runs
the worker for real.
"""

URL = "/admin/vacancies/call/import/"


def upload(client, document):
    """Upload ``document`` (a SimpleUploadedFile) and follow to the page it is sent to."""
    return client.post(URL, {"document": document}, follow=True)


def problems(response) -> list[str]:
    """What the upload page says is wrong: the form's errors (too large, empty) and the
    read's (not a call, damaged, over the sandbox's limits)."""
    errors = response.context["form"].errors.get("document", [])
    return [*errors, *response.context["problems"]]


def confirm(client, preview, **ticked):
    """Save the previewed call, with the boxes named (publish=True, publish_closed=True)."""
    data = {"confirm": "1", **{name: "on" for name, on in ticked.items() if on}}
    return client.post(preview.request["PATH_INFO"], data)
