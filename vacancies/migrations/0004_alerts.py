"""E-mail alerts for saved searches, and when each post appeared (for "new since")."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0003_post_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="Alert",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254)),
                (
                    "search",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='The /posts/ parameters of the search, e.g. {"regime": "seconded"}.',
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("confirmation_sent_at", models.DateTimeField(blank=True, null=True)),
                ("confirmed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "last_sent_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Posts that appeared after this are in the next message.",
                        null=True,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["email"], name="vacancies_a_email_201937_idx"),
                    models.Index(fields=["confirmed_at"], name="vacancies_a_confirm_3ed382_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("email", "search"), name="unique_alert_per_search"
                    )
                ],
            },
        ),
    ]
