"""The pages: upload → checked in the worker → preview → commit (or cancel), with progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from minyi.representatives.models import Representative
from minyi.transfers import services, tasks
from minyi.transfers.models import ImportJob

from .files import xlsx
from .test_it_imports_representatives import person

pytestmark = pytest.mark.django_db


def upload(client, user, rows, kind="representatives"):
    client.force_login(user)
    content = xlsx(kind, rows)
    return client.post(f"/transfers/{kind}/upload/", {"file": SimpleUploadedFile("名单.xlsx", content)})


def test_the_index_offers_every_kind(client, world):
    client.force_login(world.city_staff)
    page = client.get("/transfers/").content.decode()
    for kind in ("representatives", "units", "stations", "accounts"):
        assert f"/transfers/{kind}/template/" in page
        assert f"/transfers/{kind}/export/" in page
        assert f"/transfers/{kind}/upload/" in page
    assert "导入导出" in page or "Import and export" in page


def test_the_index_is_for_congress_staff(client, world):
    for user in (world.unit_staff, world.rep, world.citizen):
        client.force_login(user)
        assert client.get("/transfers/").status_code == 403
    client.logout()
    assert client.get("/transfers/").status_code == 302


def test_upload_preview_commit(client, world, terms):
    response = upload(client, world.city_staff, [person(), person(name="赵敏", phone="13900000002")])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/transfers/jobs/{job.pk}/"
    assert job.status == ImportJob.Status.VALIDATED and job.count_new == 2 and job.error_total == 0
    assert job.original_name == "名单.xlsx" and job.uploaded_by == world.city_staff
    page = client.get(response["Location"]).content.decode()
    assert f"/transfers/jobs/{job.pk}/commit/" in page
    assert not Representative.objects.filter(name="王建华").exists()

    response = client.post(f"/transfers/jobs/{job.pk}/commit/")
    job.refresh_from_db()
    assert response.status_code == 302 and job.status == ImportJob.Status.DONE
    assert job.count_new == 2 and job.finished_at is not None
    assert Representative.objects.filter(name__in=["王建华", "赵敏"]).count() == 2
    assert not job.file  # personal data in the clear is not kept once the job is over
    # A second commit changes nothing.
    client.post(f"/transfers/jobs/{job.pk}/commit/")
    assert Representative.objects.filter(name="王建华").count() == 1


def test_a_file_with_errors_cannot_be_committed(client, world, terms):
    upload(client, world.city_staff, [person(), person(name="赵敏", phone="123")])
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALIDATED and job.count_error == 1 and not job.can_commit
    page = client.get(f"/transfers/jobs/{job.pk}/").content.decode()
    assert "data-testid=\"errors\"" in page and job.errors[0]["message"] in page
    assert f"/transfers/jobs/{job.pk}/commit/" not in page
    client.post(f"/transfers/jobs/{job.pk}/commit/")
    assert not Representative.objects.filter(name="王建华").exists()


def test_data_changed_between_check_and_commit_fails_the_commit(client, world, terms):
    upload(client, world.city_staff, [person()])
    job = ImportJob.objects.get()
    Representative.objects.create(name="另一个人", phone="13900000001")
    client.post(f"/transfers/jobs/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.errors
    assert not Representative.objects.filter(name="王建华").exists()


def test_cancel_before_commit(client, world, terms):
    upload(client, world.city_staff, [person()])
    job = ImportJob.objects.get()
    client.post(f"/transfers/jobs/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and not job.file
    client.post(f"/transfers/jobs/{job.pk}/commit/")
    assert not Representative.objects.filter(name="王建华").exists()


def test_jobs_are_private_to_their_uploader(client, world, terms):
    upload(client, world.city_staff, [person()])
    job = ImportJob.objects.get()
    client.force_login(world.dongbao_staff)
    assert client.get(f"/transfers/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/transfers/jobs/{job.pk}/commit/").status_code == 404
    client.force_login(world.admin)
    assert client.get(f"/transfers/jobs/{job.pk}/").status_code == 200


def test_the_page_works_when_the_worker_is_down(client, world, terms, monkeypatch):
    def queue_down(job_id):
        raise ConnectionError("the queue is not reachable")

    monkeypatch.setattr(tasks, "validate_import", queue_down)
    monkeypatch.setattr(services, "worker_running", lambda: False)
    response = upload(client, world.city_staff, [person()])
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.QUEUED
    page = client.get(f"/transfers/jobs/{job.pk}/").content.decode()
    assert 'data-testid="worker-down"' in page
    assert 'hx-trigger="every 1s"' in page  # the page keeps polling
    assert 'data-testid="worker-down"' in client.get("/transfers/").content.decode()

    # The worker comes back: its periodic task queues what waited.
    monkeypatch.undo()
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timezone.timedelta(minutes=5))
    services.look_after_jobs()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED and job.count_new == 1


def test_progress_is_polled_while_the_job_runs(client, world, terms, monkeypatch):
    monkeypatch.setattr(tasks, "validate_import", lambda job_id: None)
    upload(client, world.city_staff, [person()])
    job = ImportJob.objects.get()
    fragment = client.get(f"/transfers/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith("<div id=\"job-panel\"")
    assert 'hx-trigger="every 1s"' in fragment and 'role="progressbar"' in fragment
    services.run_check(job.pk)
    fragment = client.get(f"/transfers/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and 'data-testid="count-new"' in fragment


def test_a_task_run_twice_does_its_work_once(world, terms, monkeypatch):
    monkeypatch.setattr(tasks, "validate_import", lambda job_id: None)
    job = services.start(world.city_staff, "representatives", SimpleUploadedFile("a.xlsx", xlsx("representatives", [person()])))
    services.run_check(job.pk)
    services.run_check(job.pk)
    job.refresh_from_db()
    assert services.request_commit(job)
    services.run_commit(job.pk)
    services.run_commit(job.pk)
    assert Representative.objects.filter(name="王建华").count() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE


def test_interrupted_jobs_fail_and_old_files_go(world, terms, monkeypatch):
    monkeypatch.setattr(tasks, "validate_import", lambda job_id: None)
    stuck = services.start(world.city_staff, "representatives", SimpleUploadedFile("a.xlsx", xlsx("representatives", [person()])))
    ImportJob.objects.filter(pk=stuck.pk).update(status=ImportJob.Status.VALIDATING, updated_at=timezone.now() - timezone.timedelta(hours=1))
    services.look_after_jobs()
    stuck.refresh_from_db()
    assert stuck.status == ImportJob.Status.FAILED and stuck.errors and not stuck.file
