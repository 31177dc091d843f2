"""Session 6's catalog additions reach existing databases: the shipped files are loaded again.

Aliases (0012), levels, units counted from the registry and date-valued indicators (0013), the
indicators read from the official sets and from the public reports corpus (issue 21): the loader
adds the new indicators to the loaded versions and amends the descriptive fields, recording a
``CatalogAmendment`` per version, as 0007 did for ``basis``. What a stored value is does not change.
"""

from django.db import migrations


def reload_builtin(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0013_definition_levels_counts_units_date_kind"),
    ]

    operations = [
        migrations.RunPython(reload_builtin, migrations.RunPython.noop),
    ]
