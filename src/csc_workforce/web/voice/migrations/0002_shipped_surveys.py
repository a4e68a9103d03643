"""The surveys every authority starts with: the children's social work health check by the
eight Employer Standards, a joiners' questionnaire and a pulse survey (``voice/surveys/``)."""

from pathlib import Path

from django.db import migrations

SURVEYS = Path(__file__).resolve().parents[1] / "surveys"
SHIPPED = [
    ("Children's social work health check", "health_check", "health_check.txt"),
    ("Joiners' questionnaire", "joiners", "joiners.txt"),
    ("Pulse survey", "pulse", "pulse.txt"),
]


def add(apps, schema_editor):  # type: ignore[no-untyped-def]
    template = apps.get_model("voice", "SurveyTemplate")
    for name, kind, filename in SHIPPED:
        template.objects.create(name=name, kind=kind, text=(SURVEYS / filename).read_text())


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("voice", "SurveyTemplate").objects.filter(
        name__in=[name for name, _, _ in SHIPPED], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("voice", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
