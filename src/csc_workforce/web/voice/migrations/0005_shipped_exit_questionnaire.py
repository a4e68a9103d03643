"""The exit questionnaire every authority starts with (``voice/surveys/exit.txt``): the
authority's own reasons for leaving, and how the leaver found working here."""

from pathlib import Path

from django.db import migrations

NAME = "Exit questionnaire"
TEXT = Path(__file__).resolve().parents[1] / "surveys" / "exit.txt"


def add(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("voice", "SurveyTemplate").objects.create(
        name=NAME, kind="exit", text=TEXT.read_text()
    )


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("voice", "SurveyTemplate").objects.filter(name=NAME, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("voice", "0004_exit_questionnaire")]
    operations = [migrations.RunPython(add, remove)]
