from django.urls import path

from . import views

app_name = "dti"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("frameworks/", views.frameworks, name="frameworks"),
    path("chart/distribution.svg", views.distribution_chart, name="distribution_chart"),
    path("units/<int:pk>/<int:year>/", views.scorecard, name="scorecard"),
    path("units/<int:pk>/<int:year>/assess/", views.assess, name="assess"),
    path("units/<int:pk>/history.svg", views.history_chart, name="history_chart"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
]
