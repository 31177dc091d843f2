"""Amend the shipped catalog versions already in a database with each indicator's ``scope``.

The shipped files gained ``scope:`` (own / territory), a descriptive field: loading them again
amends the stored definitions in place and records a ``CatalogAmendment`` per version; what a
recorded value is does not change. On a new database 0003 loaded the files before the field
existed, so this amends those rows the same way.
"""

from django.db import migrations


def amend(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_definition_scope_amendments"),
    ]

    operations = [
        migrations.RunPython(amend, migrations.RunPython.noop),
    ]
