"""Session 7's catalog additions reach existing databases: the shipped files are loaded again.

Aliases on indicators read from the official sets, and the indicators the grown report corpus
needed (issue 21): the loader adds new indicators to the loaded versions and amends the
descriptive fields with a ``CatalogAmendment`` per version, as 0014 did. What a stored value is
does not change.
"""

from django.db import migrations


def reload_builtin(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0014_reload_builtin_catalogs"),
    ]

    operations = [
        migrations.RunPython(reload_builtin, migrations.RunPython.noop),
    ]
