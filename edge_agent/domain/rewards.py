"""A reward item taken for points at the till (pos reward), and its slip.

Head office takes the points online (invariant 5: points are never spent offline) and
says which movements the items make (the goods, or a bundle's components; reason
redemption, out); the store journals them unchanged in a `reward` entry whose body is
the Reward below. The slip shows the member masked as head office gave it, the item,
the points taken and the points left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.i18n import _
from common.text_safety import printable
from edge_agent.domain.text_columns import pair

SLIP_WIDTH = 32  # cells: a 58 mm roll


@dataclass(frozen=True)
class Reward:
    """The journal body of a reward item taken for points (ledger.proto Reward)."""

    reward_id: str
    member_id: str
    sku: str
    qty: int
    points: int  # taken, above zero
    authorisation_key: str  # the till's key head office took the points under
    till_id: str
    cashier: str
    shift_id: str


def reward_key(idempotency_key: str) -> str:
    """The key head office takes the points under: derived from the command's key, so a
    retried command asks for the same points and nothing is taken twice."""
    return f"{idempotency_key}:reward"


def slip_text(
    reward: Reward,
    phone_masked: str,
    balance: int | None,
    name_of: Callable[[str], str],
    when: str,
) -> str:
    """The reward slip's lines (under the printer's store header); `balance` None when the
    slip is printed again from the journal (head office's balance is not the store's)."""
    lines = [
        pair(_("Member"), printable(f"{reward.member_id} {phone_masked}".strip()), SLIP_WIDTH),
        pair(printable(name_of(reward.sku)), f"x{reward.qty}", SLIP_WIDTH),
        pair(_("Points taken"), str(reward.points), SLIP_WIDTH),
    ]
    if balance is not None:
        lines.append(pair(_("Points left"), str(balance), SLIP_WIDTH))
    lines.append(
        pair(_("Till"), printable(f"{reward.till_id} {reward.cashier}".strip()), SLIP_WIDTH)
    )
    lines.append(when)
    return "\n".join(lines) + "\n"
