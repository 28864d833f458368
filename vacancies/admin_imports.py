"""The admin's import page (upload -> reading -> preview -> confirm) and the download of a
call's kept source document: the views CallAdmin adds to Django's own.

The upload's page waits, refreshing itself (no script), while the worker reads the document
(``tasks.read_staged_import``); then it shows the preview, or what is wrong with the file.
"""

from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from .forms import ConfirmImportForm, ImportCallForm, preview
from .importer.errors import DocumentError
from .importer.save import save_call
from .models import StagedImport

# How often the page of a document being read asks again, in seconds.
REFRESH_EVERY = 1
# Past the sandbox's own limit and this, a read is late: the worker may not be running.
LATE_AFTER = timedelta(seconds=10)
EXPIRED = (
    "This upload has expired, was saved already or is another user's: upload the document again."
)

# The kept copy of a document is named for its content (importer.save.STORED_SUFFIX); any
# other name, typed in by hand, is downloaded as bytes that nothing opens by itself.
DOWNLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain; charset=utf-8",
}


class ImportViews:
    """Mixed into CallAdmin: ``import/`` and ``<id>/source/``, behind the admin's login."""

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_view)
        staged_view = self.admin_site.admin_view(self.staged_view)
        source_view = self.admin_site.admin_view(self.source_view)
        return [
            path("import/", import_view, name="vacancies_call_import"),
            path("import/<uuid:staged_id>/", staged_view, name="vacancies_call_import_staged"),
            path("<path:object_id>/source/", source_view, name="vacancies_call_source"),
            *super().get_urls(),
        ]

    def source_view(self, request, object_id):
        """The call's kept document, as an attachment: the media storage is never served.

        From a bucket too, the bytes pass through here rather than the browser being sent
        to a presigned URL: such a URL works for whoever holds it until it expires (in
        browser history, logs, a forwarded e-mail), the bucket need not be reachable from
        staff's browsers, and the headers below (attachment, type, nosniff) are ours. The
        documents are small (IMPORT_MAX_UPLOAD_MB) and downloaded seldom."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        call = self.get_object(request, unquote(object_id))
        if call is None or not call.source_document:
            raise Http404("This call has no source document.")
        try:
            document = call.source_document.open("rb")
        except FileNotFoundError:  # on disk or in the bucket alike
            raise Http404("The source document is missing from the media storage.") from None
        name = get_valid_filename(PurePath(call.source_document.name).name)
        response = FileResponse(document, as_attachment=True, filename=name)
        response["Content-Type"] = DOWNLOAD_TYPES.get(
            PurePath(name).suffix.lower(), "application/octet-stream"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def has_import_permission(self, request):
        return request.user.has_perm("vacancies.import_call")

    def import_view(self, request):
        """Upload: the document is kept and queued for reading, and the browser sent to its
        page. Nothing is read here."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportCallForm()
        if request.method == "POST":
            form = ImportCallForm(request.POST, request.FILES)
            if form.is_valid():
                staged = form.stage(request.user)
                return redirect("admin:vacancies_call_import_staged", staged.pk)
        return self._render_upload(request, form)

    def staged_view(self, request, staged_id):
        """An upload's page: "Reading..." until the worker has read it, then the preview (a
        POST saves it, in one transaction) or what is wrong with the document."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            # Locked: a second click on Save waits for the first, then finds it saved.
            uploads = StagedImport.objects.filter(pk=staged_id, uploaded_by=request.user)
            if request.method == "POST":
                uploads = uploads.select_for_update()
            staged = uploads.defer("document").first()
            if staged is None:
                return self._render_upload(request, problems=[EXPIRED])
            if not staged.is_read:
                return self._render_reading(request, staged)
            if staged.problem:
                return self._render_upload(request, problems=[staged.problem])
            confirm = ConfirmImportForm(
                request.POST if request.method == "POST" else None,
                staged=staged,
                can_publish=self.has_publish_permission(request),
            )
            if confirm.is_valid():
                return self._save_import(request, confirm)
        return self._render_preview(request, confirm)

    def _render_upload(self, request, form=None, problems=()):
        template = "admin/vacancies/call/import.html"
        return self._render(request, template, form=form or ImportCallForm(), problems=problems)

    def _render_reading(self, request, staged):
        late = timezone.now() - staged.uploaded_at > (
            timedelta(seconds=settings.IMPORT_SANDBOX_SECONDS) + LATE_AFTER
        )
        return self._render(
            request,
            "admin/vacancies/call/import_reading.html",
            title=f"Reading {staged.name}…",
            staged=staged,
            refresh=REFRESH_EVERY,
            late=late,
            seconds=settings.IMPORT_SANDBOX_SECONDS,
        )

    def _render_preview(self, request, confirm):
        return self._render(
            request,
            "admin/vacancies/call/import_preview.html",
            confirm=confirm,
            **preview(confirm.parsed),
        )

    def _save_import(self, request, confirm):
        staged = confirm.staged
        try:
            result = save_call(
                confirm.parsed,
                publish=confirm.cleaned_data["publish"],
                source_name=staged.name,
                source_data=bytes(staged.document),
                user=request.user,
                reason=f"Imported from {staged.name} in the admin",
            )
        except DocumentError as error:
            return self._render_upload(request, problems=[str(error)])
        staged.delete()
        verb = "Created" if result.created else "Updated"
        self.message_user(
            request,
            f"{verb} {result.call} with {result.call.posts.count()} posts.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:vacancies_call_change", args=[result.call.pk]))

    def _render(self, request, template, title="Import a call", **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **context,
        }
        return TemplateResponse(request, template, context)
