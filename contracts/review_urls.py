"""Review URLs, mounted inside the agreement URLs (names in the "contracts" namespace): the queue, findings by id
inside their agreement, the conflicts panel and the legal memo."""

from django.urls import path

from contracts import review_views

urlpatterns = [
    path("review/", review_views.review_queue, name="queue"),
    path("<uuid:public_id>/findings/<int:finding_id>/", review_views.finding_detail, name="finding"),
    path("<uuid:public_id>/findings/<int:finding_id>/decide/", review_views.finding_decision, name="decide"),
    path("<uuid:public_id>/conflicts/", review_views.conflicts_panel, name="conflicts"),
    path("<uuid:public_id>/memo/", review_views.memo_page, name="memo"),
    path("<uuid:public_id>/memo.pdf", review_views.memo_pdf, name="memo_pdf"),
    path("<uuid:public_id>/memo.csv", review_views.memo_csv_download, name="memo_csv"),
]
