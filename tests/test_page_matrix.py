"""Every web page of every app, as every kind of person, against a unit in scope and out of it.

Routes are enumerated from the URL resolver, so a new page without a line here fails
``test_every_route_is_in_the_matrix`` instead of going unchecked (the API has its own matrix,
cds/api/tests/test_permission_matrix.py, enumerated from the OpenAPI schema).

- a page about a unit (its id in the path or in ``?in=`` / ``?unit=``): the unit's officer and
  its district's supervisor open it (200), another commune's officer and a person without a role
  get 404 (the unit is never found), an anonymous visitor is sent to the login page;
- a form that only takes a POST about a unit: the same, with what the unit's people get back;
- a page without a unit (lists, menus, forms to add): open to anyone logged in (after any
  redirect), and the other commune's name never appears in what the officer of "Xã An" sees;
- file downloads need a stored file, so their scoping is proven where the file is stored: the
  matrix names the test, and checks that the test exists;
- every write (``WRITES``: each register form that saves, adds or deletes, and the DTI form): the
  unit's officer and its district's supervisor write (302) and a change record names them; the
  other commune's officer and a person without a role get 404 (or, on a form to add, the unit
  is not a choice: 200 with the form) and nothing is recorded; anonymous goes to the login page;
- the other writes through a page (``PAGE_WRITES``: the entry form's save/submit/approve/return/
  reopen, the board's deadline form, the report texts form) and the Excel upload (preview, then
  confirm) change something only for the people allowed to.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cds.accounts.models import Role, RoleAssignment
from cds.catalog.rankings import put_rank
from cds.dti.services import load_framework
from cds.dti.tests.helpers import write_framework
from cds.history.models import ChangeRecord
from cds.lib.periods import parse_period
from cds.registries.models import Activity, Course, Document, Plan, Task, Team
from cds.registries.tests.helpers import registers_of
from cds.units.testing import small_tree
from cds.values.services import Actor, ValueInput, record_values

pytestmark = pytest.mark.django_db
BACKEND = "cds.accounts.lockout.LockoutBackend"
PERIOD = "2024Q3"

# Pages about one unit: route → URL for unit ``u`` (the registers of ``u`` are in ``r``).
UnitUrl = Callable[[Any, dict[str, str]], str]
UNIT_PAGES: dict[str, UnitUrl] = {
    "web:unit": lambda u, r: f"/units/{u.pk}/?period={PERIOD}",
    "web:entry": lambda u, r: f"/units/{u.pk}/entry/?period={PERIOD}",
    "web:history": lambda u, r: f"/units/{u.pk}/history/?period={PERIOD}",
    "web:dashboard": lambda u, r: f"/units/{u.pk}/dashboard/?period={PERIOD}",
    "web:board": lambda u, r: f"/board/?in={u.pk}&period={PERIOD}",
    "web:late_export": lambda u, r: f"/board/late/?in={u.pk}&period={PERIOD}&format=csv",
    "web:rollup": lambda u, r: f"/rollup/?unit={u.pk}&period={PERIOD}",
    "web:compare": lambda u, r: f"/compare/?in={u.pk}&period={PERIOD}",
    "web:excel_template": lambda u, r: f"/excel/template/?unit={u.pk}&period={PERIOD}",
    "web:mappings": lambda u, r: f"/excel/mappings/?unit={u.pk}",
    "dossiers:unit": lambda u, r: f"/dvc/unit/{u.pk}/?period=2024",
    "dossiers:index": lambda u, r: f"/dvc/unit/{u.pk}/index/?period=2024",
    "dossiers:index_ranking": lambda u, r: f"/dvc/index/ranking/?in={u.pk}&period=2024",
    "registries:history": lambda u, r: f"/registries/history/?in={u.pk}",
    "dti:scorecard": lambda u, r: f"/dti/units/{u.pk}/2024/",
    "dti:history_chart": lambda u, r: f"/dti/units/{u.pk}/history.svg",
    "reports:sections": lambda u, r: f"/reports/{u.pk}/{PERIOD}/",
    # the draft: the world's values are not approved (an official report of them is a 422 that
    # names what is missing — cds/reports/tests/test_views.py)
    "reports:download": lambda u, r: f"/reports/{u.pk}/{PERIOD}/periodic.docx?include_unapproved=1",
    "reports:defaults": lambda u, r: f"/reports/{u.pk}/{PERIOD}/defaults/",
    "ingest:review": lambda u, r: f"/ingest/{_ingested(u).pk}/",
    **{
        f"registries:{name}": (lambda u, r, name=name: r[name])
        for name in (
            "team",
            "team_edit",
            "activity_new",
            "activity_edit",
            "document",
            "document_edit",
            "plan",
            "plan_edit",
            "task_new",
            "task_edit",
            "course_edit",
            "course_delete",
            "task_delete",
            "activity_delete",
        )
    },
}


def _ingested(u: Any) -> Any:
    """An old report read for ``u``, with one proposal (cds.ingest)."""
    from cds.ingest.models import IngestedReport, Proposal

    report, created = IngestedReport.objects.get_or_create(
        unit=u, sha256="0" * 64, defaults={"file_name": "bao-cao.txt", "file_format": "text"}
    )
    if created:
        Proposal.objects.create(report=report, kind="value", indicator_code="teams.commune_teams",
                                period_code="2024", value_text="5", sentence="Có 5 tổ.")  # fmt: skip
    return report


# Forms that only take a POST about a unit: (URL, what the unit's own people get back).
UNIT_POSTS: dict[str, tuple[UnitUrl, int]] = {
    "dti:assess": (lambda u, r: f"/dti/units/{u.pk}/2024/assess/", 302),  # saved, back to the scorecard
}

# Pages about a unit that send its people on (302 to ``target``): the period selector.
UNIT_REDIRECTS: dict[str, tuple[UnitUrl, UnitUrl]] = {
    "reports:choose": (
        lambda u, r: f"/reports/{u.pk}/?period={PERIOD}",
        lambda u, r: f"/reports/{u.pk}/{PERIOD}/",
    ),
}

# Pages without a unit: what they show is filtered by the person's scope.
LIST_PAGES: dict[str, str] = {
    "web:home": "/",
    "web:excel": "/excel/",
    "web:catalog": "/catalog/?q=ty+le+ho+so+truc+tuyen",
    "web:password": "/account/password/",
    "dti:ranking": "/dti/?year=2024",
    "dti:distribution_chart": "/dti/chart/distribution.svg?year=2024",
    "dti:frameworks": "/dti/frameworks/",
    "registries:index": "/registries/",
    "ingest:list": "/ingest/",
    "registries:teams": "/registries/teams/",
    "registries:team_new": "/registries/teams/new/",
    "registries:documents": "/registries/docs/",
    "registries:document_new": "/registries/docs/new/",
    "registries:document_paste": "/registries/docs/paste/",
    "registries:training": "/registries/training/",
    "registries:courses": "/registries/training/courses/",
    "registries:course_new": "/registries/training/courses/new/",
    "registries:plans": "/registries/plans/",
    "registries:plan_new": "/registries/plans/new/",
    "jobs:list": "/jobs/",
    "jobs:start": "/jobs/new/",
    "jobs:dossier_upload": "/jobs/upload/dossiers/",
    "notifications:inbox": "/notifications/",
}

# File downloads: scoping proven by the test that stores a file (module, test function).
FILE_PAGES: dict[str, tuple[str, str]] = {
    "registries:document_file": (
        "cds.registries.tests.test_files",
        "test_the_file_is_not_found_outside_scope",
    ),
    "dti:evidence": (
        "cds.dti.tests.test_pages",
        "test_an_officer_saves_points_and_evidence_and_a_supervisor_verifies",
    ),
    # a PDF needs LibreOffice: the same view as reports:download, scoped before any conversion
    "reports:download_pdf": ("cds.reports.tests.test_views", "test_the_pdf_is_found_only_in_scope"),
}

# Pages whose scope is not a unit in the path (a person's own job or notification, a supervisor's
# people and targets, reminders to late units): the test that proves who may use them.
PROVEN_ELSEWHERE: dict[str, tuple[str, str]] = {
    # an old report's proposals are decided and imported only by the unit's people (the decision is
    # kept on the proposal, the import in the values' history, so not in the change-record matrix)
    "ingest:decide": (
        "cds.ingest.tests.test_views",
        "test_another_units_people_never_find_the_report_or_its_proposals",
    ),
    "ingest:import": (
        "cds.ingest.tests.test_views",
        "test_another_units_people_never_find_the_report_or_its_proposals",
    ),
    "jobs:detail": (
        "cds.jobs.tests.test_dossier_upload",
        "test_an_officer_can_upload_only_for_a_province_in_scope_and_sees_only_his_jobs",
    ),
    "jobs:output": (
        "cds.jobs.tests.test_dossier_upload",
        "test_an_officer_can_upload_only_for_a_province_in_scope_and_sees_only_his_jobs",
    ),
    "notifications:read": (
        "cds.web.tests.test_day_one",
        "test_people_read_and_mark_only_their_own_notifications",
    ),
    "web:remind": ("cds.web.tests.test_day_one", "test_an_officer_cannot_send_reminders"),
    "web:people": (
        "cds.web.tests.test_people",
        "test_a_supervisor_resets_only_their_own_officers_passwords",
    ),
    "web:targets": (
        "cds.web.tests.test_targets_page",
        "test_targets_outside_the_scope_and_for_officers_are_404",
    ),
    "web:report_signed": (
        "cds.web.tests.test_reports_to_sign",
        "test_another_commune_s_officer_cannot_record_the_signature",
    ),
}

# Open to everyone, or guarded by something else than unit scope.
OTHER_ROUTES = {
    "web:login": "the login page",
    "web:logout": "ends the session",
    "set_language": "Django's language switch",
}
OTHER_NAMESPACES = {
    "api": "cds/api/tests/test_permission_matrix.py walks every OpenAPI operation",
    "admin": "Django admin: staff only (test_admin_is_for_staff_only)",
}


def _routes(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or str(pattern.pattern)
            yield (f"{namespace}:{name}" if namespace else name), str(pattern.pattern)


def test_every_route_is_in_the_matrix() -> None:
    listed = (
        set(UNIT_PAGES)
        | set(UNIT_POSTS)
        | set(UNIT_REDIRECTS)
        | set(LIST_PAGES)
        | set(FILE_PAGES)
        | set(PROVEN_ELSEWHERE)
        | set(OTHER_ROUTES)
    )
    missing = [
        name
        for name, _ in _routes(get_resolver().url_patterns)
        if name.split(":")[0] not in OTHER_NAMESPACES and name not in listed
    ]
    assert missing == [], f"routes without a line in the page matrix: {missing}"


@pytest.mark.parametrize("route", sorted(FILE_PAGES | PROVEN_ELSEWHERE))
def test_file_downloads_and_pages_scoped_elsewhere_name_the_test_that_proves_their_scope(route: str) -> None:
    module, function = (FILE_PAGES | PROVEN_ELSEWHERE)[route]
    assert callable(getattr(importlib.import_module(module), function, None)), f"{module}.{function}"


def build_world(folder: Any) -> dict[str, Any]:
    """The units, registers, DTI framework (its file written in ``folder``), values and the people,
    each logged in (the session cookies of their clients)."""
    tree = small_tree()
    load_framework(write_framework(folder))
    period = parse_period(PERIOD)
    record_values(
        [ValueInput(unit, "dvc.dossiers_total", period, "10") for unit in (tree["a"], tree["b"])],
        Actor("test"),
    )
    # two published ranks of Xã An (cds.catalog.rankings), so its unit page shows them and their change
    for year, rank in (("2023", 5), ("2024", 3)):
        put_rank("par_index_district", tree["a"], year, rank, 12, Actor("test"), score=Decimal("82.5"))
    cookies = {}
    for name, role, unit in (
        ("officer", Role.OFFICER, tree["a"]),
        ("supervisor", Role.SUPERVISOR, tree["district"]),
        ("other", Role.OFFICER, tree["b"]),
        ("outsider", None, None),
    ):
        user = get_user_model().objects.create_user(name, password="x")
        if role:
            RoleAssignment.objects.create(user=user, role=role, unit=unit)
        client = Client()
        client.force_login(user, backend=BACKEND)
        cookies[name] = client.cookies
    return {"tree": tree, "registers": registers_of(tree["a"]), "cookies": cookies}


def for_one_test(built: dict[str, Any], tmp_path: Any, settings: Any) -> dict[str, Any]:
    """A world for one test: its own files folder, copies of the units and a fresh client for each
    person, logged in with the session the world holds (kept in the database, so what a test puts
    in it is rolled back with the rest)."""
    settings.VAR_DIR = tmp_path / "var"
    clients: dict[str, Client] = {"anonymous": Client()}
    for name, cookies in built["cookies"].items():
        clients[name] = Client()
        clients[name].cookies = copy.deepcopy(cookies)
    return {"tree": copy.deepcopy(built["tree"]), "registers": built["registers"], "clients": clients}


def fresh_world(tmp_path: Any, settings: Any) -> dict[str, Any]:
    """A world built for one test alone (a test with a live server needs it committed)."""
    settings.VAR_DIR = tmp_path / "var"
    return for_one_test(build_world(tmp_path), tmp_path, settings)


@pytest.fixture(scope="module")
def shared_world(module_db: None, django_db_blocker: Any, tmp_path_factory: Any) -> dict[str, Any]:
    """The world built once for the module's ≈ 130 tests (the root ``module_db``): each test's
    changes are rolled back after it, as they were when each test built its own."""
    with django_db_blocker.unblock():
        return build_world(tmp_path_factory.mktemp("framework"))


@pytest.fixture
def world(shared_world: dict[str, Any], db: None, tmp_path: Any, settings: Any) -> dict[str, Any]:
    return for_one_test(shared_world, tmp_path, settings)


@pytest.mark.parametrize("route", sorted(UNIT_PAGES))
def test_a_page_about_a_unit_is_found_only_in_scope(world: dict[str, Any], route: str) -> None:
    url = UNIT_PAGES[route](world["tree"]["a"], world["registers"])
    got = {who: client.get(url).status_code for who, client in world["clients"].items()}
    assert got == {"anonymous": 302, "officer": 200, "supervisor": 200, "other": 404, "outsider": 404}, url


@pytest.mark.parametrize("route", sorted(UNIT_REDIRECTS))
def test_a_redirect_about_a_unit_is_found_only_in_scope(world: dict[str, Any], route: str) -> None:
    build, target = UNIT_REDIRECTS[route]
    unit = world["tree"]["a"]
    got = {who: client.get(build(unit, world["registers"])) for who, client in world["clients"].items()}
    assert {who: r.status_code for who, r in got.items()} == {
        "anonymous": 302,
        "officer": 302,
        "supervisor": 302,
        "other": 404,
        "outsider": 404,
    }
    assert got["officer"]["Location"] == got["supervisor"]["Location"] == target(unit, world["registers"])


@pytest.mark.parametrize("route", sorted(UNIT_POSTS))
def test_a_form_about_a_unit_takes_posts_only_in_scope(world: dict[str, Any], route: str) -> None:
    build, accepted = UNIT_POSTS[route]
    url = build(world["tree"]["a"], world["registers"])
    got = {who: client.post(url, {}).status_code for who, client in world["clients"].items()}
    assert got == {
        "anonymous": 302,
        "officer": accepted,
        "supervisor": accepted,
        "other": 404,
        "outsider": 404,
    }


@pytest.mark.parametrize("route", sorted(LIST_PAGES))
def test_a_page_without_a_unit_shows_only_what_is_in_scope(world: dict[str, Any], route: str) -> None:
    url = LIST_PAGES[route]
    assert world["clients"]["anonymous"].get(url).status_code == 302
    for who in ("officer", "outsider"):
        response = world["clients"][who].get(
            url, follow=True
        )  # the DTI ranking sends an officer to their scorecard
        assert response.status_code == 200, (who, url)
        assert "Xã Bình" not in response.content.decode(), (who, url)  # the other commune of the district


def test_admin_is_for_staff_only(world: dict[str, Any]) -> None:
    for who in ("officer", "supervisor", "outsider"):
        response = world["clients"][who].get("/admin/accounts/roleassignment/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], who


# Writes: route → (URL, posted data) for person ``who`` on unit ``u``; entries to delete are made
# fresh for each person, so every person's post meets one.
Write = Callable[[Any, dict[str, str], str], tuple[str, dict[str, Any]]]


def _team(u: Any) -> Team:
    return Team.objects.get(unit=u)


def _plan(u: Any) -> Plan:
    return Plan.objects.get(unit=u)


def _fresh_activity(u: Any, who: str) -> str:
    a = Activity.objects.create(team=_team(u), held_on=dt.date(2023, 10, 1), place=f"xóa {who}")
    return f"/registries/teams/{a.team_id}/activities/{a.pk}/delete/"


def _fresh_task(u: Any, who: str) -> str:
    t = Task.objects.create(plan=_plan(u), content=f"xóa {who}", deadline=dt.date(2024, 6, 30))
    return f"/registries/plans/{t.plan_id}/tasks/{t.pk}/delete/"


def _fresh_course(u: Any, who: str) -> str:
    c = Course.objects.create(unit=u, kind="local", name=f"xóa {who}", starts_on=dt.date(2023, 7, 1))
    return f"/registries/training/courses/{c.pk}/delete/"


def _fresh_plan_document(u: Any, who: str) -> int:
    number = str(100 + len(who))
    return Document.objects.create(unit=u, doc_type="KH", number=number, symbol="KH-UBND", year=None).pk


def _course_data(u: Any, who: str) -> dict[str, Any]:
    return {"unit": u.pk, "kind": "local", "name": f"Lớp {who}", "mode": "in_person", "starts_on": "2023-07-01",
            "sessions": "1", "participations-TOTAL_FORMS": "1", "participations-INITIAL_FORMS": "0",
            "participations-0-group": "residents", "participations-0-participants": "20",
            "participations-0-completed": "0", "participations-0-certified": "0"}  # fmt: skip


WRITES: dict[str, Write] = {
    "registries:team_new": lambda u, r, who: ("/registries/teams/new/", {
        "unit": u.pk, "level": "commune", "name": f"Tổ {who}", "established_on": "2024-01-05"}),
    "registries:team_edit": lambda u, r, who: (r["team_edit"], {
        "unit": u.pk, "level": "commune", "name": f"Tổ {who}", "established_on": "2023-01-01"}),
    "registries:team": lambda u, r, who: (r["team"], {  # adds a member
        "full_name": f"Người {who}", "role": "member", "joined_on": "2023-02-01"}),
    "registries:activity_new": lambda u, r, who: (r["activity_new"], {
        "held_on": "2023-10-02", "kind": "guidance", "place": who, "people_guided": "5"}),
    "registries:activity_edit": lambda u, r, who: (r["activity_edit"], {
        "held_on": "2023-09-01", "kind": "guidance", "place": who, "people_guided": "7"}),
    "registries:activity_delete": lambda u, r, who: (_fresh_activity(u, who), {"reason": "nhầm"}),
    "registries:document_new": lambda u, r, who: ("/registries/docs/new/", {
        "unit": u.pk, "doc_type": "QĐ", "number": str(len(who)), "symbol": f"QĐ-{who}", "is_cds": "on",
        "issued_by_unit": "on"}),
    "registries:document_edit": lambda u, r, who: (r["document_edit"], {
        "unit": u.pk, "doc_type": "KH", "number": "37", "symbol": "KH-UBND", "issued_on": "2024-03-18",
        "subject": f"sửa bởi {who}", "is_cds": "on", "issued_by_unit": "on"}),
    "registries:document_paste": lambda u, r, who: ("/registries/docs/paste/", {
        "unit": u.pk, "text": f"Quyết định số {len(who)}/QĐ-UBND ngày 2/2/2024", "confirm": "1", "keep": "0"}),
    "registries:course_new": lambda u, r, who: ("/registries/training/courses/new/", _course_data(u, who)),
    "registries:course_edit": lambda u, r, who: (r["course_edit"], _course_data(u, who)),
    "registries:course_delete": lambda u, r, who: (_fresh_course(u, who), {}),
    "registries:plan_new": lambda u, r, who: ("/registries/plans/new/", {
        "unit": u.pk, "year": "2025", "document": _fresh_plan_document(u, who), "title": who}),
    "registries:plan_edit": lambda u, r, who: (r["plan_edit"], {
        "unit": u.pk, "year": "2024", "document": _plan(u).document_id, "title": who}),
    "registries:task_new": lambda u, r, who: (r["task_new"], {
        "content": f"Nhiệm vụ {who}", "deadline": "2024-09-30", "status": "not_started"}),
    "registries:task_edit": lambda u, r, who: (r["task_edit"], {
        "content": f"Sửa bởi {who}", "deadline": "2024-06-30", "status": "not_started"}),
    "registries:task_delete": lambda u, r, who: (_fresh_task(u, who), {}),
    "dti:assess": lambda u, r, who: (f"/dti/units/{u.pk}/2024/assess/", {
        "action": "verify" if who == "supervisor" else "save", "points_M": str(len(who)), "verified_M": "1",
        "reason_M": "thiếu minh chứng"}),
}  # fmt: skip

# Forms to add something with a unit to choose: outside people get the form back (their units only).
ADD_FORMS = {"registries:team_new", "registries:document_new", "registries:document_paste",
             "registries:course_new", "registries:plan_new"}  # fmt: skip
READ_ONLY = {"registries:index", "registries:history", "registries:teams", "registries:documents", "registries:document",
             "registries:document_file", "registries:training", "registries:courses", "registries:plans",
             "registries:plan"}  # fmt: skip


def test_every_register_and_dti_form_that_writes_is_in_the_write_matrix() -> None:
    names = [n for n, _ in _routes(get_resolver().url_patterns) if n.split(":")[0] == "registries"]
    missing = [n for n in names if n not in WRITES and n not in READ_ONLY]
    assert missing == [] and set(UNIT_POSTS) <= set(WRITES), missing


@pytest.mark.parametrize("route", sorted(WRITES))
def test_a_write_is_taken_only_in_scope_and_recorded_for_who_wrote(world: dict[str, Any], route: str) -> None:
    unit = world["tree"]["a"]
    got: dict[str, tuple[int, bool]] = {}
    for who in ("anonymous", "other", "outsider", "officer", "supervisor"):
        url, data = WRITES[route](unit, world["registers"], who)
        before = ChangeRecord.objects.count()
        response = world["clients"][who].post(url, data)
        recorded = ChangeRecord.objects.filter(actor=who).exists()
        got[who] = (response.status_code, recorded)
        if who in {"anonymous", "other", "outsider"}:
            assert ChangeRecord.objects.count() == before, (route, who)
    outside = 200 if route in ADD_FORMS else 404
    saved = 200 if route == "registries:document_paste" else 302  # the paste page shows what it saved
    assert got == {
        "anonymous": (302, False),
        "other": (outside, False),
        "outsider": (outside, False),
        "officer": (saved, True),
        "supervisor": (saved, True),
    }, route


# Writes that go through a page's POST (the entry form's buttons, the board's deadline form):
# operation → (URL for unit ``u``, the form, values moved to this status first, who changes
# something). Everyone else changes nothing: anonymous → login, out of scope → 404, in scope but
# not allowed → 404 for review buttons (review scope), a refusal message for the deadline form.
def _entry(u: Any) -> str:
    return f"/units/{u.pk}/entry/?period={PERIOD}"


def _seen(u: Any) -> str:
    from cds.values.workflow import report_values, seen_versions

    versions = seen_versions(report_values(u, parse_period(PERIOD)))
    return ",".join(f"{code}:{version}" for code, version in versions.items())


PAGE_WRITES: dict[str, tuple[Callable[[Any], str], Callable[[Any], dict[str, Any]], str | None, set[str]]] = {
    "save": (
        _entry,
        lambda u: {"action": "save", "v:dvc.dossiers_total": "11"},
        None,
        {"officer", "supervisor"},
    ),
    "submit": (
        _entry,
        lambda u: {"action": "submit", "confirm_incomplete": "1"},
        None,
        {"officer", "supervisor"},
    ),
    "approve": (_entry, lambda u: {"action": "approve", "seen": _seen(u)}, "submit", {"supervisor"}),
    "return": (
        _entry,
        lambda u: {"action": "return", "reason": "thiếu", "seen": _seen(u)},
        "submit",
        {"supervisor"},
    ),
    "reopen": (
        _entry,
        lambda u: {"action": "reopen", "reason": "sửa", "seen": _seen(u)},
        "approve",
        {"supervisor"},
    ),
    "report_texts": (
        lambda u: f"/reports/{u.pk}/{PERIOD}/",
        lambda u: {"text_kho_khan": "Thiếu máy tính ở bộ phận một cửa."},
        None,
        {"officer", "supervisor"},
    ),
    "deadline": (
        lambda u: "/board/",
        lambda u: {"period": PERIOD, "in": u.pk, "due": "20/10/2024", "reason": "họp"},
        None,
        {"supervisor"},
    ),
}


def _state() -> tuple[Any, ...]:
    from cds.reports.models import NarrativeSection
    from cds.values.models import DataValue, Deadline, DeadlineChange

    values = tuple(DataValue.objects.order_by("pk").values_list("raw", "version", "status"))
    texts = tuple(NarrativeSection.objects.order_by("pk").values_list("unit_id", "kind", "text"))
    return values, Deadline.objects.count(), DeadlineChange.objects.count(), texts


def post_page_write(world: dict[str, Any], operation: str, who: str) -> tuple[Any, bool]:
    """Bring commune a's values to the status ``operation`` starts from, post it as ``who``:
    the response, and whether anything stored changed."""
    from cds.values.models import DataValue
    from cds.values.services import change_status

    url, form, status_before, _ = PAGE_WRITES[operation]
    unit = world["tree"]["a"]
    if status_before:
        change_status(DataValue.objects.filter(unit=unit), "submit", Actor("test"))
        if status_before == "approve":
            change_status(DataValue.objects.filter(unit=unit), "approve", Actor("test"))
    before = _state()
    response = world["clients"][who].post(url(unit), form(unit))
    return response, _state() != before


@pytest.mark.parametrize("who", ["anonymous", "officer", "supervisor", "other", "outsider"])
@pytest.mark.parametrize("operation", sorted(PAGE_WRITES))
def test_a_write_through_a_page_changes_something_only_for_those_allowed(
    world: dict[str, Any], operation: str, who: str
) -> None:
    response, changed = post_page_write(world, operation, who)
    allowed = PAGE_WRITES[operation][3]
    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif who in {"other", "outsider"} or (who == "officer" and operation in {"approve", "return", "reopen"}):
        assert response.status_code == 404
    assert changed == (who in allowed), (operation, who, response.status_code)


@pytest.mark.parametrize("who", ["anonymous", "officer", "supervisor", "other", "outsider"])
def test_an_excel_upload_changes_values_only_for_those_who_may_edit_the_unit(
    world: dict[str, Any], who: str
) -> None:
    """Upload (preview) then confirm, as the page does: only the unit's officer and supervisor
    change its values; out of scope, the row is refused in the preview and nothing waits."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    unit = world["tree"]["a"]
    client = world["clients"][who]
    before = _state()
    data = f"unit,period,indicator,value,note\n{unit.code},{PERIOD},dvc.dossiers_total,12,\n".encode()
    preview = client.post("/excel/", {"file": SimpleUploadedFile("so-lieu.csv", data)})
    if who == "anonymous":
        assert preview.status_code == 302 and "/login/" in preview["Location"]
    token = client.session.get("web.excel.upload", {}).get("token") if who != "anonymous" else None
    if token:
        client.post("/excel/", {"confirm": token})
    assert (_state() != before) == (who in {"officer", "supervisor"}), (who, preview.status_code)


@pytest.mark.parametrize("who", ["anonymous", "officer", "supervisor", "other", "outsider"])
def test_a_column_mapping_is_saved_only_by_those_who_may_edit_the_unit(
    world: dict[str, Any], who: str
) -> None:
    """Sample, then save, as the mappings page does: only the unit's officer and supervisor save a
    mapping for it; anyone else gets the unit not found and nothing is saved."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cds.values.models import ColumnMapping

    unit = world["tree"]["a"]
    client = world["clients"][who]
    data = f"Xã,Kỳ,Mã số,Giá trị\n{unit.code},{PERIOD},dvc.dossiers_total,12\n".encode()
    url = "/excel/mappings/"
    sampled = client.post(url, {"unit": unit.pk, "source": "S", "file": SimpleUploadedFile("m.csv", data)})
    saved = client.post(
        url, {"unit": unit.pk, "source": "S", "save": "1", "col-0": "unit", "col-2": "indicator"}
    )
    if who == "anonymous":
        assert sampled.status_code == saved.status_code == 302
    elif who in {"other", "outsider"}:
        assert sampled.status_code == saved.status_code == 404
    assert ColumnMapping.objects.filter(unit=unit).exists() == (who in {"officer", "supervisor"}), who
