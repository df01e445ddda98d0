"""The managers' repository is the staff repository (edge_agent.store.staff): one table."""

from edge_agent.store.staff import StaffRepository as ManagersRepository

__all__ = ["ManagersRepository"]
