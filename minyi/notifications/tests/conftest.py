import pytest

from minyi.notifications import kinds


@pytest.fixture
def people(world):
    """The citizen and a unit staff member with an address and a phone, and a kind that texts."""
    kinds.register("test.reply", "Reply", email=True, sms=True)
    world.citizen.email, world.citizen.phone = "citizen@example.cn", "13800000001"
    world.citizen.save(update_fields=["email", "phone"])
    world.unit_staff.email, world.unit_staff.phone = "unit@example.cn", "13800000002"
    world.unit_staff.save(update_fields=["email", "phone"])
    return world
