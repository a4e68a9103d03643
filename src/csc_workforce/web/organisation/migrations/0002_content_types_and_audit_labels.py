"""What named the moved models by their old app now names them by the new one, so nothing
earlier is lost: their content types (with the permissions and administration history that
refer to them) and the record types of the audit trail's events (``workforce.StaffMember``
becomes ``organisation.StaffMember``), so that a record's history, its filter and the
retention policy's redaction find its earlier events. The events' contents are not touched."""

from django.db import migrations

MOVED = ("LocalAuthority", "ServiceArea", "Team", "StaffMember", "Post", "Assignment")


def relabel(apps, schema_editor, *, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    for name in MOVED:
        model = name.lower()
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        AuditEvent.objects.filter(model=f"{old}.{name}").update(model=f"{new}.{name}")


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, old="workforce", new="organisation")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, old="organisation", new="workforce")


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("audit", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
