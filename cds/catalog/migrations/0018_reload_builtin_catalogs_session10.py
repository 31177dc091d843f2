"""Session 10's catalog changes reach existing databases: the shipped files are loaded again.

Aliases from the corpus texts for the indicators reports name most (online services and
dossiers, Đề án 06 applications and records, community teams, training, the unit's own systems,
digital society): the loader amends the versions' aliases with a ``CatalogAmendment``, as
0014–0017 did. No indicator is added and what a stored value is does not change.
"""

from django.db import migrations


def reload_builtin(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0017_reload_builtin_catalogs_session9"),
    ]

    operations = [
        migrations.RunPython(reload_builtin, migrations.RunPython.noop),
    ]
