"""What head office and the edge agent share: contract, units, identity, config."""
