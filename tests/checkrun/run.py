# SPDX-License-Identifier: GPL-2.0-only
"""The results of a run: every test's PASS/FAIL/SKIP line, the stages' times
and the closing summary."""

import contextlib
import time
from collections import namedtuple

# One test's result, as the parsers return them: a skip counts as neither
# passed nor failed.
Result = namedtuple("Result", "name ok detail skip", defaults=("", False))


class Fatal(Exception):
    """A step everything after it depends on has failed."""


class Run:
    """Collects every test result and the time each stage took."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []
        self.stages = []
        self.t0 = time.monotonic()

    def say(self, text):
        print(text, flush=True)

    def record(self, name, ok, detail="", skip=False):
        if skip:
            self.skipped += 1
            self.say(f"  SKIP  {name}" + (f": {detail}" if detail else ""))
            return
        if ok:
            self.passed += 1
            self.say(f"  PASS  {name}")
        else:
            self.failed += 1
            self.failures.append(name)
            self.say(f"  FAIL  {name}")
            for line in str(detail).strip().splitlines()[-25:]:
                self.say(f"        {line}")

    def take(self, results):
        for r in results:
            self.record(r.name, r.ok, r.detail, skip=r.skip)

    def merge(self, other, lane, dt):
        """Print what @other (the BufferedRun of a side lane) saw, and count it."""
        print(f"\n== {lane}: its stages, run beside the others", flush=True)
        for line in other.lines:
            self.say(line)
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.failures += other.failures
        self.stages += [(f"{lane}: {name}", t) for name, t in other.stages]
        self.stages.append((f"{lane} (all its stages)", dt))
        print(f"   [{lane}: {dt:.1f} s]", flush=True)

    @contextlib.contextmanager
    def stage(self, name):
        self.say(f"\n== {name}")
        t0 = time.monotonic()
        try:
            yield
        except Fatal as e:
            self.record(f"{name}", False, str(e))
        finally:
            dt = time.monotonic() - t0
            self.stages.append((name, dt))
            self.say(f"   [{name}: {dt:.1f} s]")

    def summary(self):
        print("\n== Stage times")
        for name, dt in self.stages:
            print(f"   {dt:7.1f} s  {name}")
        print(f"   {time.monotonic() - self.t0:7.1f} s  total (wall clock)")
        if self.failures:
            print("\n== Failed")
            for name in self.failures:
                print(f"   {name}")
        line = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            line += f", {self.skipped} skipped"
        print()
        print(line)
        return 1 if self.failed else 0


class BufferedRun(Run):
    """A Run for a stage in another thread: its output waits for merge()."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def say(self, text):
        self.lines.append(text)
