"""Every indicator cites its legal basis (``basis``: document, part, address) or says why none.

Descriptive fields (``spec_types.AMENDABLE``): the shipped 2022.1 and 2025.1 files gained
``basis:``; reloading them amends the stored definitions in place and records a
``CatalogAmendment`` per version, as 0005 did for ``scope``. What a value is does not change.
"""

from django.db import migrations, models


def amend(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_display_unit"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatordefinition",
            name="basis",
            field=models.JSONField(
                blank=True,
                default=list,
                db_default=[],
                help_text="legal citations: [{doc, part, url}, …] (catalog «basis»)",
            ),
        ),
        migrations.AddField(
            model_name="indicatordefinition",
            name="basis_none",
            field=models.TextField(
                blank=True, db_default="", help_text="why no legal text is cited, when «basis» is empty"
            ),
        ),
        migrations.RunPython(amend, migrations.RunPython.noop),
    ]
