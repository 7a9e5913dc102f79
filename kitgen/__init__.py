"""kitgen: compile child-online-safety kits from one story script and its translations."""

__version__ = "0.1.0"
