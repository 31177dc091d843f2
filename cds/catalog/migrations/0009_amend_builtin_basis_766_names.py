"""Amend the shipped catalog versions again: the satisfaction indicators stop citing 766/QĐ-TTg.

Its satisfaction rate was read in full: it divides by all dossiers in the remit, ours by the
ratings given, so ``dvc.satisfaction_rate`` and its parts now say why no text is cited; three
rates gain the indicator names of the index (descriptive only, recorded in ``CatalogAmendment``).
"""

from django.db import migrations


def amend(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_amend_builtin_basis_nd42"),
    ]

    operations = [
        migrations.RunPython(amend, migrations.RunPython.noop),
    ]
