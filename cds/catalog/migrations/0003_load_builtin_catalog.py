"""Load the shipped catalog files on migrate, so every database has the indicators it needs.

Uses the historical models handed in by ``apps``; the loader only sets fields those models
have, so this migration keeps working when later migrations add fields. Loading is idempotent
(by sha256), so running it on a database that already has the versions changes nothing.
"""

from django.db import migrations


def load(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_version_extends_target_uniqueness"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
