"""The till peripherals the edge agent owns: scanner, scale, receipt printer, cash drawer."""
