from django.urls import path

from . import views

app_name = "registries"
urlpatterns = [
    path("", views.index, name="index"),
    path("history/", views.history, name="history"),
    path("teams/", views.team_list, name="teams"),
    path("teams/new/", views.team_edit, name="team_new"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:team_pk>/activities/new/", views.activity_edit, name="activity_new"),
    path("teams/<int:team_pk>/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("teams/<int:team_pk>/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("docs/", views.document_list, name="documents"),
    path("docs/new/", views.document_edit, name="document_new"),
    path("docs/paste/", views.document_paste, name="document_paste"),
    path("docs/<int:pk>/", views.document_detail, name="document"),
    path("docs/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("docs/<int:pk>/file/", views.document_file, name="document_file"),
    path("training/", views.training_appendix, name="training"),
    path("training/courses/", views.course_list, name="courses"),
    path("training/courses/new/", views.course_edit, name="course_new"),
    path("training/courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("training/courses/<int:pk>/delete/", views.course_delete, name="course_delete"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_edit, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/tasks/new/", views.task_edit, name="task_new"),
    path("plans/<int:plan_pk>/tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("plans/<int:plan_pk>/tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
]
