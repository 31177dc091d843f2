from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("unit/<int:unit_id>/", views.unit_kpis, name="unit"),
    path("unit/<int:unit_id>/index/", views.unit_index, name="index"),
    path("index/ranking/", views.index_ranking, name="index_ranking"),
]
