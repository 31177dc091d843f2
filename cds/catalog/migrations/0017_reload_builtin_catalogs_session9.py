"""Session 9's catalog changes reach existing databases: the shipped files are loaded again.

One place for phrasings: the phrasings the report ingestion kept in its own file are aliases of
their indicators now. Four kinds of corpus statements that are figures of digital transformation
got indicators (commune steering groups for the community teams, officials on the document
system and their share, agencies with the online-service portal and their share, downloads of the
province's citizen app), and more for the four texts added to the corpus (dossiers received in
person, targets met, communes that completed their targets, procedures with fees waived online,
procedures handled regardless of boundaries, Đề án 06 applications, digitised records, social
insurance matched with the ID number); aliases for two indicators and the Thanh Hóa decision's
full citation. The loader adds the new indicators and amends the descriptive fields with a
``CatalogAmendment`` per version, as 0014–0016 did. What a stored value is does not change.
"""

from django.db import migrations


def reload_builtin(apps, schema_editor):
    from cds.catalog.loader import load_builtin_catalogs

    load_builtin_catalogs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0016_reload_builtin_catalogs_session8"),
    ]

    operations = [
        migrations.RunPython(reload_builtin, migrations.RunPython.noop),
    ]
