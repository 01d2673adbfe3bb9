"""Word 5-gram fingerprints of versions, deterministic across runs and machines."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import cast

SHINGLE = 5
_token_ids: dict[str, int] = {}
_MOST_IDS = 2_000_000  # words whose ids are kept


def token_ids(tokens: Sequence[str]) -> list[int]:
    """Stable integer ids for tokens (CRC-32, so the same on every run)."""
    return _cached_ids(tokens, _token_ids, str)


def _cached_ids(
    tokens: Sequence[str], cache: dict[str, int], form: Callable[[str], str]
) -> list[int]:
    """The CRC-32 of each token's `form`, kept in `cache` (up to _MOST_IDS words)."""
    out: list[int | None] = list(map(cache.get, tokens))
    if None in out:  # words not seen before (after the first files, few)
        fresh = {token: zlib.crc32(form(token).encode()) for token in set(tokens).difference(cache)}
        if len(cache) + len(fresh) <= _MOST_IDS:
            cache.update(fresh)
            return list(map(cache.__getitem__, tokens))
        for i, tid in enumerate(out):
            if tid is None:
                out[i] = fresh[tokens[i]]
    return cast(list[int], out)  # every None was filled in above


# Letters a scanner's OCR takes for one another ("tbe" for "the", "rnay" for "may",
# "c1ose" for "close"), each set to one of them for fingerprints only: two readings of
# one printed text then share the 5-grams that such a misreading would otherwise break.
# Two different words seldom become one, and five in a row almost never.
_LOOK_ALIKE = str.maketrans(
    {"c": "e", "i": "l", "1": "l", "|": "l", "0": "o", "h": "b", "u": "n", "f": "t"}
)
_LOOK_ALIKE_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"))
_print_ids: dict[str, int] = {}


def misread_fold(word: str) -> str:
    """`word` with the letters OCR confuses set to one of each kind (see `_LOOK_ALIKE`)."""
    for pair, one in _LOOK_ALIKE_PAIRS:
        if pair in word:
            word = word.replace(pair, one)
    return word.translate(_LOOK_ALIKE)


def print_ids(tokens: Sequence[str]) -> list[int]:
    """Stable integer ids for fingerprint tokens: `token_ids` of their `misread_fold`."""
    return _cached_ids(tokens, _print_ids, misread_fold)


def shingles(ids: list[int], size: int = SHINGLE) -> set[int]:
    """Hashes of every run of `size` consecutive token ids.

    Python's hash of a tuple of ints is not salted, so these are reproducible.
    Texts shorter than `size` words give one shingle of the whole text.
    """
    if len(ids) < size:
        return {hash(tuple(ids))} if ids else set()
    return set(map(hash, zip(*(ids[i:] for i in range(size)), strict=False)))
