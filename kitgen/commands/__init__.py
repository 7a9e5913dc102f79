"""Command implementations: plain functions the CLI calls. They do the work; the CLI only parses and prints."""
