"""Agreements, their document versions, clause findings and legal review.

Imports point vendortrack → contracts → clause_library: this package never imports the vendor app. It refers to
vendor models by label ("vendors.Vendor", "vendors.AIService", apps.get_model) and, for the two behaviours that
belong to the vendor app — which vendors a user may see, and recomputing a vendor's blockers after its services
change — it calls the functions that settings name (the one documented exception, see contracts/composition.py).

Entry points: models.py (Agreement, DocumentVersion, ClauseFinding), access.py (agreement_for_user and
agreements_visible_to: the only place access is decided), services.py (finding_decide, agreement_execute),
versions.py (upload a version), analysis.py (run the engine on a version, in tasks.py), redlines.py (compare two
versions, carry decisions over), selectors.py (reads for pages).
"""
