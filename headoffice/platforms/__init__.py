"""Adapters to the group-buy platforms (headoffice.services.voucher_ports.VoucherPlatform),
one per [vouchers.platforms.NAME] of headoffice.toml (docs/vouchers.md)."""
