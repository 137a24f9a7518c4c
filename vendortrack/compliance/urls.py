"""Compliance URLs: deadlines, calendar and feed, notifications, and reviews by public id."""

from django.urls import path

from vendortrack.compliance import views

app_name = "compliance"

urlpatterns = [
    path("deadlines/", views.deadline_list, name="deadlines"),
    path("events/<uuid:public_id>/done/", views.event_done, name="event_done"),
    path("findings/", views.finding_list, name="findings"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/quarter.pdf", views.quarter_pdf, name="quarter_pdf"),
    path("calendar/exports/<uuid:public_id>/", views.export_file, name="export"),
    path("calendar/feed/", views.feed_settings, name="feed"),
    path("feed/<str:token>.ics", views.feed_ics, name="feed_ics"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/unread/", views.unread_badge, name="unread"),
    path("vendors/<uuid:public_id>/reviews/", views.vendor_reviews, name="vendor_reviews"),
    path("reviews/<uuid:public_id>/", views.review_detail, name="review"),
    path("reviews/<uuid:public_id>/sign-off/", views.review_sign_off, name="review_sign_off"),
    path("reviews/<uuid:public_id>/pdf/", views.review_pdf, name="review_pdf"),
]
