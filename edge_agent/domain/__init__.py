"""Shop rules for the till: sales, tenders, deliveries, receipts. Plain Python, no gRPC or SQL."""
