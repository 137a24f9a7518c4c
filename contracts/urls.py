"""Agreement URLs: agreements by public id, their versions by number inside the agreement."""

from django.urls import include, path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("vendor/<uuid:vendor_id>/", views.agreement_list, name="vendor_list"),
    path("vendor/<uuid:vendor_id>/new/", views.agreement_create, name="create"),
    path("<uuid:public_id>/", views.agreement_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.agreement_edit, name="edit"),
    path("<uuid:public_id>/upload/", views.version_upload, name="upload"),
    path("<uuid:public_id>/execute/", views.agreement_execute, name="execute"),
    path("<uuid:public_id>/versions/<int:number>/progress/", views.version_progress, name="progress"),
    path("<uuid:public_id>/versions/<int:number>/rerun/", views.version_rerun, name="rerun"),
    path("<uuid:public_id>/versions/<int:number>/file/", views.version_file, name="file"),
    path("<uuid:public_id>/versions/<int:number>/compare/", views.version_compare, name="compare"),
    path("", include("contracts.review_urls")),
]
