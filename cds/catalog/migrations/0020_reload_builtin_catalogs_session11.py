"""The session-11 indicators reach existing databases: the shipped files are loaded again.

Catalog 2022.1 gains the digital economy's share of GRDP (``econ.digital_economy_grdp_share``) and
its two parts (value added of the digital economy, GRDP), a statistic the national statistics
office compiles for each province, and the members of the steering committee's working group
(``steering.working_group_members``); indicators that had no alias gain phrasings read in the corpus
and in official texts. The loader adds them to the version with a ``CatalogAmendment``, as
0014–0019 did; no stored value changes meaning.
"""

from django.db import migrations


def reload_builtin(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_squashed_0019_reload_builtin_catalogs_dossier_form"),
    ]

    operations = [
        migrations.RunPython(reload_builtin, migrations.RunPython.noop),
    ]
