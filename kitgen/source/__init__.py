"""Reading source files (YAML with positions) into plain data."""
