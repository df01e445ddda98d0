"""A faithful stand-in for the group-buy platforms' voucher APIs (团购券核销), for tests and
the demo: the real platforms need certified merchant accounts.

Two profiles, modelled on the big platforms' flows: "meituan" (12-digit codes, a cancel
window of 1 hour) and "douyin" (15-digit codes, 60 days). Each serves prepare (look a code
up), verify (redeem N uses under the merchant's request id, idempotent), cancel (within the
window) and the day's list of redeemed codes (reconciliation), over HTTP+JSON with the
standard library only. Faults are injected per call through /admin/faults (docs/vouchers.md).
"""
