from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/proposals/<int:proposal>/", views.decide, name="decide"),
    path("<int:pk>/import/", views.import_accepted, name="import"),
]
