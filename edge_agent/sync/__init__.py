"""Talking to head office: the upstream journal stream and the downstream catalogue stream."""
