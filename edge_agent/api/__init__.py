"""The Till gRPC service pos talks to, and the mapping of our errors to status codes."""
