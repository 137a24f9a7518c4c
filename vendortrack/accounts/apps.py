from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "vendortrack.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from vendortrack.accounts.roles import sync_role_permissions_after_migrate

        post_migrate.connect(sync_role_permissions_after_migrate, dispatch_uid="vendortrack_role_permissions")
        self._connect_security()

    @staticmethod
    def _connect_security() -> None:
        from auditlog.registry import auditlog
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from vendortrack.accounts.middleware import mark_signed_in
        from vendortrack.accounts.throttling import log_lockout

        user_logged_in.connect(mark_signed_in, dispatch_uid="vendortrack_session_signed_in")
        user_locked_out.connect(log_lockout, dispatch_uid="vendortrack_lockout_log")
        # Enrolling, confirming and resetting a device are in the audit trail; the secret and the counters never.
        auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
