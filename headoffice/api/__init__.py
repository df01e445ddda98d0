"""gRPC adapters: the sync and admin servicers, error mapping, metrics, the server."""
