import pytest

from minyi.opinions.tests.conftest import places, submission  # noqa: F401  (a village, a station, two categories)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def year_of_figures(world, request):
    """A few opinions of this year in 东宝区 (so in the city's figures): by web form and phone, in two
    categories, one resolved on the spot, one assigned, answered and judged satisfactory; the
    figures made from them."""
    from minyi.accounts.models import Role
    from minyi.figures.rebuild import rebuild
    from minyi.matters import services as engine
    from minyi.matters.models import Channel
    from minyi.opinions import services
    from minyi.testing import person

    make = request.getfixturevalue("submission")

    def submit(**kwargs):
        options = {key: kwargs.pop(key) for key in ("channel", "representative") if key in kwargs}
        return services.submit(make(**kwargs), **options)[0]

    submit()
    submit(text="龙泉街道菜市场周边占道经营，早晚交通拥堵。", category="traffic", channel=Channel.PHONE)
    on_the_spot = submit(text="小区垃圾清运不及时，夏天气味很大。", representative=world.representative)
    services.resolve_on_spot(on_the_spot, actor=world.rep, text="已现场协调环卫所，当天清运。")
    handled = submit(text="龙井社区路灯不亮，晚上出行不便，请尽快维修。")
    services.accept(handled, actor=world.dongbao_staff, category="city")
    engine.assign(handled, lead=world.dongbao_unit, actor=world.dongbao_staff)
    lead = handled.assignments.get(role="lead")
    unit_person = person("dongbao_unit_staff", Role.UNIT_STAFF, unit=world.dongbao_unit)
    engine.sign(lead, actor=unit_person)
    engine.reply(lead, text="已安排维修，现已修复。", actor=unit_person)
    handled.refresh_from_db()
    services.evaluate_by_code(handled, rating="satisfied")
    rebuild()
    return world
