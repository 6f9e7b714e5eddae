"""The real settings with the submission rate limits raised, for bench/submission_load.py: every
bench client comes from 127.0.0.1, which the per-address limit would stop after a few dozen.
The limits still run (their cache round trips are part of what is measured); they just never trip."""

from config.settings import *  # noqa: F403

OPINION_SUBMIT_RATE_PER_ADDRESS = "1000000/m"
OPINION_SUBMIT_RATE_PER_PHONE = "1000000/m"
OPINION_TRACK_RATE_PER_ADDRESS = "1000000/m"
