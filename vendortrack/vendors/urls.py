"""Vendor profile URLs: vendors by public id, their children by id inside the vendor."""

from django.urls import path

from vendortrack.vendors import views

app_name = "vendors"

urlpatterns = [
    path("", views.vendor_list, name="list"),
    path("new/", views.vendor_create, name="create"),
    path("<uuid:public_id>/", views.vendor_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.vendor_edit, name="edit"),
    path("<uuid:public_id>/risk/", views.vendor_risk, name="risk"),
    path("<uuid:public_id>/audit/", views.audit_trail, name="audit"),
    path("<uuid:public_id>/audit.csv", views.audit_trail_csv, name="audit_csv"),
    path("<uuid:public_id>/services/new/", views.service_form, name="service_create"),
    path("<uuid:public_id>/services/<int:service_id>/edit/", views.service_form, name="service_edit"),
    path("<uuid:public_id>/evidence/new/", views.evidence_upload, name="evidence_upload"),
    path("<uuid:public_id>/evidence/<int:evidence_id>/edit/", views.evidence_edit, name="evidence_edit"),
    path("<uuid:public_id>/evidence/<int:evidence_id>/file/", views.evidence_file, name="evidence_file"),
    path("<uuid:public_id>/use-cases/new/", views.use_case_form, name="use_case_create"),
    path("<uuid:public_id>/use-cases/<int:use_case_id>/edit/", views.use_case_form, name="use_case_edit"),
    path("<uuid:public_id>/services/<int:child_id>/delete/", views.child_delete, {"kind": "service"}, "service_delete"),
    path(
        "<uuid:public_id>/evidence/<int:child_id>/delete/", views.child_delete, {"kind": "evidence"}, "evidence_delete"
    ),
    path(
        "<uuid:public_id>/use-cases/<int:child_id>/delete/", views.child_delete, {"kind": "use_case"}, "use_case_delete"
    ),
]
