"""Amend the shipped catalog versions with two more texts read (descriptive only).

Khoản 1 Điều 3 Thông tư 01/2023/TT-VPCP (what digitising a dossier or a result means) and khoản 2
Điều 3 Quyết định 28/2018/QĐ-TTg (sending and receiving electronic documents through connected
document-management systems). Reloading the shipped files amends the stored definitions in place
and records a ``CatalogAmendment``; what a recorded value is does not change.
"""

from django.db import migrations


def amend(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_amend_builtin_basis_766_names"),
    ]

    operations = [
        migrations.RunPython(amend, migrations.RunPython.noop),
    ]
