from pathlib import Path

from minyi.demo.logins import DEMO_LOGINS, DEMO_PASSWORD

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_lists_every_demo_login_and_the_password():
    text = README.read_text(encoding="utf-8")
    for login in DEMO_LOGINS:
        assert f"| `{login.username}` |" in text, login.username
    assert f"**`{DEMO_PASSWORD}`**" in text
