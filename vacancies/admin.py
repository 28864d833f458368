from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from .forms import ConfirmImportForm, ImportCallForm, preview
from .importer.errors import ImportError as DocumentError
from .importer.save import save_call
from .models import Alert, Call, CallPart, Mission, Organisation, Post, Section, Vacancy
from .uploads import check_size


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym"]
    search_fields = ["name", "acronym"]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "organisation", "country"]
    list_filter = ["organisation"]
    search_fields = ["name", "acronym", "country"]
    prepopulated_fields = {"slug": ["acronym", "name"]}


class CallPartInline(admin.StackedInline):
    model = CallPart
    extra = 0
    fields = ["order", "heading", "text"]


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    fields = ["order", "ref", "title", "regime", "duty_station", "clearance", "open_to_third_states"]
    show_change_link = True


class CallForm(forms.ModelForm):
    def clean_source_document(self):
        document = self.cleaned_data["source_document"]
        if document and hasattr(document, "content_type"):  # a new upload, not the kept file
            check_size(document)
        return document


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    form = CallForm
    object_history_template = "admin/vacancies/call/object_history.html"
    list_display = ["title", "mission", "reference", "deadline", "status", "post_count"]
    list_filter = ["status", "kind", "mission"]
    search_fields = ["title", "reference", "mission__name", "mission__acronym", "posts__ref"]
    date_hierarchy = "deadline"
    readonly_fields = ["published_at", "created_at", "updated_at"]
    autocomplete_fields = ["mission"]
    inlines = [PostInline, CallPartInline]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["mission", "kind", "reference", "title", "slug", "deadline", "status"]}),
        ("How to apply", {"fields": ["how_to_apply", "application_urls", "contact", "contact_email"]}),
        ("Source", {"fields": ["source_document", "published_at", "created_at", "updated_at"]}),
    ]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mission").annotate(post_count=Count("posts"))

    @admin.display(description="Posts", ordering="post_count")
    def post_count(self, call):
        return call.post_count

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_view)
        return [path("import/", import_view, name="vacancies_call_import"), *super().get_urls()]

    def has_import_permission(self, request):
        return request.user.has_perm("vacancies.import_call")

    def import_view(self, request):
        """Upload -> preview (nothing saved) -> confirm -> save in one transaction."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload, problems = ImportCallForm(), []
        if request.method == "POST" and "confirm" in request.POST:
            confirm = ConfirmImportForm(request.POST, session=request.session)
            if confirm.is_valid():
                return self._save_import(request, confirm)
            problems = [error for errors in confirm.errors.values() for error in errors]
        elif request.method == "POST":
            upload = ImportCallForm(request.POST, request.FILES)
            if upload.is_valid():
                token = upload.stage(request.session)
                confirm = ConfirmImportForm(initial={"token": token}, session=request.session)
                return self._render_import(request, "admin/vacancies/call/import_preview.html",
                                           confirm=confirm, **preview(upload.parsed))
        return self._render_import(request, "admin/vacancies/call/import.html", form=upload, problems=problems)

    def _save_import(self, request, confirm):
        try:
            result = save_call(confirm.parsed, publish=confirm.cleaned_data["publish"] and
                               self.has_publish_permission(request),
                               source_name=confirm.name, source_data=confirm.data_bytes,
                               user=request.user, reason=f"Imported from {confirm.name} in the admin")
        except DocumentError as error:
            return self._render_import(request, "admin/vacancies/call/import.html",
                                       form=ImportCallForm(), problems=[str(error)])
        confirm.discard()
        verb = "Created" if result.created else "Updated"
        self.message_user(request, f"{verb} {result.call} with {result.call.posts.count()} posts.", messages.SUCCESS)
        return redirect(reverse("admin:vacancies_call_change", args=[result.call.pk]))

    def _render_import(self, request, template, **context):
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": "Import a call", **context}
        return TemplateResponse(request, template, context)

    def has_publish_permission(self, request):
        return request.user.has_perm("vacancies.publish_call")

    @admin.action(description="Publish the selected calls", permissions=["publish"])
    def publish(self, request, queryset):
        for call in queryset:
            call.publish()
        self.message_user(request, f"Published {len(queryset)} call(s).", messages.SUCCESS)

    @admin.action(description="Withdraw the selected calls", permissions=["publish"])
    def withdraw(self, request, queryset):
        for call in queryset:
            call.withdraw()
        self.message_user(request, f"Withdrew {len(queryset)} call(s).", messages.SUCCESS)


class VacancyInline(admin.TabularInline):
    model = Vacancy
    extra = 0
    fields = ["order", "status", "availability"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["order", "kind", "heading", "items"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/vacancies/post/object_history.html"
    list_display = ["ref", "title", "call", "regime", "duty_station", "clearance", "open_to_third_states"]
    list_filter = ["call__mission", "call__status", "regime", "clearance", "open_to_third_states"]
    search_fields = ["ref", "title", "call__title", "call__reference", "component"]
    list_select_related = ["call__mission"]
    autocomplete_fields = ["call"]
    inlines = [VacancyInline, SectionInline]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["call", "order", "ref", "pending_deployment_acceptance", "title", "slug", "grade"]}),
        ("Employment", {"fields": ["regime", "post_category", "component"]}),
        ("Place", {"fields": ["location", "duty_station"]}),
        ("Eligibility", {"fields": ["clearance", "open_to_third_states"]}),
    ]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Subscribers' addresses are personal data: not in the HR editor group's permissions."""

    list_display = ["email", "search", "created_at", "confirmed_at", "last_sent_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "last_sent_at"]


class ChangeLogAdmin(admin.ModelAdmin):
    """The history of one kind of row, read-only. Vacancies, sections and general parts are
    replaced, not edited, when a call is imported again: their records are found here, by
    post or call (``?post=<id>``, ``?call=<id>``), rather than on each row's own page."""

    list_display = ["history_date", "history_type", "history_object", "history_user", "history_change_reason"]
    list_filter = ["history_type", "history_date"]
    search_fields = ["history_change_reason", "history_user__username"]
    date_hierarchy = "history_date"
    list_select_related = ["history_user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (Call, CallPart, Post, Vacancy, Section):
    admin.site.register(model.history.model, ChangeLogAdmin)
