"""Progress of a long run, as the library reports it: stages (reading, checking, scoring, writing)
and how far a counted stage has come. The library only calls these methods; the command line
decides whether and how to show them (see ``cli.py``)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """What the library tells about a run's progress."""

    def stage(self, name: str, total: int = 0) -> None:
        """A new stage begins (``total`` steps when it counts them, else 0)."""

    def advance(self, done: int) -> None:
        """``done`` steps of the current stage are finished."""


class Silent:
    """Progress that shows nothing (the library's default)."""

    def stage(self, name: str, total: int = 0) -> None:
        """Ignore the stage."""

    def advance(self, done: int) -> None:
        """Ignore the step."""


SILENT = Silent()
