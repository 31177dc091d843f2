"""Amend the shipped catalog versions: the website indicators cite Nghị định 42/2022/NĐ-CP.

Điều 5 (what a state body's website is), Điều 4 khoản 1 and Điều 7 (what it must publish and
offer) were read in part; reloading the shipped files amends the stored definitions in place and
records a ``CatalogAmendment``. Descriptive only: what a recorded value is does not change.
"""

from django.db import migrations


def amend(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0010_amend_builtin_basis_tt01_qd28"),
    ]

    operations = [
        migrations.RunPython(amend, migrations.RunPython.noop),
    ]
