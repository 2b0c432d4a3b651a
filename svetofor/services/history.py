"""What happened, read through the service: the import history, a cell's override history and
the audit log (with the names in it). Reading changes nothing, so no role is checked here; the
pages that show them decide who sees them."""

from __future__ import annotations

from datetime import datetime

from svetofor.store import AuditEntry, ImportRecord, OverrideEvent, Store


class History:
    """The service's read-only history methods; pages and the CLI call these, never the store."""

    store: Store

    def import_history(self) -> list[ImportRecord]:
        """Every import, newest first."""
        return self.store.imports.history()

    def override_history(self, item_key: str, scope: str) -> list[OverrideEvent]:
        """Every change of one cell's override, newest first."""
        return self.store.overrides.history(item_key, scope)

    def audit_entries(
        self,
        *,
        action: str | None = None,
        user: str | None = None,
        since: datetime | None = None,
        limit: int = 1000,
        until: datetime | None = None,
        target: str | None = None,
    ) -> list[AuditEntry]:
        """Audit entries, newest first (filters as :meth:`svetofor.store.audit.Audit.entries`)."""
        return self.store.audit.entries(
            action=action, user=user, since=since, limit=limit, until=until, target=target
        )

    def audit_users(self) -> list[str]:
        """Every name in the audit log (the audit page's filter)."""
        return self.store.audit.users()
