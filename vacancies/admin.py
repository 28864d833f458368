from pathlib import PurePath

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminFileWidget
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import labels
from .admin_imports import ImportViews
from .forms import PUBLISH_CLOSED_LABEL, ItemsField
from .importer.save import stored_name
from .models import Alert, Call, CallPart, Mission, Organisation, Post, Section, Vacancy, has_passed
from .sources import STORAGE_ERRORS
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
    fields = [
        "order",
        "ref",
        "title",
        "regime",
        "duty_station",
        "clearance",
        "open_to_third_states",
    ]
    show_change_link = True


class LabelledChanges(HistoricalRecordContextHelper):
    """Changes as HR staff read them: a choice's label, Yes/No, Brussels time; no codes."""

    def prepare_delta_change_value(self, change, value):
        return labels.field_value(self.model._meta.get_field(change.field), value)


class HistoryAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/vacancies/object_history_list.html"
    # Written by every save: a change of it alone is not a change anybody made.
    history_ignored_fields = ["updated_at"]

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledChanges(self.model, historical_record)

    def set_history_delta_changes(
        self,
        request,
        historical_records,
        foreign_keys_are_objs=True,  # noqa: FBT002  (simple-history's signature, overridden)
    ):
        """Each record's changes since the record before it (the last of a page included),
        and the records that changed nothing left out: a re-import saves every post, and
        an empty "Changed" row would hide the ones that did change."""
        records = list(historical_records)
        if not records:
            return
        older_records = [*records[1:], records[-1].prev_record]
        for record, older in zip(records, older_records, strict=True):
            if older is None:
                record.history_delta_changes = None  # the first record: nothing to compare
                continue
            delta = record.diff_against(
                older,
                excluded_fields=self.history_ignored_fields,
                foreign_keys_are_objs=foreign_keys_are_objs,
            )
            helper = self.get_historical_record_context_helper(request, record)
            record.history_delta_changes = helper.context_for_delta_changes(delta)
        historical_records.object_list = [
            record
            for record in records
            if record.history_type != "~" or record.history_delta_changes != []
        ]


class SourceDocumentInput(AdminFileWidget):
    """The file input without the link to MEDIA_URL, which is not served: the call's page
    has a download link of its own, for staff only."""

    template_name = "admin/vacancies/widgets/source_document.html"


class CallForm(forms.ModelForm):
    # Hidden until it is needed: clean() shows it, with an error, when the call would be
    # published with its deadline passed.
    publish_closed = forms.BooleanField(
        required=False, label=PUBLISH_CLOSED_LABEL, widget=forms.HiddenInput
    )

    class Meta:
        help_texts = {
            "publication_date": "The date of publication printed on the call, if any. Applicants"
            " see it as \u201cPublished\u201d; when it is empty they see the day the call was"
            " published here.",
        }
        labels = {"source_document": "Upload a document"}
        widgets = {"source_document": SourceDocumentInput}

    def clean_source_document(self):
        document = self.cleaned_data["source_document"]
        if document and hasattr(document, "content_type"):  # a new upload, not the kept file
            check_size(document)
            # Kept under a name for its content, as an import keeps it: an HTML file as .txt.
            # document_type reads no further than the first kilobyte.
            head = document.read(1024)
            document.seek(0)
            document.name = stored_name(document.name, head)
        return document

    def clean(self):
        cleaned = super().clean()
        deadline = cleaned.get("deadline")
        published = Call.Status.PUBLISHED
        publishing = cleaned.get("status") == published and self.instance.status != published
        if publishing and deadline and has_passed(deadline) and not cleaned.get("publish_closed"):
            self.fields["publish_closed"].widget = forms.CheckboxInput()
            self.add_error(
                "status",
                forms.ValidationError(
                    f"The deadline, {labels.brussels_time(deadline)}, has passed: published,"
                    " the call would show as closed and nobody could apply. Tick"
                    f" \u201c{PUBLISH_CLOSED_LABEL}\u201d to publish it all the same.",
                    code="deadline_passed",
                ),
            )
        return cleaned


