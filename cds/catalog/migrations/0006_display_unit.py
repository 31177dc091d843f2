"""Amounts declare the unit officials read them in (``display_unit``).

The shipped catalogs were loaded by 0003 before this field existed, so their definitions are
given the display unit the shipped files now state. That is a presentation detail — what a value
means does not change — so a loaded shipped version whose definitions are otherwise exactly what
its file says is annotated in place and takes the file's new sha256 (otherwise `cds catalog load
--builtin` would refuse the edited file). A version whose meaning differs is left alone.
"""

from django.db import migrations, models

# Every field the definitions had when this migration was written; later fields are not compared.
COMPARED = ("name_vi", "name_en", "unit_vi", "unit_en", "kind", "scale", "aggregate_units",
            "aggregate_periods", "direction", "decimals", "description", "source")  # fmt: skip


def _same(row, spec) -> bool:  # type: ignore[no-untyped-def]
    return (
        all(getattr(row, name) == getattr(spec, name) for name in COMPARED)
        and row.pillar.code == spec.pillar
        and (row.numerator.code if row.numerator else None) == spec.numerator
        and (row.denominator.code if row.denominator else None) == spec.denominator
        and list(row.parts or ()) == list(spec.parts)
    )


def annotate(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cds.catalog.spec import builtin_catalog_files, read_catalog_file

    Version = apps.get_model("catalog", "CatalogVersion")
    Definition = apps.get_model("catalog", "IndicatorDefinition")
    specs = sorted((read_catalog_file(p) for p in builtin_catalog_files()), key=lambda s: s.effective_from)
    for spec in specs:
        version = Version.objects.filter(code=spec.version).first()
        if version is None:
            continue
        rows = Definition.objects.filter(version=version).select_related(
            "indicator", "pillar", "numerator", "denominator"
        )
        stored = {row.indicator.code: row for row in rows}
        if set(stored) != {i.code for i in spec.indicators}:
            continue
        if not all(_same(stored[i.code], i) for i in spec.indicators):
            continue
        for indicator in spec.indicators:
            if indicator.display_unit:
                stored[indicator.code].display_unit = indicator.display_unit
                stored[indicator.code].save(update_fields=["display_unit"])
        if version.sha256 != spec.sha256:
            version.sha256 = spec.sha256
            version.save(update_fields=["sha256"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_amend_builtin_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatordefinition",
            name="display_unit",
            field=models.CharField(
                blank=True, db_default="", help_text="amounts: the unit they are shown in (stored in đồng)", max_length=16
            ),
        ),
        migrations.RunPython(annotate, migrations.RunPython.noop),
    ]
