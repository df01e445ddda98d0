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
    if discount_minor < 0 or min(weights, default=0) < 0:
        raise ValueError("a discount and its weights are zero or more")
    if discount_minor == 0:
        return [0] * len(weights)
    if discount_minor > total:
        raise ValueError("a discount cannot exceed what it is shared over")
    shares = [discount_minor * weight // total for weight in weights]
    left = discount_minor - sum(shares)
    if left:
        # Only when fen are left over: the remainders, largest first (ties as documented).
        ranked = sorted(
            range(len(weights)),
            key=lambda i: (-(discount_minor * weights[i] % total), -weights[i], i),
        )
        for index in ranked[:left]:
            shares[index] += 1
    return shares
