import pytest
from django.core.exceptions import PermissionDenied

from minyi.matters import services


def test_it_records_supervision(world, assigned):
    record = services.add_supervision(assigned, method="written_notice", note="请加快办理", actor=world.leader)
    assert record.by == world.leader
    with pytest.raises(PermissionDenied):
        services.add_supervision(assigned, method="reminder", actor=world.unit_staff)