@admin.register(Call)
class CallAdmin(ImportViews, HistoryAdmin):
    form = CallForm
    object_history_template = "admin/vacancies/call/object_history.html"
    list_display = ["title", "mission", "reference", "deadline", "status", "post_count"]
    list_filter = ["status", "kind", "mission"]
    search_fields = ["title", "reference", "mission__name", "mission__acronym", "posts__ref"]
    date_hierarchy = "deadline"
    readonly_fields = ["source_download", "published_at", "created_at", "updated_at"]
    autocomplete_fields = ["mission"]
    inlines = [PostInline, CallPartInline]
    actions = ["publish", "withdraw"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "mission",
                    "kind",
                    "reference",
                    "title",
                    "slug",
                    "publication_date",
                    "deadline",
                    "status",
                    "publish_closed",
                ]
            },
        ),
        (
            "How to apply",
            {"fields": ["how_to_apply", "application_urls", "contact", "contact_email"]},
        ),
        (
            "Source",
            {
                "fields": [
                    "source_download",
                    "source_document",
                    "published_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("mission")
            .annotate(post_count=Count("posts"))
        )

    @admin.display(description="Posts", ordering="post_count")
    def post_count(self, call):
        return call.post_count

    @admin.display(description="Source document")
    def source_download(self, call):
        if not call.source_document:
            return "None kept: the call was typed in here."
        name = PurePath(call.source_document.name).name
        try:
            size = call.source_document.size
        except FileNotFoundError:
            return f"{name} is missing from the media storage: restore it from a backup."
        except STORAGE_ERRORS:
            return f"{name} is kept, but the media storage cannot be reached just now."
        url = reverse("admin:vacancies_call_source", args=[call.pk])
        link = '<a href="{}">Download the source document ({}, {})</a>'
        return format_html(link, url, name, filesizeformat(size))

    def has_publish_permission(self, request):
        return request.user.has_perm("vacancies.publish_call")

    @admin.action(description="Publish the selected calls", permissions=["publish"])
    def publish(self, request, queryset):
        """Open calls at once; calls whose deadline has passed after a confirmation page
        (as Django's delete asks), which posts them back with ``publish_closed``."""
        calls = list(queryset.select_related("mission"))
        confirmed = request.POST.get("publish_closed") == "yes"
        # A call published already stays as it is: publishing it again changes nothing.
        closed = [
            call
            for call in calls
            if not (call.is_open or call.status == Call.Status.PUBLISHED or confirmed)
        ]
        publishing = [call for call in calls if call not in closed]
        for call in publishing:
            call.publish()
        if publishing:
            self.message_user(request, f"Published {len(publishing)} call(s).", messages.SUCCESS)
        if closed:
            return self._render(
                request,
                "admin/vacancies/call/publish_closed.html",
                title="Publish calls whose deadline has passed?",
                calls=[(call, labels.brussels_time(call.deadline)) for call in closed],
                action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
            )
        return None  # back to the change list, with the messages

    @admin.action(description="Withdraw the selected calls", permissions=["publish"])
    def withdraw(self, request, queryset):
        for call in queryset:
            call.withdraw()
        self.message_user(request, f"Withdrew {len(queryset)} call(s).", messages.SUCCESS)


class VacancyInline(admin.TabularInline):
    model = Vacancy
    extra = 0
    fields = ["order", "status", "availability"]


class SectionForm(forms.ModelForm):
    items = ItemsField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "vLargeTextField"}),
        help_text="One item (a paragraph or bullet) per line, as shown; blank lines are left out.",
    )


class SectionInline(admin.StackedInline):
    model = Section
    form = SectionForm
    extra = 0
    fields = ["order", "kind", "heading", "items"]


@admin.register(Post)
class PostAdmin(HistoryAdmin):
    object_history_template = "admin/vacancies/post/object_history.html"
    list_display = [
        "ref",
        "title",
        "call",
        "regime",
        "duty_station",
        "clearance",
        "open_to_third_states",
    ]
    list_filter = ["call__mission", "call__status", "regime", "clearance", "open_to_third_states"]
    search_fields = ["ref", "title", "call__title", "call__reference", "component"]
    list_select_related = ["call__mission"]
    autocomplete_fields = ["call"]
    inlines = [VacancyInline, SectionInline]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["call_deadline"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "call",
                    "call_deadline",
                    "order",
                    "ref",
                    "pending_deployment_acceptance",
                    "title",
                    "slug",
                    "grade",
                ]
            },
        ),
        ("Employment", {"fields": ["regime", "post_category", "component"]}),
        ("Place", {"fields": ["location", "duty_station"]}),
        ("Eligibility", {"fields": ["clearance", "open_to_third_states"]}),
    ]

    @admin.display(description="Deadline (the call's)")
    def call_deadline(self, post):
        if post.call_id is None:
            return "The call's, once the post belongs to one."
        call = post.call
        closed = " (closed: the deadline has passed)" if not call.is_open else ""
        url = reverse("admin:vacancies_call_change", args=[call.pk])
        return format_html(
            '{}{}<br><a href="{}">Go to the call: {}</a>',
            labels.brussels_time(call.deadline),
            closed,
            url,
            call,
        )


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

    list_display = [
        "history_date",
        "history_type",
        "history_object",
        "history_user",
        "history_change_reason",
    ]
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
