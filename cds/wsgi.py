"""WSGI entry point (gunicorn, runserver). Refuses to start in production without CDS_SECRET_KEY.

A server process hands the interpreter lock between its threads every ``GIL_SWITCH_SECONDS``
instead of Python's 5 ms. A thread reading a large upload releases the lock at every socket read
(gunicorn reads 8 KB at a time) and must win it back from threads rendering pages, so with the
default each of a 230 MB file's ~30.000 reads waited for a renderer's full 5 ms: the dossier upload
page answered after 46,8 s while 20 users browsed (docs/benchmarks/dossiers.md, session 10).
``bench/gil_switch.py`` (gthread, 4 threads, 100 MB posted while 3 threads render, load ≈ 8): 4,77 s
at 5 ms, 2,00 s at 1 ms, 0,36 s with no renderers; the renderers' throughput did not fall.
"""

import os
import sys

from django.core.wsgi import get_wsgi_application

GIL_SWITCH_SECONDS = 0.001

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
sys.setswitchinterval(GIL_SWITCH_SECONDS)
application = get_wsgi_application()

from cds.deploy import refuse_without_secret_key  # noqa: E402  (needs the settings loaded)

refuse_without_secret_key()
