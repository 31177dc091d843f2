import os
import subprocess
import sys

from cds.lib.processes import pid_alive


def test_this_process_is_alive_and_a_finished_child_is_not():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: its id names no process now
    assert pid_alive(os.getpid()) and not pid_alive(child.pid)


def test_a_running_process_of_any_user_counts_as_alive():
    assert pid_alive(1)  # always running; for any user but root signal 0 to it is refused, still alive
