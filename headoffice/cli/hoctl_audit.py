"""hoctl audit list | verify: the sealed, chained record of every head-office change.

verify exits 1 with a sentence per problem (each with its kind in JSON and CSV:
domain.audit_check lists them) and says the notices that are not problems, such as
the records written before head office had an audit key.
"""

from __future__ import annotations

import argparse

from common.cli.options import add_format, moment_arg
from common.cli.output import Output
from common.cli.render import Column
from common.cli.values import rfc3339
from common.i18n import N_, _
from common.pb.storeledger.v1 import audit_pb2, audit_pb2_grpc
from headoffice.cli.clients import CALL_TIMEOUT_S, Clients, headings

COLUMNS = [
    Column("audit_id", N_("ID"), "int"),
    Column("occurred_at", N_("AT")),
    Column("actor", N_("ACTOR")),
    Column("action", N_("ACTION")),
    Column("entity", N_("ENTITY")),
    Column("entity_id", N_("ENTITY ID")),
    Column("before", N_("BEFORE")),
    Column("after", N_("AFTER")),
]
HASH = Column("hash")
PROBLEM_COLUMNS = [Column("audit_id", "ID", "int"), Column("kind"), Column("problem")]  # CSV
PAGE = 1000


def _row(record: audit_pb2.AuditRecord) -> dict[str, object]:
    return {
        "audit_id": record.id,
        "occurred_at": rfc3339(record.occurred_at_ms),
        "actor": record.actor,
        "action": record.action,
        "entity": record.entity,
        "entity_id": record.entity_id,
        "before": record.before_json,
        "after": record.after_json,
        "hash": record.hash,
    }


def cmd_audit_list(args: argparse.Namespace, clients: Clients, out: Output) -> int:
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
    out.listing(rows, headings(COLUMNS) if out.for_people else [*COLUMNS, HASH])
    return 0


def cmd_audit_verify(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    reply = audit_pb2_grpc.AuditStub(clients.channel).VerifyAudit(
        audit_pb2.VerifyAuditRequest(), timeout=CALL_TIMEOUT_S * 4
    )
    data = {
        "intact": reply.intact,
        "record_count": reply.record_count,
        "last_audit_id": reply.last_id,
        "last_hash": reply.last_hash,
        "keyed_from_audit_id": reply.keyed_from_id,
        "problems": [
            {"audit_id": p.id, "kind": p.kind, "problem": p.problem} for p in reply.problems
        ],
        "notices": list(reply.notices),
    }
    if reply.intact:
        said = _("audit log intact: {count} records, newest {id} (hash {hash})").format(
            count=reply.record_count, id=reply.last_id, hash=reply.last_hash[:16]
        )
        text = "\n".join([said, *reply.notices])
        out.record(data, lambda: text, rows_key="problems", columns=PROBLEM_COLUMNS)
        return 0
    if out.for_people:  # the problems are the refusal: on stderr, as before
        for problem in reply.problems:
            out.warn(_("record {id}: {problem}").format(id=problem.id, problem=problem.problem))
        for notice in reply.notices:
            out.warn(notice)
        out.warn(
            _("audit log tampered: {count} problem(s) in {records} records").format(
                count=len(reply.problems), records=reply.record_count
            )
        )
    else:
        out.record(data, str, rows_key="problems", columns=PROBLEM_COLUMNS)
    return 1


def register(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help=_("the record of every head-office change"))
    actions = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help=_("list audit records, oldest first"))
    listing.add_argument(
        "--actor",
        help=_(
            "only changes by this person (sam: at head office or any store), "
            "this person at one store (sam@S001) or anyone at a store (@S001)"
        ),
    )
    listing.add_argument("--entity", help=_("only changes to this kind of thing, e.g. store, user"))
    listing.add_argument("--id", help=_("only changes to this one thing (with --entity)"))
    listing.add_argument("--action", help=_("only this action, e.g. user.add"))
    listing.add_argument("--since", type=moment_arg, help=_("from this date/time (UTC)"))
    listing.add_argument("--until", type=moment_arg, help=_("before this date/time (UTC)"))
    listing.add_argument("--limit", type=int, default=10_000, help=_("at most this many records"))
    add_format(listing)
    listing.set_defaults(handler=cmd_audit_list, context="audit list")
    verify = actions.add_parser(
        "verify",
        help=_(
            "check every record's seal, the chain, its head and the checkpoint; name any "
            "edited, re-chained or deleted record"
        ),
    )
    add_format(verify)
    verify.set_defaults(handler=cmd_audit_verify, context="audit verify")
