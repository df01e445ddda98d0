"""The terminal till (Textual): `pos` with no subcommand. Talks only gRPC to the local agent."""
