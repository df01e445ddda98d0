"""gRPC plumbing both servers share: the error-to-status table and server interceptors."""
