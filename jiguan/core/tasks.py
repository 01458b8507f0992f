"""Background work of the core app (django-tasks; the database backend in production)."""

from __future__ import annotations

from django_tasks import task

from jiguan.core.imports.pipeline import apply_job, validate_job


@task()
def validate_import(job_id: int) -> None:
    """Check a large uploaded file; the job page polls its progress."""
    validate_job(job_id)


@task()
def apply_import(job_id: int, actor_id: int) -> None:
    """Apply a confirmed large import in one transaction."""
    apply_job(job_id, actor_id)


@task()
def run_export(job_id: int) -> None:
    """Write a large list export; the job page polls its progress."""
    from jiguan.core.exports.jobs import run_job

    run_job(job_id)
