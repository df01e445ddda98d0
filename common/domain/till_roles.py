"""Who may do what at a till: the staff roles and, in one table, the actions each may take.

Staff sign in at a till (`pos login`, edge_agent.services.signing_in) and the edge
agent checks every till action against the signed-in person's role here, never
against a name typed on the command line (issue 12, failure 9). Head office keeps
the staff list (`hoctl staff ...`) and checks the role names with the same table.

  role            sell refund void receive write_off ship recv_tr count cash shift override approve book
  cashier          x           x                                          x     x
  supervisor       x     x     x                                    x     x     x     x       x      x
  stock_clerk                       x       x        x     x        x
  store_manager    x     x     x    x       x        x     x        x     x     x     x       x      x

"book" (REVEAL_BOOK) lets a person see the book quantity in a blind count session
(edge_agent.services.counting); a counter without it sees only what was counted.

An approval (a write-off above the threshold at the till, a price override, a
refund without a receipt ...) needs a second person whose role has APPROVE,
confirmed by their PIN, and never the person who asks (separation of duties on
the person: edge_agent.services.approving).
"""

from __future__ import annotations

import hashlib

from common.errors import InvalidInput, PermissionDenied
from common.i18n import N_, _

# The till actions. Their values are data (journal, JSON, tables): never translated.
SELL = "sell"
REFUND = "refund"
VOID = "void"
RECEIVE = "receive"
WRITE_OFF = "write_off"
SHIP_TRANSFER = "ship_transfer"
RECEIVE_TRANSFER = "receive_transfer"
COUNT = "count"
CASH_IN_OUT = "cash_in_out"
SHIFT_OPEN = "shift_open"
SHIFT_CLOSE = "shift_close"
PRICE_OVERRIDE = "price_override"
APPROVE = "approve"
REVEAL_BOOK = "see_book_qty"

ACTIONS = (
    SELL,
    REFUND,
    VOID,
    RECEIVE,
    WRITE_OFF,
    SHIP_TRANSFER,
    RECEIVE_TRANSFER,
    COUNT,
    CASH_IN_OUT,
    SHIFT_OPEN,
    SHIFT_CLOSE,
    PRICE_OVERRIDE,
    APPROVE,
    REVEAL_BOOK,
)

# How an action is said to a person (the refusal names it).
ACTION_WORDS = {
    SELL: N_("sell"),
    REFUND: N_("refund"),
    VOID: N_("void"),
    RECEIVE: N_("receive deliveries"),
    WRITE_OFF: N_("write off stock"),
    SHIP_TRANSFER: N_("ship transfers"),
    RECEIVE_TRANSFER: N_("receive transfers"),
    COUNT: N_("count stock"),
    CASH_IN_OUT: N_("put cash in or take it out"),
    SHIFT_OPEN: N_("open a shift"),
    SHIFT_CLOSE: N_("close a shift"),
    PRICE_OVERRIDE: N_("override a price"),
    APPROVE: N_("approve"),
    REVEAL_BOOK: N_("see the book quantity in a blind count"),
}

CASHIER = "cashier"
SUPERVISOR = "supervisor"
STOCK_CLERK = "stock_clerk"
STORE_MANAGER = "store_manager"

ROLES = (CASHIER, SUPERVISOR, STOCK_CLERK, STORE_MANAGER)

ROLE_WORDS = {
    CASHIER: N_("cashier"),
    SUPERVISOR: N_("supervisor"),
    STOCK_CLERK: N_("stock clerk"),
    STORE_MANAGER: N_("store manager"),
}

_TILL = frozenset({SELL, VOID, CASH_IN_OUT, SHIFT_OPEN, SHIFT_CLOSE})
_STOCK = frozenset({RECEIVE, WRITE_OFF, SHIP_TRANSFER, RECEIVE_TRANSFER, COUNT})

# The one table: role -> the actions it may take.
PERMISSIONS: dict[str, frozenset[str]] = {
    CASHIER: _TILL,
    SUPERVISOR: _TILL | {REFUND, COUNT, PRICE_OVERRIDE, APPROVE, REVEAL_BOOK},
    STOCK_CLERK: _STOCK,
    STORE_MANAGER: frozenset(ACTIONS),
}


def check_role(role: str) -> str:
    """The role unchanged, or InvalidInput naming the roles there are."""
    if role not in ROLES:
        raise InvalidInput(
            _("{role} is not a staff role; use one of {roles}").format(
                role=repr(role), roles=", ".join(ROLES)
            )
        )
    return role


def may(role: str, action: str) -> bool:
    return action in PERMISSIONS.get(role, frozenset())


def permissions_of(role: str) -> list[str]:
    """The role's actions in the table's order (for lists and JSON)."""
    return [a for a in ACTIONS if may(role, a)]


def check_permission(person: str, role: str, action: str) -> None:
    """Raise PermissionDenied naming the person, their role and the action unless allowed."""
    if action not in ACTIONS:
        raise InvalidInput(_("{action} is not a till action").format(action=repr(action)))
    if not may(role, action):
        raise PermissionDenied(not_permitted_sentence(person, role, action))


def not_permitted_sentence(person: str, role: str, action: str) -> str:
    role_words = ROLE_WORDS.get(role, role)
    action_words = ACTION_WORDS.get(action, action)
    return _("{person} is signed in as a {role}, and a {role} may not {action}").format(
        person=person, role=_(role_words), action=_(action_words)
    )


def own_approval_sentence(person: str) -> str:
    return _(
        "{person} cannot approve their own request; another person with the approve "
        "permission must confirm it with their PIN"
    ).format(person=person)


def check_not_own_approval(requester: str, approver: str) -> None:
    """Separation of duties on the person: nobody approves what they asked for themselves."""
    if requester and requester == approver:
        raise PermissionDenied(own_approval_sentence(approver))


STAFF_CODE_MAX = 32


def check_staff_code(code: str) -> str:
    """A staff code: one word of letters, digits, '.', '_' or '-', no '@' (the actor form
    sam@S001 puts the store after the last '@'), at most STAFF_CODE_MAX characters."""
    code = code.strip()
    if (
        not code
        or len(code) > STAFF_CODE_MAX
        or not all(c.isascii() and (c.isalnum() or c in "._-") for c in code)
    ):
        raise InvalidInput(
            _(
                "a staff code must be 1 to {max} letters, digits, '.', '_' or '-' (no spaces, "
                "no '@'), got {code}"
            ).format(max=STAFF_CODE_MAX, code=repr(code[:40]))
        )
    return code


def staff_card_hash(card: str) -> str:
    """How a staff card's number is kept, at head office and at the store alike: sha256 of its
    letters and digits, upper case ("" for no card). A staff card is a badge, never a payment
    card; the number itself is not kept."""
    cleaned = "".join(c for c in card if c.isalnum()).upper()
    if not cleaned:
        return ""
    return hashlib.sha256(cleaned.encode()).hexdigest()
