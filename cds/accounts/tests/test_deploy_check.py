"""Production settings pass Django's deployment checklist with no warning at all."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "CDS_DEBUG": "False",
        "CDS_SECRET_KEY": "k9#Vd2!pQx7^mR4@tL8&zW1*yB6(nH3)jF5%cG0$sE2+uA7=oI9",
        "CDS_HTTPS": "True",
        "CDS_ALLOWED_HOSTS": "example.vn",
        "CDS_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # a test-process switch, never part of a deployment
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _run(code_or_args: str | list[str], tmp_path: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CDS_VAR_DIR": str(tmp_path), "CDS_DEBUG": "False", **env_extra}
    for name in ("CDS_SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        if name not in env_extra:
            env.pop(name, None)
    args = [sys.executable, "-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_server_refuses_to_start_without_a_secret_key_in_production(tmp_path):
    refused = _run("import cds.wsgi", tmp_path)
    assert refused.returncode != 0
    assert "CDS_SECRET_KEY" in refused.stderr and "không khởi động" in refused.stderr
    assert _run("import cds.wsgi", tmp_path, CDS_SECRET_KEY="x" * 60).returncode == 0
    assert _run("import cds.wsgi", tmp_path, CDS_DEBUG="True").returncode == 0


def test_a_server_process_hands_the_interpreter_lock_between_threads_every_millisecond(tmp_path):
    # A thread reading an upload must not wait a renderer's full 5 ms at every socket read.
    code = "import sys, cds.wsgi; print(sys.getswitchinterval())"
    result = _run(code, tmp_path, CDS_DEBUG="True")
    assert result.returncode == 0, result.stderr
    assert float(result.stdout.strip()) == 0.001


def test_the_demo_and_commands_use_one_generated_key_kept_under_var(tmp_path):
    code = "from django.conf import settings; import django; django.setup(); print(settings.SECRET_KEY)"
    first = _run(code, tmp_path, DJANGO_SETTINGS_MODULE="cds.settings")
    second = _run(code, tmp_path, DJANGO_SETTINGS_MODULE="cds.settings")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout and len(first.stdout.strip()) >= 50
    assert "dev-only" not in first.stdout
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by the owner only
    demo = (
        "import django; django.setup(); from cds.deploy import refuse_without_secret_key as r; r(demo=True)"
    )
    assert _run(demo, tmp_path, DJANGO_SETTINGS_MODULE="cds.settings").returncode == 0


@pytest.mark.slow
def test_check_deploy_flags_a_missing_secret_key(tmp_path):
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy"],
        tmp_path,
        CDS_HTTPS="True",
        CDS_ALLOWED_HOSTS="example.vn",
    )
    assert result.returncode != 0
    assert "cds.E001" in result.stdout + result.stderr
