from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<int:unit_id>/<str:period_code>/", views.sections, name="sections"),
    path("<int:unit_id>/<str:period_code>/<str:kind>.docx", views.download, name="download"),
]
