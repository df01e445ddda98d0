"""Command lines: edge-agent (the daemon) and pos (the till client)."""
