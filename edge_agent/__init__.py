"""The store edge agent: sells and books stock offline first, syncs its journal to head office."""
