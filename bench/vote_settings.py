"""bench/bench_settings.py for bench/vote_cast_load.py, with two more changes for its 1,000 members:

- MD5 hashes the members' passwords (as the test settings do): Argon2 (100 MB, the real settings) took
  0.8 s per password on the bench machine under load, some 13 minutes to create 1,000 accounts and as
  long again to sign them in, none of it part of casting a ballot. Argon2 stays in the list, so
  accounts made with the real settings still sign in.
- The per-address sign-in limit is raised: all 1,000 members sign in from 127.0.0.1, which the real
  limit (60 per 10 minutes) would stop after 60. It still runs; it just never trips."""

from bench.bench_settings import *  # noqa: F403
from bench.bench_settings import PASSWORD_HASHERS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
LOGIN_RATE_PER_ADDRESS = "1000000/m"
