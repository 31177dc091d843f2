from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("unit/<int:unit_id>/", views.unit_kpis, name="unit"),
]
