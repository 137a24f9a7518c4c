"""RFI URLs: a vendor's RFIs by the vendor's public id, an RFI by its own public id, the vendor's page by token."""

from django.urls import path

from vendortrack.rfis import views

app_name = "rfis"

urlpatterns = [
    path("", views.rfi_list, name="list"),
    path("vendor/<uuid:public_id>/", views.vendor_rfis, name="vendor"),
    path("<uuid:rfi_id>/", views.rfi_detail, name="detail"),
    path("<uuid:rfi_id>/preview/", views.rfi_preview, name="preview"),
    path("<uuid:rfi_id>/edit/", views.rfi_edit, name="edit"),
    path("<uuid:rfi_id>/send/", views.rfi_send, name="send"),
    path("<uuid:rfi_id>/close/", views.rfi_close, name="close"),
    path("<uuid:rfi_id>/questions/new/", views.question_form, name="question_create"),
    path("<uuid:rfi_id>/questions/<int:number>/edit/", views.question_form, name="question_edit"),
    path("<uuid:rfi_id>/questions/<int:number>/delete/", views.question_delete, name="question_delete"),
    path("<uuid:rfi_id>/questions/<int:number>/answer/", views.question_answer, name="question_answer"),
    path("<uuid:rfi_id>/documents/", views.rfi_documents, name="documents"),
    path("<uuid:rfi_id>/documents/<str:kind>/", views.rfi_document_file, name="document_file"),
    path("<uuid:rfi_id>/attachments/<int:attachment_id>/", views.attachment_file, name="attachment_file"),
    path("<uuid:rfi_id>/links/", views.link_new, name="link_new"),
    path("<uuid:rfi_id>/links/<int:link_id>/withdraw/", views.link_withdraw, name="link_withdraw"),
    path("respond/<str:token>/", views.respond, name="respond"),
]
