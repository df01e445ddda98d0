"""The chain's reward items, taken for points at a till (pos reward), over the Members
service:

  hoctl member reward set SKU --points N   offer SKU for N points an item (member.manage)
  hoctl member reward end SKU              stop offering it (member.manage)
  hoctl member reward list                 every reward item, ended ones too (member.read)

Each takes --format table|json|csv."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings

COLUMNS = [
    Column("sku", N_("SKU")),
    Column("points_cost", N_("POINTS"), kind="int"),
    Column("active", N_("ACTIVE"), kind="flag"),
    Column("changed_at", N_("CHANGED AT")),
    Column("changed_by", N_("CHANGED BY")),
]


def _stub(clients: Clients) -> members_pb2_grpc.MembersStub:
    return members_pb2_grpc.MembersStub(clients.channel)


def reward_row(item: members_pb2.RewardItem) -> dict[str, Any]:
    return {
        "sku": item.sku,
        "points_cost": item.points_cost,
        "active": item.active,
        "changed_at": rfc3339(item.changed_at_ms),
        "changed_by": item.changed_by,
    }


def cmd_set(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = members_pb2.SetRewardRequest(sku=args.sku, points_cost=args.points)
    item = _stub(clients).SetReward(request, timeout=CALL_TIMEOUT_S)
    out.listing([reward_row(item)], headings(COLUMNS))
    out.say(
        _("{sku} is a reward item for {points} points").format(
            sku=item.sku, points=item.points_cost
        )
    )
    return 0


def cmd_end(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    request = members_pb2.RewardItemRequest(sku=args.sku)
    item = _stub(clients).EndReward(request, timeout=CALL_TIMEOUT_S)
    out.listing([reward_row(item)], headings(COLUMNS))
    out.say(_("{sku} is no longer a reward item").format(sku=item.sku))
    return 0


def cmd_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = _stub(clients).ListRewards(members_pb2.ListRewardsRequest(), timeout=CALL_TIMEOUT_S)
    out.listing([reward_row(i) for i in reply.items], headings(COLUMNS), empty=_("no reward items"))
    return 0


def register(action: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `reward set|end|list` to hoctl member with hoctl_members.register's `action`."""
    group = action("reward", None, _("items members take for points at a till"), False)
    steps = group.add_subparsers(dest="reward_command", required=True, metavar="ACTION")

    def step(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        parser = steps.add_parser(name, help=help_text)
        add_format(parser)
        parser.set_defaults(handler=handler, context=f"member reward {name}")
        return parser

    offer = step("set", cmd_set, _("offer a SKU for points (or change its cost)"))
    offer.add_argument("sku")
    offer.add_argument("--points", type=int, required=True, help=_("points an item costs"))
    step("end", cmd_end, _("stop offering a SKU for points")).add_argument("sku")
    step("list", cmd_list, _("the reward items, ended ones too"))
