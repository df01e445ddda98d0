"""Head-office rules in plain Python: no gRPC, no SQL."""
