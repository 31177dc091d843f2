from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<int:unit_id>/", views.choose, name="choose"),
    path("<int:unit_id>/<str:period_code>/", views.sections, name="sections"),
    path("<int:unit_id>/<str:period_code>/defaults/", views.defaults, name="defaults"),
    path("<int:unit_id>/<str:period_code>/<str:kind>.docx", views.download, name="download"),
    path(
        "<int:unit_id>/<str:period_code>/<str:kind>.pdf", views.download, {"fmt": "pdf"}, name="download_pdf"
    ),
]
