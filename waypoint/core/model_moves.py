"""Helpers for migrations that move models from one app to another without touching their rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def rename_content_types(old_app: str, new_app: str, models: Iterable[str]) -> Callable[[Any, Any], None]:
    """A RunPython step that relabels the models' content types in place.

    Their ids stay, so everything that points at them keeps pointing: permissions and the
    groups holding them, Wagtail's revisions, log entries and reference index, and audit
    events stored by content type. A fresh database has no content types yet (they are
    made after ``migrate``), and then there is nothing to do.
    """
    names = list(models)

    def run(apps: Any, schema_editor: Any) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in names:
            if content_type.objects.using(db).filter(app_label=new_app, model=model).exists():
                continue
            content_type.objects.using(db).filter(app_label=old_app, model=model).update(app_label=new_app)

    return run


def rename_task_paths(old: str, new: str) -> Callable[[Any, Any], None]:
    """A RunPython step that points queued django-tasks rows (a reminder due in a week) at the task's new module."""

    def run(apps: Any, schema_editor: Any) -> None:
        result = apps.get_model("django_tasks_database", "DBTaskResult")
        result.objects.using(schema_editor.connection.alias).filter(task_path=old).update(task_path=new)

    return run
