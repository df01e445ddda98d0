"""Widgets shared by the till's screens."""
