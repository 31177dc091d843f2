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
