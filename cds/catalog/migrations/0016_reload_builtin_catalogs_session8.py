"""Session 8's catalog additions reach existing databases: the shipped files are loaded again.

Aliases on three rates the DTI sets score (issue 21): the criterion's own words find the rate.
«Tỷ lệ người dân có hồ sơ sức khỏe điện tử» leaves the records-kept-up-to-date rate for a new
indicator of its own (society.residents_with_e_health_record and its rate). The loader adds the
new indicators and amends the descriptive fields with a ``CatalogAmendment`` per version, as 0014
and 0015 did. What a stored value is does not change.
"""

from django.db import migrations


def reload_builtin(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0015_reload_builtin_catalogs_session7"),
    ]

    operations = [
        migrations.RunPython(reload_builtin, migrations.RunPython.noop),
    ]
