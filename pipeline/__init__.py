"""Fetch and parse stages of dealwatch: sources → fetched pages → articles."""
