from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/entry/", views.entry, name="entry"),
    path("units/<int:pk>/history/", views.history, name="history"),
    path("units/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("board/", views.board, name="board"),
    path("board/late/", views.late_export, name="late_export"),
    path("board/remind/", views.remind_late, name="remind"),
    path("rollup/", views.rollup_view, name="rollup"),
    path("compare/", views.compare, name="compare"),
    path("excel/", views.excel, name="excel"),
    path("excel/template/", views.excel_template, name="excel_template"),
    path("excel/mappings/", views.mappings, name="mappings"),
    path("catalog/", views.catalog_page, name="catalog"),
    path("people/", views.people, name="people"),
    path("account/password/", views.password, name="password"),
    path("targets/", views.targets, name="targets"),
    path("signing/<int:pk>/", views.report_signed, name="report_signed"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
