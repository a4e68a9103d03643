from django.db import migrations


class Migration(migrations.Migration):
    """The app's first migration: its tables arrive in the migrations that follow."""

    initial = True

    dependencies = [("organisation", "0002_content_types_and_audit_labels")]

    operations: list[migrations.operations.base.Operation] = []
