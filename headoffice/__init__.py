"""Head office: the authoritative per-store inventory, the catalogue and the sync endpoint."""
