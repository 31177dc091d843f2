"""Document pages: list, detail (targets it set, its file), edit with upload, download, paste."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cds.accounts.scope import Action, can, get_for_user_or_404
from cds.lib.errors import InputError

from .. import documents, files, operations
from ..citations import extract
from ..forms import DocumentForm, PasteForm
from ..models import Document
from .editing import edit_page
from .teams import search_text


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    docs = Document.objects.select_related("unit").for_user(request.user)
    if q := search_text(request):
        docs = docs.filter(
            Q(subject__icontains=q) | Q(number=q) | Q(symbol__icontains=q) | Q(issuer__icontains=q)
        )
    return render(request, "registries/document_list.html", {"documents": docs[:500], "q": q})


def _document(request: HttpRequest, pk: int, action: Action = "view") -> Document:
    return get_for_user_or_404(Document.objects.select_related("unit"), request.user, action, pk=pk)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document(request, pk)
    context = {
        "doc": doc,
        "targets": doc.targets.select_related("indicator", "unit").order_by("period", "indicator__code"),
        "teams": doc.team_decisions.select_related("team"),
        "plan": getattr(doc, "plan", None),
        "courses": doc.courses.all(),
        "editable": can(request.user, "edit", doc.unit),
    }
    return render(request, "registries/document_detail.html", context)


@login_required
def document_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    doc = _document(request, pk, "edit") if pk else None
    form = DocumentForm(request.POST or None, request.FILES or None, instance=doc, user=request.user)

    def save(actor: operations.Actor) -> str:
        upload = form.cleaned_data.get("upload")
        return operations.save_document(
            form.instance, actor, targets=form.cleaned_data["targets"], upload=upload,
            upload_name=upload.name if upload else "", upload_size=upload.size if upload else None,
        )  # fmt: skip

    return edit_page(request, form, save, _("Văn bản"), "registries:document")


@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document's stored file, for people who may view its unit (others get 404)."""
    doc = _document(request, pk)
    path = files.stored_path(doc)
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=doc.file_name, content_type=files.KINDS[doc.file_kind]
    )


@login_required
def document_paste(request: HttpRequest) -> HttpResponse:
    """Paste a paragraph → see what was found → confirm → saved (nothing is saved before)."""
    form = PasteForm(request.POST or None, user=request.user)
    proposals: list[Any] = []
    saved = None
    if request.method == "POST" and form.is_valid():
        unit, text = form.cleaned_data["unit"], form.cleaned_data["text"]
        proposals = documents.preview(unit, extract(text))
        if "confirm" in request.POST:
            chosen = set(request.POST.getlist("keep"))
            own = set(request.POST.getlist("own"))
            for i, p in enumerate(proposals):
                p.issued_by_unit = str(i) in own
            kept = [p for i, p in enumerate(proposals) if str(i) in chosen]
            try:
                saved = documents.register(unit, kept, operations.Actor.for_user(request.user))
            except InputError as error:
                form.add_error(None, f"{error.message('vi')} / {error.message('en')}")
    return render(
        request, "registries/document_paste.html", {"form": form, "proposals": proposals, "saved": saved}
    )
