"""Head-office schema revisions, oldest first."""
