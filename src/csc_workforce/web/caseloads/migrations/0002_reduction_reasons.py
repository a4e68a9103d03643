from decimal import Decimal

from django.db import migrations

REASONS = [
    ("ASYE protected development time", Decimal("0.10"), Decimal("0.20")),
    ("Practice educator", Decimal("0.05"), Decimal("0.15")),
    ("Trade union duties", Decimal("0.05"), Decimal("0.20")),
    ("Phased return to work", Decimal("0.25"), Decimal("0.50")),
    ("Other agreed reduction", Decimal("0.10"), Decimal("0.50")),
]


def create_reasons(apps, schema_editor):
    ReductionReason = apps.get_model("caseloads", "ReductionReason")
    for name, default, maximum in REASONS:
        ReductionReason.objects.get_or_create(
            name=name, defaults={"default_share": default, "maximum_share": maximum}
        )


class Migration(migrations.Migration):
    dependencies = [("caseloads", "0001_initial")]
    operations = [migrations.RunPython(create_reasons, migrations.RunPython.noop)]
