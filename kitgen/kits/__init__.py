"""Kits: the build matrix, incremental builds of every artifact, release packages and previews."""
