"""The short codes printed in QR posters for stations (家站点码) and representatives (代表码).

A poster hangs on a wall for years, so a code never changes and never points at anything else:
it is set once when the row is created, is not editable in forms, and rows that carry one are
only deleted when nothing refers to them. With 31^10 (about 8 × 10^14) possible codes a random
clash with a live or a deleted row is not a practical concern, and the unique constraint turns
the theoretical one into an error instead of a silent reuse.
"""

import secrets

# No 0/o or 1/i/l: codes are read aloud on the phone and typed from printed posters.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 10


def new_public_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
