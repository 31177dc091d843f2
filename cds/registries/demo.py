# ruff: noqa: E501 -- the sample reports' rows are kept one per line, as in the reports
"""Demo registers from the three sample reports, with their counts flowing into the indicators.

Real: every document the reports cite (found by our own parser in the report text), the teams
and founding decisions, the Phụ lục II table of Tịnh Châu, the Sơn Nham 2024 plan. Synthetic
(marked ``synthetic`` / "dữ liệu mô phỏng"): member names, the other communes' teams and
villages of TP Quảng Ngãi — only their counts are the report's (1 + 23 + 139 teams, 9 + 265 +
855 = 1.129 members). Dates the reports do not give are marked as assumed in ``note``.
Also SYNTHETIC, laid out around the demo's today (``cds.demo.calendar``): the registers of
today's communes — teams, recent outings, this quarter's course, plans with tasks due around
today (``_around_today``); their counts are not written into the indicators.
Idempotent: everything is looked up before it is created, and values go through record_values.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.db import transaction

from cds.demo import calendar
from cds.lib.periods import Period, parse_period
from cds.lib.vn_dates import format_date
from cds.lib.vn_numbers import format_number
from cds.units.models import REORGANISATION_DATE, Unit
from cds.units.services import add_village, resolve_unit
from cds.values.services import Actor

from . import documents, indicators, teams
from .citations import extract
from .models import Activity, Course, Document, Member, Participation, Plan, Task, Team, TeamDecision

REPORTS = Path(__file__).resolve().parents[1] / "demo_data" / "sample-reports"
REPORT_FILES = {"000": "Tịnh Châu", "002": "Sơn Nham", "003": "TP Quảng Ngãi"}
D = dt.date
ASSUMED = "ngày giả định: báo cáo không ghi ngày"
SYNTHETIC = "dữ liệu mô phỏng (demo): chỉ số lượng là của báo cáo"
SYNTHETIC_NOW = "dữ liệu mô phỏng (demo)"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Đinh"]
MIDDLE = ["Văn", "Thị", "Minh", "Quang", "Thanh", "Ngọc", "Hữu", "Thu", "Đức", "Kim"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Vy", "Yến"]  # fmt: skip
ORGS = [
    "Đoàn thanh niên",
    "Hội Liên hiệp phụ nữ",
    "Công an xã",
    "Trưởng thôn",
    "Bưu điện văn hóa xã",
    "Viettel",
    "VNPT",
]
SON_NHAM_VILLAGES = ["Canh Mo", "Bầu Sơn", "Cạn Sơn", "Chàm Rao", "Xà Nay", "Xà Riêng"]


def _units() -> dict[str, Unit]:
    return {
        "tinh_chau": resolve_unit("xã Tịnh Châu, thành phố Quảng Ngãi", era="legacy"),
        "son_nham": resolve_unit("xã Sơn Nham, huyện Sơn Hà", era="legacy"),
        "tp": resolve_unit("thành phố Quảng Ngãi, tỉnh Quảng Ngãi", era="legacy"),
    }


def _report_text(prefix: str) -> str:
    path = next(REPORTS.glob(f"{prefix}_*.txt"), None)
    if path is None:  # shipped with the project: missing means a broken checkout, not "no documents"
        raise FileNotFoundError(f"sample report {prefix}_*.txt not found in {REPORTS}")
    return path.read_text(encoding="utf-8")


def _documents(units: dict[str, Unit]) -> int:
    created = 0
    for prefix, key in (("000", "tinh_chau"), ("002", "son_nham"), ("003", "tp")):
        unit = units[key]
        result = documents.register(
            unit, documents.preview(unit, extract(_report_text(prefix))), Actor("demo: sổ đăng ký", "demo")
        )
        created += len(result.created)
    return created


def _doc(unit: Unit, doc_type: str, number: str, symbol: str) -> Document:
    return Document.objects.get(unit=unit, doc_type=doc_type, number=number, symbol=symbol)


def _names(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(n)]


def _team(unit: Unit, level: str, name: str, established: dt.date, area: str = "", note: str = "") -> Team:
    team, _ = Team.objects.get_or_create(
        unit=unit,
        name=name,
        defaults={"level": level, "area": area, "established_on": established, "note": note},
    )
    return team


def _fill(team: Team, n: int, rng: random.Random, joined: dt.date) -> None:
    if team.members.exists():
        return
    names = _names(rng, n)
    roles = ["leader", "deputy"] + ["member"] * (n - 2)
    Member.objects.bulk_create(
        Member(
            team=team,
            full_name=f"{name} ({i + 1})",
            role=roles[i] if n > 2 else "member",
            organisation=rng.choice(ORGS),
            joined_on=joined,
            phone=f"09{rng.randrange(10**8):08d}",
            synthetic=True,
        )
        for i, name in enumerate(names)
    )


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _teams(units: dict[str, Unit]) -> int:
    rng = random.Random("cds-registries-demo")
    tc, sn, tp = units["tinh_chau"], units["son_nham"], units["tp"]
    sept_2022 = D(2022, 9, 30)
    # TP Quảng Ngãi: the city team (QĐ 5488/QĐ-UBND ngày 15/9/2022), 9 members.
    city = _team(tp, "district", "Tổ Công nghệ số cộng đồng thành phố Quảng Ngãi", D(2022, 9, 15))
    TeamDecision.objects.get_or_create(team=city, document=_doc(tp, "QĐ", "5488", "QĐ-UBND"))
    _fill(city, 9, rng, D(2022, 9, 15))
    # Tịnh Châu: 1 commune team of 9 (in place since 9/2022, re-formed by QĐ 100/QĐ-UBND ngày 05/9/2023)
    # and 3 village teams of 19 (QĐ 922, 923, 924/QĐ-UBND ngày 30/9/2022).
    commune = _team(
        tc,
        "commune",
        "Tổ công nghệ số cộng đồng xã Tịnh Châu",
        sept_2022,
        note="thành lập từ tháng 9/2022 (báo cáo 003); " + ASSUMED,
    )
    TeamDecision.objects.get_or_create(
        team=commune, document=_doc(tc, "QĐ", "100", "QĐ-UBND"), defaults={"role": "reforming"}
    )
    _fill(commune, 9, rng, sept_2022)
    for number, size in zip(("922", "923", "924"), _split(19, 3), strict=True):
        village = _team(
            tc,
            "village",
            f"Tổ công nghệ số cộng đồng thôn (QĐ {number})",
            sept_2022,
            area=f"thôn theo QĐ {number}/QĐ-UBND",
        )
        TeamDecision.objects.get_or_create(team=village, document=_doc(tc, "QĐ", number, "QĐ-UBND"))
        _fill(village, size, rng, sept_2022)
    # The other 22 commune teams of the city: 256 members, and 136 village teams with 836 members.
    # The report counts 23 communes and wards; the unit list has fewer under the city, so the
    # teams are dealt out over the communes it has (one may get two) — only the counts are real.
    others = list(Unit.objects.filter(parent=tp, level="commune").exclude(pk=tc.pk).order_by("code"))
    homes = [others[i % len(others)] for i in range(22)]
    village_members = iter(_split(836, 136))
    for i, (unit, size, n_villages) in enumerate(zip(homes, _split(256, 22), _split(136, 22), strict=True)):
        suffix = "" if i < len(others) else f" (tổ {i // len(others) + 1})"
        team = _team(
            unit, "commune", f"Tổ công nghệ số cộng đồng {unit.name}{suffix}", sept_2022, note=SYNTHETIC
        )
        _fill(team, size, rng, sept_2022)
        for k in range(1, n_villages + 1):
            label = f"thôn, tổ dân phố số {k}{suffix}"
            v = _team(
                unit,
                "village",
                f"Tổ CNSCĐ {label} ({unit.short_name})",
                sept_2022,
                area=label,
                note=SYNTHETIC,
            )
            _fill(v, next(village_members), rng, sept_2022)
    # Sơn Nham: teams re-formed by QĐ 191–197/QĐ-UBND ngày 10/11/2023 (no member list in the report).
    reformed = D(2023, 11, 10)
    team = _team(
        sn,
        "commune",
        "Tổ công nghệ số cộng đồng xã Sơn Nham",
        reformed,
        note="ngày kiện toàn; ngày thành lập không có trong báo cáo",
    )
    TeamDecision.objects.get_or_create(
        team=team, document=_doc(sn, "QĐ", "191", "QĐ-UBND"), defaults={"role": "reforming"}
    )
    for decision, name in zip(range(192, 198), SON_NHAM_VILLAGES, strict=True):
        v = _team(sn, "village", f"Tổ công nghệ số cộng đồng thôn {name}", reformed, area=f"thôn {name}")
        if teams.village_for(sn, f"thôn {name}") is None:  # the report's list of Sơn Nham's villages
            add_village(sn, f"Thôn {name}")
        teams.link_village(v)  # the Thôn unit under Sơn Nham
        TeamDecision.objects.get_or_create(
            team=v, document=_doc(sn, "QĐ", str(decision), "QĐ-UBND"), defaults={"role": "reforming"}
        )
    # Tịnh Châu, quý III/2023: 28 members guided 203 people (000).
    Activity.objects.get_or_create(
        team=commune, held_on=D(2023, 9, 15), kind="campaign", place="xã Tịnh Châu",
        defaults={"people_guided": 203, "platforms": ["dvc", "payment"], "note": "28 thành viên Tổ CNSCĐ các cấp ra quân; " + ASSUMED},
    )  # fmt: skip
    return Team.objects.filter(unit__path__startswith=tp.path).count() + Team.objects.filter(unit=sn).count()


APPENDIX_II = [  # Tịnh Châu, Phụ lục II of report 000 (quý III/2023)
    ("guidance", "Tổ Công nghệ số cộng đồng các cấp trên địa bàn xã ra quân hướng cho người dân về kỹ năng khai thác và sử dụng các nền tảng số", 1, (29, 19, 203), "UBND xã Tịnh Châu"),
    ("local", "Tập huấn chuyển đổi số trên địa bàn xã", 8, (29, 19, 2400), "UBND xã Tịnh Châu"),
    ("provincial", "Tham gia chương trình tập huấn Tổ Công nghệ số cộng đồng các địa phương do Sở Thông tin và Truyền thông tổ chức", 1, (10, 19, 228), "Sở Thông tin và Truyền thông"),
]  # fmt: skip


def _training(units: dict[str, Unit]) -> int:
    tc = units["tinh_chau"]
    plan_118 = _doc(tc, "KH", "118", "KH-UBND")
    for i, (kind, name, sessions, counts, organiser) in enumerate(APPENDIX_II):
        course, _ = Course.objects.get_or_create(
            unit=tc, name=name, starts_on=D(2023, 7, 10 + i),
            defaults={"kind": kind, "sessions": sessions, "organiser": organiser, "note": ASSUMED,
                      "document": plan_118 if kind == "local" else None, "mode": "in_person"},
        )  # fmt: skip
        for group, n in zip(("officials", "team_members", "residents"), counts, strict=True):
            if n:
                Participation.objects.get_or_create(course=course, group=group, defaults={"participants": n})
    online = [
        ("Khóa học chuyển đổi số dành cho Chủ tịch UBND xã", "onetouch.mic.gov.vn", 1),
        ("Khóa học về triển khai Đề án 06 và chuyển đổi số (tổ công tác Đề án 06 xã)", "", 6),
    ]
    for i, (name, platform, n) in enumerate(online):
        course, _ = Course.objects.get_or_create(
            unit=tc, name=name, starts_on=D(2023, 8, 1 + i),
            defaults={"kind": "online", "mode": "online", "platform": platform, "note": ASSUMED},
        )  # fmt: skip
        Participation.objects.get_or_create(
            course=course, group="officials", defaults={"participants": n, "completed": n, "certified": n}
        )
    # 29/29 CBCC completed the course of Kế hoạch số 200/KH-UBND ngày 28/11/2022 of the city.
    course, _ = Course.objects.get_or_create(
        unit=tc, name="Bồi dưỡng, tập huấn kiến thức, kỹ năng số cho CBCC xã (KH 200/KH-UBND của UBND thành phố)",
        starts_on=D(2022, 12, 5),
        defaults={"kind": "external", "mode": "in_person", "organiser": "UBND thành phố Quảng Ngãi", "note": ASSUMED,
                  "document": _doc(tc, "KH", "200", "KH-UBND")},
    )  # fmt: skip
    Participation.objects.get_or_create(
        course=course, group="officials", defaults={"participants": 29, "completed": 29}
    )
    return Course.objects.filter(unit=tc).count()


SON_NHAM_TASKS = [  # pillar, content, deadline, status, done_on, evidence
    ("the_che_so", "Ban hành kế hoạch triển khai Nghị quyết số 13-NQ/TU của Ban Thường vụ Tỉnh ủy", D(2024, 9, 30), "done", D(2024, 9, 19), "Kế hoạch số 109/KH-UBND ngày 19/9/2024"),
    ("nhan_luc_so", "100% công chức hoàn thành khóa bồi dưỡng chuyển đổi số trên nền tảng trực tuyến", D(2024, 6, 30), "done", D(2024, 6, 20), "8/8 công chức hoàn thành khoá học"),
    ("attt", "Cài đặt phần mềm phòng, chống mã độc kết nối NCSC cho 100% máy trạm", D(2024, 10, 31), "in_progress", None, "08/09 máy đã cài đặt"),
    ("chinh_quyen_so", "Cấp chữ ký số cho 100% cán bộ, công chức", D(2024, 8, 31), "done", D(2024, 9, 10), "02/02 cán bộ, 07/07 công chức"),
    ("xa_hoi_so", "Vận động người dân cài đặt ứng dụng C-Quảng Ngãi", D(2024, 12, 31), "in_progress", None, "trên 1000 người dân đã cài đặt"),
    ("kinh_te_so", "Đưa hộ kinh doanh tham gia Chương trình SMEdx", D(2024, 11, 30), "not_started", None, ""),
]  # fmt: skip


def _plans(units: dict[str, Unit]) -> int:
    sn = units["son_nham"]
    document = _doc(sn, "KH", "37", "KH-UBND")
    plan, _ = Plan.objects.get_or_create(
        unit=sn, year=2024, document=document, defaults={"title": "Chuyển đổi số xã Sơn Nham năm 2024"}
    )
    for pillar, content, deadline, status, done_on, evidence in SON_NHAM_TASKS:
        Task.objects.get_or_create(
            plan=plan, content=content,
            defaults={"pillar": pillar, "deadline": deadline, "status": status, "done_on": done_on,
                      "evidence": evidence, "lead": "UBND xã Sơn Nham"},
        )  # fmt: skip
    return plan.tasks.count()


# Where the registers are as complete as the report, their counts are recorded (and agree with
# the report's figures). Sơn Nham 2024 states "20 văn bản (03 KH, 17 CV)" but cites only two of
# its own 2024 documents, and Tịnh Châu's notice 50/TB-UBND has no date: no doc counts there.
SYNCS = [
    ("tp", "2022", ("teams", "docs")),
    ("tinh_chau", "2023Q1", ("docs",)),
    ("tinh_chau", "2023Q3", ("teams", "training")),
    ("son_nham", "2024", ("teams", "plans")),
]


CURRENT_TASKS = [  # pillar, content (the current communes' synthetic plans)
    ("the_che_so", "Ban hành kế hoạch chuyển đổi số và quy chế vận hành Tổ công nghệ số cộng đồng của xã"),
    ("nhan_luc_so", "Tập huấn kỹ năng số cho cán bộ, công chức và thành viên Tổ công nghệ số cộng đồng"),
    ("attt", "Cài đặt phần mềm phòng, chống mã độc kết nối NCSC cho 100% máy trạm"),
    ("chinh_quyen_so", "Nâng tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến lên trên 80%"),
    ("xa_hoi_so", "Hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức 2 (VNeID)"),
    ("kinh_te_so", "Hỗ trợ hộ kinh doanh mở tài khoản thanh toán và bán hàng trên sàn thương mại điện tử"),
]
# Days from today to each task's deadline in the current year's plan: some past, some coming.
CURRENT_OFFSETS = (-75, -40, -12, 9, 30, 55)


def _current_communes() -> list[Unit]:
    province = resolve_unit("tỉnh Quảng Ngãi", era="current")
    return list(Unit.objects.subtree(province).filter(level="commune").order_by("code"))


def _in_sentence(unit: Unit) -> str:
    return unit.name[:1].lower() + unit.name[1:]  # "xã Tịnh Khê" inside a sentence


def _plan(unit: Unit, year: int, issued: dt.date, rng: random.Random) -> Plan:
    title = f"Chuyển đổi số {_in_sentence(unit)} năm {year}"
    plan = Plan.objects.filter(unit=unit, year=year, title=title).first()
    if plan is None:
        document, _ = Document.objects.get_or_create(
            unit=unit, doc_type="KH", number=str(rng.randint(5, 60)), symbol="KH-UBND", year=None,
            issued_on=issued,
            defaults={"issuer": f"UBND {_in_sentence(unit)}", "subject": f"về chuyển đổi số năm {year} (mô phỏng)"},
        )  # fmt: skip
        plan = Plan.objects.create(unit=unit, year=year, document=document, title=title)
    return plan


def _task(
    plan: Plan, pillar: str, content: str, deadline: dt.date, done_on: dt.date | None, started: bool
) -> None:
    status = "done" if done_on else "in_progress" if started else "not_started"
    Task.objects.get_or_create(
        plan=plan, content=content,
        defaults={"pillar": pillar, "deadline": deadline, "status": status, "done_on": done_on,
                  "evidence": "mô phỏng (demo)" if done_on else "", "lead": f"UBND {_in_sentence(plan.unit)}"},
    )  # fmt: skip


def _around_today(today: dt.date) -> tuple[int, int, int]:
    """SYNTHETIC registers of today's communes, laid out around the demo's today.

    Each current commune of Quảng Ngãi gets its community digital team (formed after the merger of
    1/7/2025) with members and its outings of the last three months, a course this quarter, last
    year's plan (mostly done) and this year's plan with tasks due around today: some done, some
    overdue, some coming. Seeded per commune; only the dates move with the day.
    """
    if today < REORGANISATION_DATE:
        return 0, 0, 0
    teams_made = courses_made = tasks_made = 0
    for unit in _current_communes():
        rng = random.Random(f"cds-registries-demo:{unit.code}")
        name = _in_sentence(unit)
        formed = min(today, REORGANISATION_DATE + dt.timedelta(days=rng.randint(10, 60)))
        team = _team(unit, "commune", f"Tổ công nghệ số cộng đồng {name}", formed, note=SYNTHETIC_NOW)
        _fill(team, rng.randint(8, 15), rng, formed)
        teams_made += 1
        for months_ago in (1, 2, 3):
            held = max(formed, today - dt.timedelta(days=30 * months_ago - rng.randint(0, 20)))
            Activity.objects.get_or_create(
                team=team, held_on=held, kind="guidance", place=unit.name,
                defaults={"people_guided": rng.randint(20, 150), "platforms": ["vneid", "dvc", "payment"],
                          "note": SYNTHETIC_NOW},
            )  # fmt: skip
        quarter = Period.containing(today, "quarter")
        course, _ = Course.objects.get_or_create(
            unit=unit, name=f"Bồi dưỡng kỹ năng số cho cán bộ, công chức {name} ({quarter.label_vi})",
            starts_on=min(today, quarter.start + dt.timedelta(days=rng.randint(7, 40))),
            defaults={"kind": "local", "mode": "in_person", "sessions": rng.randint(1, 3),
                      "organiser": f"UBND {name}", "note": SYNTHETIC_NOW},
        )  # fmt: skip
        officials = rng.randint(15, 30)
        Participation.objects.get_or_create(
            course=course, group="officials",
            defaults={"participants": officials, "completed": officials - rng.randint(0, 3)},
        )  # fmt: skip
        courses_made += 1
        # Last year's plan: due through the year, all done but one or two (overdue since).
        if today.year - 1 >= REORGANISATION_DATE.year:
            last = _plan(unit, today.year - 1, max(REORGANISATION_DATE, D(today.year - 1, 1, 20)), rng)
            for i, (pillar, content) in enumerate(CURRENT_TASKS):
                deadline = D(today.year - 1, 12, 31) - dt.timedelta(days=25 * (len(CURRENT_TASKS) - i))
                done_on = deadline - dt.timedelta(days=rng.randint(0, 20)) if rng.random() < 0.8 else None
                _task(last, pillar, content, deadline, done_on, True)
                tasks_made += 1
        # This year's plan: tasks due around today (kept within the year).
        first_day = max(D(today.year, 1, 15), REORGANISATION_DATE + dt.timedelta(days=15))
        last_day = D(today.year, 12, 31)
        plan = _plan(unit, today.year, min(today, max(REORGANISATION_DATE, D(today.year, 1, 10))), rng)
        for (pillar, content), offset in zip(CURRENT_TASKS, CURRENT_OFFSETS, strict=True):
            deadline = min(last_day, max(first_day, today + dt.timedelta(days=offset)))
            draw = rng.random()
            if deadline < today:  # past: mostly done on time, some late and still open
                done_on = deadline - dt.timedelta(days=rng.randint(0, 10)) if draw < 0.7 else None
            else:  # coming: a few already done, the rest under way or not started
                done_on = min(today, deadline) - dt.timedelta(days=rng.randint(0, 5)) if draw < 0.15 else None
            _task(plan, pillar, content, deadline, done_on, draw < 0.85)
            tasks_made += 1
    return teams_made, courses_made, tasks_made


def load_demo() -> list[str]:
    units = _units()
    today = calendar.demo_today()
    with transaction.atomic():
        docs = _documents(units)
        teams = _teams(units)
        courses = _training(units)
        tasks = _plans(units)
        now_teams, now_courses, now_tasks = _around_today(today)
    actor = Actor("demo: sổ đăng ký", "computed")
    written = 0
    for key, period, registries in SYNCS:
        written += indicators.sync(units[key], parse_period(period), registries, actor).changed
    members = Member.objects.filter(team__unit__path__startswith=units["tp"].path).count()
    return [
        f"registries: {format_number(Document.objects.count())} văn bản ({format_number(docs)} mới) từ trích dẫn trong 3 báo cáo mẫu",
        f"registries: {format_number(teams)} Tổ CNSCĐ, TP Quảng Ngãi {format_number(members)} thành viên; {courses} khóa tập huấn Tịnh Châu",
        f"registries: kế hoạch 37/KH-UBND Sơn Nham 2024 với {tasks} nhiệm vụ; {format_number(written)} giá trị chỉ tiêu ghi mới/đổi",
        f"registries (mô phỏng, quanh ngày {format_date(today)}): {format_number(now_teams)} Tổ CNSCĐ xã mới, "
        f"{format_number(now_courses)} khóa tập huấn quý này, {format_number(now_tasks)} nhiệm vụ kế hoạch CĐS",
    ]
