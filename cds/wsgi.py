"""WSGI entry point (gunicorn, runserver). Refuses to start in production without CDS_SECRET_KEY."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cds.settings")
application = get_wsgi_application()

from cds.deploy import refuse_without_secret_key  # noqa: E402  (needs the settings loaded)

refuse_without_secret_key()
