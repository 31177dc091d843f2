"""The dossier-form indicators of session 10 reach existing databases: the shipped files are loaded
again.

Catalog 2022.1 gains the columns of the report on handling administrative dossiers (Biểu số
06/VPCP/KSTT) that reports state and the catalog lacked — dossiers resolved ahead of time and late,
dossiers pending within time — and the communes' row group of a province's (district's) report
(dossiers received by the communes of the area, online and in person). Indicators that had no
alias gain the phrasings of the reports they were built from, and households lose the bare «hộ».
The loader adds them to the version with a ``CatalogAmendment``, as 0014–0018 did; no stored value
changes meaning.
"""

from django.db import migrations


def reload_builtin(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0018_reload_builtin_catalogs_session10"),
    ]

    operations = [
        migrations.RunPython(reload_builtin, migrations.RunPython.noop),
    ]
