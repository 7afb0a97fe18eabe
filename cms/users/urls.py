from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("confirm-email/resend/", views.resend_confirmation, name="resend_confirmation"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/export/", views.export_data, name="export_data"),
    path("privacy/delete/", views.delete_account, name="delete_account"),
]
