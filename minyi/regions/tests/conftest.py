import pytest


@pytest.fixture
def english(settings):
    """For tests that read the import command's messages in their English source text."""
    settings.LANGUAGE_CODE = "en"
