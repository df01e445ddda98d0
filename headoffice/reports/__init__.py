"""Head office's reports over the chain: accuracy and shrink as a chart, a page and metrics."""
