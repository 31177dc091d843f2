from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("cds.api.urls")),
    path("dvc/", include("cds.dossiers.urls")),
    path("dti/", include("cds.dti.urls")),
    path("registries/", include("cds.registries.urls")),
    path("reports/", include("cds.reports.urls")),
    path("jobs/", include("cds.jobs.urls")),
    path("notifications/", include("cds.notifications.urls")),
    path("", include("cds.web.urls")),
]

handler500 = "cds.web.middleware.server_error"
