"""Amounts declare the unit officials read them in (``display_unit``).

The shipped catalogs were loaded by 0003 before this field existed, so their definitions are
given the display unit the shipped files now state (a presentation detail: what a value means
does not change, so the loaded versions are annotated rather than republished).
"""

from django.db import migrations, models


def annotate(apps, schema_editor):
    from cds.catalog.spec import builtin_catalog_files, read_catalog_file

    Definition = apps.get_model("catalog", "IndicatorDefinition")
    for path in builtin_catalog_files():
        spec = read_catalog_file(path)
        for indicator in spec.indicators:
            if indicator.display_unit:
                Definition.objects.filter(version__code=spec.version, indicator__code=indicator.code).update(
                    display_unit=indicator.display_unit
                )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_amend_builtin_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatordefinition",
            name="display_unit",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="amounts: the unit they are shown in (stored in đồng)",
                max_length=16,
            ),
        ),
        migrations.RunPython(annotate, migrations.RunPython.noop),
    ]
