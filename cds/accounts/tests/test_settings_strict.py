"""Settings refuse nonsense: a mistyped yes/no or number stops the start and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cds.settings import SettingError, envbool, envint, envlevel

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("text", "expected"), [("1", True), ("TRUE", True), (" on ", True), ("yes", True),
                                                 ("0", False), ("False", False), ("off", False), ("", False)])  # fmt: skip
def test_yes_no_settings_read_the_usual_spellings(monkeypatch, text, expected):
    monkeypatch.setenv("CDS_X", text)
    assert envbool("CDS_X") is expected


@pytest.mark.parametrize("text", ["ture", "flase", "2", "có"])
def test_a_mistyped_yes_no_setting_is_refused_naming_the_variable_and_value(monkeypatch, text):
    monkeypatch.setenv("CDS_HTTPS", text)
    with pytest.raises(SettingError) as caught:
        envbool("CDS_HTTPS")
    assert f"CDS_HTTPS={text!r}" in str(caught.value)
    assert "không hợp lệ" in str(caught.value) and "not valid" in str(caught.value)


def test_a_whole_number_setting_refuses_text_and_values_out_of_range(monkeypatch):
    monkeypatch.setenv("CDS_N", "15 phút")
    with pytest.raises(SettingError, match="CDS_N='15 phút'"):
        envint("CDS_N", 5)
    monkeypatch.setenv("CDS_N", "0")
    with pytest.raises(SettingError, match="từ 1 đến 100"):
        envint("CDS_N", 5, minimum=1, maximum=100)
    monkeypatch.setenv("CDS_N", " 42 ")
    assert envint("CDS_N", 5) == 42
    monkeypatch.delenv("CDS_N")
    assert envint("CDS_N", 5) == 5


def test_the_server_does_not_start_with_cds_https_mistyped(tmp_path):
    env = {**os.environ, "CDS_VAR_DIR": str(tmp_path), "CDS_HTTPS": "ture", "CDS_DEBUG": "False"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "CDS_HTTPS='ture'" in result.stderr


@pytest.mark.parametrize("name", ["CDS_LOG_LEVEL", "CDS_SECURITY_LOG_LEVEL"])
def test_a_log_level_setting_refuses_a_level_logging_does_not_know(monkeypatch, name):
    monkeypatch.setenv(name, "verbose")
    with pytest.raises(SettingError, match=f"{name}='verbose'"):
        envlevel(name, "INFO")
    monkeypatch.setenv(name, " debug ")
    assert envlevel(name, "INFO") == "DEBUG"
    monkeypatch.delenv(name)
    assert envlevel(name, "INFO") == "INFO"
