"""Analysis of a story: paragraph alignment and word differences, quotations."""
