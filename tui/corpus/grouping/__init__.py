"""Grouping: word 5-gram fingerprints, candidate pairs and the rules that make stories."""
