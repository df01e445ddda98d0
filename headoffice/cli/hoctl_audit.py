"""hoctl audit list | verify: the hash-chained record of every head-office change."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from common.pb.storeledger.v1 import audit_pb2, audit_pb2_grpc
from headoffice.cli import output
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, add_formats

COLUMNS = ["id", "at", "actor", "action", "entity", "entity_id", "before", "after"]
PAGE = 1000


def _moment_ms(text: str) -> int:
    """YYYY-MM-DD or an ISO-8601 time (UTC unless it says otherwise) as epoch ms."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a date (2026-11-24) or time (2026-11-24T09:30), got {text!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def _row(record: audit_pb2.AuditRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "at": output.iso_utc(record.at_ms),
        "actor": record.actor,
        "action": record.action,
        "entity": record.entity,
        "entity_id": record.entity_id,
        "before": record.before_json,
        "after": record.after_json,
        "hash": record.hash,
    }


def cmd_audit_list(args: argparse.Namespace, clients: Clients) -> int:
    stub = audit_pb2_grpc.AuditStub(clients.channel)
    rows: list[dict[str, object]] = []
    after = 0
    while len(rows) < args.limit:
        reply = stub.ListAudit(
            audit_pb2.ListAuditRequest(
                actor=args.actor or "",
                entity=args.entity or "",
                entity_id=args.id or "",
                action=args.action or "",
                since_ms=args.since or 0,
                until_ms=args.until or 0,
                after_id=after,
                limit=min(PAGE, args.limit - len(rows)),
            ),
            timeout=CALL_TIMEOUT_S,
        )
        rows.extend(_row(r) for r in reply.records)
        if len(reply.records) < PAGE:
            break
        after = reply.records[-1].id
    columns = COLUMNS if args.format == "table" else [*COLUMNS, "hash"]
    print(output.render(rows, columns, args.format))
    return 0


def cmd_audit_verify(args: argparse.Namespace, clients: Clients) -> int:
    reply = audit_pb2_grpc.AuditStub(clients.channel).VerifyAudit(
        audit_pb2.VerifyAuditRequest(), timeout=CALL_TIMEOUT_S * 4
    )
    if args.format == "json":
        print(
            output.to_json(
                {
                    "intact": reply.intact,
                    "records_checked": reply.records_checked,
                    "last_id": reply.last_id,
                    "last_hash": reply.last_hash,
                    "problems": [{"id": p.id, "problem": p.problem} for p in reply.problems],
                }
            )
        )
    elif reply.intact:
        print(
            f"audit log intact: {reply.records_checked} records, newest {reply.last_id} "
            f"(hash {reply.last_hash[:16]})"
        )
    else:
        for problem in reply.problems:
            print(f"record {problem.id}: {problem.problem}", file=sys.stderr)
        print(
            f"audit log tampered: {len(reply.problems)} problem(s) in "
            f"{reply.records_checked} records",
            file=sys.stderr,
        )
    return 0 if reply.intact else 1


def register(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help="the record of every head-office change")
    actions = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list audit records, oldest first")
    listing.add_argument("--actor", help="only this user's changes")
    listing.add_argument("--entity", help="only changes to this kind of thing, e.g. store, user")
    listing.add_argument("--id", help="only changes to this one thing (with --entity)")
    listing.add_argument("--action", help="only this action, e.g. user.add")
    listing.add_argument("--since", type=_moment_ms, help="from this date/time (UTC)")
    listing.add_argument("--until", type=_moment_ms, help="before this date/time (UTC)")
    listing.add_argument("--limit", type=int, default=10_000, help="at most this many records")
    add_formats(listing)
    listing.set_defaults(handler=cmd_audit_list, context="audit list")
    verify = actions.add_parser(
        "verify", help="check the hash chain; name any edited or deleted record"
    )
    add_formats(verify, csv=False)
    verify.set_defaults(handler=cmd_audit_verify, context="audit verify")
