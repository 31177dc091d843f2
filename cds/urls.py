from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

# The admin site in the product's words (Django's own pages come in Vietnamese with Django's catalog)
admin.site.site_header = _("Quản trị CĐS Hub")
admin.site.site_title = _("Quản trị CĐS Hub")
admin.site.index_title = _("Dữ liệu quản trị")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("cds.api.urls")),
    path("dvc/", include("cds.dossiers.urls")),
    path("dti/", include("cds.dti.urls")),
    path("registries/", include("cds.registries.urls")),
    path("ingest/", include("cds.ingest.urls")),
    path("reports/", include("cds.reports.urls")),
    path("jobs/", include("cds.jobs.urls")),
    path("notifications/", include("cds.notifications.urls")),
    path("", include("cds.web.urls")),
]

handler404 = "cds.web.middleware.page_not_found"
handler403 = "cds.web.middleware.permission_denied"
handler500 = "cds.web.middleware.server_error"
