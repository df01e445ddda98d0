"""Documents people print or open, made on both sides: count sheets, the variance report.

Pure functions from domain values to bytes or text; the CLIs (`pos count`, `hoctl
count`) write them where the user asks.
"""
