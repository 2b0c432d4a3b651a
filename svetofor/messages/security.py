"""Hardening (svetofor/security.py, docs/security.md): limits on typed text, caps on uploads, API
bodies that do not fit their schema."""

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
    # the JSON API's bodies (svetofor/ui/api_schema.py); the problem is pydantic's own words
    "security.api.bad_field": ("Поле «{field}»: {problem}", "Field '{field}': {problem}"),
    # caps on uploads (svetofor/ui/upload_quota.py)
    "security.upload.busy_user": (
        "Ваши предыдущие файлы ещё загружаются: дождитесь их и попробуйте снова",
        "Your earlier files are still uploading: wait for them and try again",
    ),
    "security.upload.busy": (
        "Сейчас загружается слишком много файлов: попробуйте через минуту",
        "Too many files are uploading right now: try again in a minute",
    ),
    "security.upload.quota_user": (
        "Ваши загруженные файлы уже занимают {limit} МиБ: импортируйте или отмените их",
        "Your uploaded files already take {limit} MiB: import or cancel them first",
    ),
    "security.upload.quota_total": (
        "Загруженные файлы всех пользователей уже занимают {limit} МиБ: попробуйте позже",
        "Everyone's uploaded files already take {limit} MiB: try again later",
    ),
    "security.body_too_large": (
        "Такой большой запрос может прислать только тот, кто загружает перечни",
        "Only a planner who may import lists can send a request this large",
    ),
}
