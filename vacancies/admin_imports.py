"""The admin's import page (upload -> preview -> confirm) and the download of a call's kept
source document: the views CallAdmin adds to Django's own."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import get_valid_filename

from .forms import ConfirmImportForm, ImportCallForm, preview
from .importer.errors import DocumentError
from .importer.save import save_call

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
        source_view = self.admin_site.admin_view(self.source_view)
        return [
            path("import/", import_view, name="vacancies_call_import"),
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
        """Upload -> preview (nothing saved) -> confirm -> save in one transaction."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload, problems = ImportCallForm(), []
        can_publish = self.has_publish_permission(request)
        if request.method == "POST" and "confirm" in request.POST:
            confirm = ConfirmImportForm(
                request.POST, session=request.session, can_publish=can_publish
            )
            if confirm.is_valid():
                return self._save_import(request, confirm)
            if hasattr(confirm, "parsed"):  # the document was fine: its preview, with the problem
                return self._render_preview(request, confirm, confirm.parsed)
            problems = [error for errors in confirm.errors.values() for error in errors]
        elif request.method == "POST":
            upload = ImportCallForm(request.POST, request.FILES)
            if upload.is_valid():
                token = upload.stage(request.session)
                confirm = ConfirmImportForm(
                    initial={"token": token}, session=request.session, can_publish=can_publish
                )
                return self._render_preview(request, confirm, upload.parsed)
        template = "admin/vacancies/call/import.html"
        return self._render(request, template, form=upload, problems=problems)

    def _render_preview(self, request, confirm, parsed):
        return self._render(
            request, "admin/vacancies/call/import_preview.html", confirm=confirm, **preview(parsed)
        )

    def _save_import(self, request, confirm):
        try:
            result = save_call(
                confirm.parsed,
                publish=confirm.cleaned_data["publish"],
                source_name=confirm.name,
                source_data=confirm.data_bytes,
                user=request.user,
                reason=f"Imported from {confirm.name} in the admin",
            )
        except DocumentError as error:
            return self._render(
                request,
                "admin/vacancies/call/import.html",
                form=ImportCallForm(),
                problems=[str(error)],
            )
        confirm.discard()
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
