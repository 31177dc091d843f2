from django.urls import path

from . import views

app_name = "registries"
urlpatterns = [
    path("", views.index, name="index"),
    path("teams/", views.team_list, name="teams"),
    path("teams/new/", views.team_edit, name="team_new"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("docs/", views.document_list, name="documents"),
    path("docs/new/", views.document_edit, name="document_new"),
    path("docs/paste/", views.document_paste, name="document_paste"),
    path("docs/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("training/", views.training_appendix, name="training"),
    path("plans/", views.plan_list, name="plans"),
]
