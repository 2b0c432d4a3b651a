"""Hardening (svetofor/security.py, docs/security.md): limits on typed text, refused uploads,
API bodies that do not fit their schema."""

from __future__ import annotations

from svetofor.messages.core import Entry

TEXT: dict[str, Entry] = {
    # typed text beyond its limit (svetofor/security.py LIMITS)
    "security.too_long": (
        "{field}: не больше {limit} знаков (введено: {size})",
        "{field}: at most {limit} characters (given: {size})",
    ),
    "security.field.reason": ("Причина", "Reason"),
    "security.field.snapshot_name": ("Название среза", "Snapshot name"),
    "security.field.user_name": ("Имя пользователя", "User name"),
    "security.field.password": ("Пароль", "Password"),
    "security.field.filter_text": ("Текст фильтра", "Filter text"),
    "security.field.item_key": ("Позиция", "Item"),
    "security.field.file_name": ("Имя файла", "File name"),
}
