"""Amend the shipped catalog versions with the citations added after 0007 (descriptive only).

Session 5 read Điều 11 khoản 1 of Nghị định 42/2022/NĐ-CP (full-process / partial online public
services) and a provincial plan naming two DTI 2024 component indicators; the shipped files cite
them (``basis``). Reloading the files amends the stored definitions in place and records a
``CatalogAmendment`` per version; what a recorded value is does not change.
"""

from django.db import migrations


def amend(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_definition_basis"),
    ]

    operations = [
        migrations.RunPython(amend, migrations.RunPython.noop),
    ]
