"""Admin: units' published ranks in rankings other than DTI, written by ``rankings.put_rank`` (its
checks and change record), as the command line and the import write them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from cds.lib.errors import InputError
from cds.values.services import Actor

from .models import PublishedRank
from .rankings import check_rank, put_rank, rankings
from .rankings_file import ranking_name


def _ranking_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name_vi) for r in rankings().values()]


def _part_choices() -> list[tuple[str, str]]:
    parts = [(p.code, f"{r.name_vi} — {p.name_vi}") for r in rankings().values() for p in r.parts]
    return [("", "Tổng (cả bảng)"), *parts]


class PublishedRankForm(forms.ModelForm):
    ranking = forms.ChoiceField(label="Bảng xếp hạng", choices=_ranking_choices)
    part = forms.ChoiceField(label="Phần", choices=_part_choices, required=False)

    class Meta:
        model = PublishedRank
        fields = (
            "ranking",
            "unit",
            "period",
            "part",
            "rank",
            "ranked_of",
            "score",
            "max_score",
            "document",
            "decision",
            "note",
        )

    def clean(self) -> dict[str, Any]:
        """``put_rank``'s checks, said in both languages beside the field they name, on a new rank and
        on a change (whose ranking, unit, period and part are read-only: the row's own). An error on
        a field also keeps Django's English «Constraint … is violated» for it off the page."""
        data = super().clean() or {}

        def value(name: str) -> Any:
            return data.get(name) if name in self.fields else getattr(self.instance, name, None)

        needed = ("ranking", "unit", "period", "rank", "ranked_of")
        if all(value(k) not in (None, "") for k in needed):
            try:
                period = check_rank(
                    value("ranking"), value("unit"), value("period"), value("rank"), value("ranked_of"),
                    part=value("part") or "", score=value("score"), max_score=value("max_score"),
                )  # fmt: skip
            except InputError as err:
                column = err.where.column if err.where and err.where.column in self.fields else None
                self.add_error(column, f"{err.message('vi')} / {err.message('en')}")
                return data
            if "period" in self.fields:
                data["period"] = period
        return data


class RankingFilter(admin.SimpleListFilter):
    title = "Bảng xếp hạng"
    parameter_name = "ranking"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return _ranking_choices()

    def queryset(self, request: Any, queryset: Any) -> Any:
        return queryset.filter(ranking=self.value()) if self.value() else queryset


@admin.display(description="Bảng xếp hạng", ordering="ranking")
def ranking_column(obj: PublishedRank) -> str:
    return ranking_name(obj.ranking, obj.part)


@admin.register(PublishedRank)
class PublishedRankAdmin(admin.ModelAdmin):
    form = PublishedRankForm
    list_display = (ranking_column, "unit", "period", "rank", "ranked_of", "score")
    list_filter = (RankingFilter,)
    search_fields = ("unit__name", "unit__code", "ranking")
    raw_id_fields = ("unit", "decision")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        # which rank a row is stays; a different one is a new row (put_rank keys by these)
        return ("ranking", "unit", "period", "part") if obj is not None else ()

    def save_model(self, request: Any, obj: PublishedRank, form: Any, change: bool) -> None:
        saved, _ = put_rank(
            obj.ranking, obj.unit, obj.period, obj.rank, obj.ranked_of, Actor.for_user(request.user),
            part=obj.part, score=obj.score, max_score=obj.max_score, document=obj.document,
            decision=obj.decision, note=obj.note,
        )  # fmt: skip
        obj.pk = saved.pk

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # a published rank is corrected (with history), never removed unseen
