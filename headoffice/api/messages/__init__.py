"""Protobuf <-> domain, by area: what each servicer unpacks from a request and packs into a reply.

The services take and return domain objects and never see a message; these
modules are the only translation, both ways. Events queued for a store are
encoded here too (downstream.py), for the downstream repository that keeps
them in the form the store receives.
"""
