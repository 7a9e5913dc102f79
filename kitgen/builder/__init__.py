"""The builder contract shared by every artifact (print, video and any added by a plug-in)."""

from kitgen.builder.base import FILE_KINDS, Builder, BuildRequest, Planned, Progress, Reads
from kitgen.builder.help import HelpLine
from kitgen.builder.sourcemap import SourceMap

__all__ = ["FILE_KINDS", "Builder", "BuildRequest", "HelpLine", "Planned", "Progress", "Reads", "SourceMap"]
