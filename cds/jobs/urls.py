from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/output/", views.job_output, name="output"),
    path("upload/dossiers/", views.dossier_upload, name="dossier_upload"),
    path("new/", views.start_other, name="start"),
]
