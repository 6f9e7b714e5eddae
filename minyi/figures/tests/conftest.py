from minyi.opinions.tests.conftest import places, submission  # noqa: F401  (the opinions' fixtures: a village, a station, categories)
