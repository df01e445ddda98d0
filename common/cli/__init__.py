"""The kit every command-line tool (pos, hoctl, edge-agent, headoffice) is built on.

  options.py     --format, --till, --cashier, --actor, date/time arguments
  output.py      Output: the one switch on --format (table / JSON / CSV)
  render.py      the renderer: rows and columns in; aligned table, JSON or CSV out
  cells.py       the one place data becomes terminal text (control characters out, widths)
  values.py      times as RFC 3339, money for people as 12.34
  documents.py   JSON of the messages both tools show (a purchase order, transfer lines)
  failures.py    errors and failed RPCs as one sentence and an exit code
  item_lines.py  the one grammar of CODE=QTY[@UNIT_COST] lines

docs/output.md is the contract these implement. Importing this package imports
nothing heavy; wcwidth loads only when a table holds non-ASCII text.
"""
