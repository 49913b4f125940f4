"""Progress lines on stderr for long CLI work: ``[2/4] joining 1,000,000 points … 1.8 s``."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class Progress:
    """Numbered stages; each prints its label when it starts and its time when done."""

    def __init__(self, total: int, *, stream=None, enabled: bool = True):
        self.total = total
        self.i = 0
        self.stream = stream or sys.stderr
        self.enabled = enabled

    @contextmanager
    def stage(self, label: str):
        self.i += 1
        t0 = time.perf_counter()
        if self.enabled:
            print(f"[{self.i}/{self.total}] {label} …", end="", file=self.stream, flush=True)
        try:
            yield
        except BaseException:
            if self.enabled:  # the stage's line ends before the error is said
                print(file=self.stream, flush=True)
            raise
        if self.enabled:
            print(f" {time.perf_counter() - t0:.1f} s", file=self.stream, flush=True)

    def ticker(self):
        """A ``progress(rows, fraction)`` callback for chunked work inside a stage: it
        appends the percentage done (`` 20% 40% …``) to the stage's line."""
        def tick(rows: int, fraction: float) -> None:
            if self.enabled and fraction < 1.0:
                print(f" {fraction:.0%}", end="", file=self.stream, flush=True)
        return tick
