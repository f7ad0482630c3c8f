"""Named, independent random streams for the demo league.

Every part of a season draws from its own stream keyed by (seed, season, part),
so changing how one part uses randomness never shifts the numbers of another,
and the same (season, seed) always gives the same league.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, *keys: int | str) -> np.random.Generator:
    """A generator for ``seed`` and a path of keys (ints or names, hashed stably)."""
    words = [seed] + [k if isinstance(k, int) else zlib.crc32(k.encode()) for k in keys]
    return np.random.default_rng([w & 0xFFFFFFFF for w in words] + [len(words)])
