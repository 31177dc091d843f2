import subprocess
import sys


def test_an_unmigrated_database_gets_a_sentence_not_a_traceback(tmp_path):
    env = {"CDS_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "cds.cli", "catalog", "versions"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "cds migrate" in done.stderr and "Traceback" not in done.stderr
