"""Sharing a discount among lines by the largest-remainder method, in whole minor units.

Each line first gets floor(discount x weight / total weight); the fen left over go one
each to the lines with the largest remainders (discount x weight mod total weight); ties
go to the larger weight, then the lower position in the list (the caller orders lines
by a key that does not depend on scan order). The shares sum exactly to the discount,
and no share exceeds its line's weight when the discount is at most the total weight.
"""

from __future__ import annotations

from collections.abc import Sequence


def largest_remainder(discount_minor: int, weights: Sequence[int]) -> list[int]:
    """Shares of discount_minor proportional to weights (all >= 0, discount <= their sum)."""
    total = sum(weights)
    if discount_minor < 0 or any(w < 0 for w in weights):
        raise ValueError("a discount and its weights are zero or more")
    if discount_minor == 0:
        return [0] * len(weights)
    if discount_minor > total:
        raise ValueError("a discount cannot exceed what it is shared over")
    shares = []
    remainders = []
    for index, weight in enumerate(weights):
        share, rest = divmod(discount_minor * weight, total)
        shares.append(share)
        remainders.append((-rest, -weight, index))
    left = discount_minor - sum(shares)
    for _rest, _weight, index in sorted(remainders)[:left]:
        shares[index] += 1
    return shares
