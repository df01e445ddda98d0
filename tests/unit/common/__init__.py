"""Unit tests of common/ and of hoctl without a head-office server."""
