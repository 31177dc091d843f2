"""Logout, a password change and a revoked role take effect on every server process.

Three gunicorn workers serve one file SQLite database, as in production; each request may land on
any worker. A session kept in one worker's memory would let a logged-out cookie work on the others.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Ngay-mai-troi-sang-42"
REQUESTS = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _shell(env: dict[str, str], code: str) -> str:
    return _manage(env, "shell", "--verbosity", "0", "-c", code)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("gunicorn is not installed in this environment (pip install gunicorn)")
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "CDS_VAR_DIR": str(var),
        "CDS_DEBUG": "False",
        "CDS_SECRET_KEY": "test-only-" + "k" * 50,
        "DJANGO_SETTINGS_MODULE": "cds.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CDS_DATABASE_URL", None)  # a file SQLite database under var/, shared by the workers
    _manage(env, "migrate", "-v0")
    _shell(
        env,
        "from django.contrib.auth import get_user_model\n"
        "from cds.accounts.models import Role, RoleAssignment\n"
        "from cds.units.testing import small_tree\n"
        "tree = small_tree()\n"
        f"user = get_user_model().objects.create_user('xa.an', password='{PASSWORD}')\n"
        "RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=tree['a'])\n"
        "print(tree['a'].pk)",
    )
    port = _free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cds.wsgi:application",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(300):  # the workers import Django first (seconds on a busy machine)
            try:
                requests.get(base + "/login/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.1)
        yield base, env
    finally:
        process.terminate()
        process.wait(timeout=20)


def _logged_in(base: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(base + "/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    answer = browser.post(
        base + "/login/",
        data={"username": "xa.an", "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": base + "/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    return browser


def _statuses(browser: requests.Session, url: str) -> list[int]:
    """``REQUESTS`` fresh connections (no keep-alive), so they spread over the workers."""
    found = []
    for _ in range(REQUESTS):
        answer = browser.get(url, allow_redirects=False, timeout=10, headers={"Connection": "close"})
        found.append(answer.status_code)
    return found


def _home_while_logged_in(browser: requests.Session, base: str) -> None:
    # Every worker has now served the session at least once (and would have kept it, if it kept any).
    assert set(_statuses(browser, base + "/")) == {200}


def test_a_logged_out_cookie_works_on_no_worker(server: tuple[str, dict[str, str]]) -> None:
    base, _env = server
    browser = _logged_in(base)
    _home_while_logged_in(browser, base)
    cookie = browser.cookies.get("sessionid")
    token = browser.cookies.get("csrftoken")
    answer = browser.post(
        base + "/logout/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": base + "/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302
    stolen = requests.Session()
    stolen.cookies.set("sessionid", cookie)
    assert set(_statuses(stolen, base + "/")) == {302}  # every request is sent to the login page


def test_a_password_change_ends_the_old_session_on_every_worker(server: tuple[str, dict[str, str]]) -> None:
    base, env = server
    browser = _logged_in(base)
    _home_while_logged_in(browser, base)
    _shell(
        env,
        "from django.contrib.auth import get_user_model\n"
        "user = get_user_model().objects.get(username='xa.an')\n"
        f"user.set_password('{PASSWORD}-moi'); user.save()\n"
        f"user.set_password('{PASSWORD}'); user.save()",
    )
    assert set(_statuses(browser, base + "/")) == {302}


def test_a_revoked_role_takes_effect_on_every_worker(server: tuple[str, dict[str, str]]) -> None:
    base, env = server
    unit = _shell(env, "from cds.units.models import Unit; print(Unit.objects.get(code='T99901').pk)").strip()
    browser = _logged_in(base)
    assert set(_statuses(browser, f"{base}/units/{unit}/")) == {200}
    _shell(env, "from cds.accounts.models import RoleAssignment; RoleAssignment.objects.all().delete()")
    assert set(_statuses(browser, f"{base}/units/{unit}/")) == {404}


def _settings_with(env_extra: dict[str, str], *names: str) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cds.settings", **env_extra}
    code = "from django.conf import settings; print(" + ", ".join(f"settings.{n}" for n in names) + ")"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_sessions_are_kept_in_the_database_unless_redis_is_configured() -> None:
    assert _settings_with({"CDS_REDIS_URL": ""}, "SESSION_ENGINE") == ["django.contrib.sessions.backends.db"]
    engine, cache = _settings_with(
        {"CDS_REDIS_URL": "redis://127.0.0.1:6379/0"}, "SESSION_ENGINE", "CACHES['default']['BACKEND']"
    )
    assert engine == "django.contrib.sessions.backends.cached_db"
    assert cache == "django.core.cache.backends.redis.RedisCache"
