# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of the runner's parsers on saved logs (testdata/), in the
manner of the kernel's tools/testing/kunit/kunit_tool_test.py.

  python3 -B -m unittest discover -s tests/checkrun -t tests

make check runs them among its host tests, each case one result."""

import tempfile
import unittest
from pathlib import Path

from .kernels import cached_debug_src
from .parsers import (boot_reports, console_reports, ktap_of, parse_kunit, parse_tap,
                      parse_vm, section_times, split_sections)
from .run import BufferedRun, Result

DATA = Path(__file__).resolve().parent / "testdata"


def log(name):
    """A saved log, without the licence line the project puts on every file."""
    lines = (DATA / name).read_text().splitlines()
    return "\n".join(lines[1:] if "SPDX-License-Identifier" in lines[0] else lines) + "\n"


def lines(name):
    return log(name).splitlines()


class Tap(unittest.TestCase):
    def test_passes_failures_and_skips(self):
        got = parse_tap("vm 6.12/kselftest-64", lines("kselftest.tap"))
        p = "vm 6.12/kselftest-64: "
        self.assertEqual(got, [
            Result(p + "global.clock_keeps_time", True,
                   "# Starting 5 tests from 2 test cases.\n"
                   "#  RUN           global.clock_keeps_time ...\n"
                   "#            OK  global.clock_keeps_time", False),
            Result(p + "global.audio_linear_is_bit_exact_across_a_connection", False,
                   "#  RUN           global.audio_linear_is_bit_exact_across_a_connection ...\n"
                   "# tapi_line_test.c:612:audio_linear_is_bit_exact_across_a_connection:"
                   "Expected 160 (160) == n (80)\n"
                   "# audio_linear_is_bit_exact_across_a_connection: Test terminated by "
                   "assertion\n"
                   "#          FAIL  global.audio_linear_is_bit_exact_across_a_connection",
                   False),
            Result(p + "phone.hookswitch_reaches_the_line", True,
                   "this line has no telephone", True),
            # a failure marked SKIP is a failure, its reason the detail
            Result(p + "phone.ringer_follows_the_cadence", False, "no ringer", False),
            Result(p + "global.line_removed_while_open", True,
                   "#  RUN           global.line_removed_while_open ...\n"
                   "#            OK  global.line_removed_while_open", False),
        ])

    def test_a_crash_mid_plan_is_a_failure(self):
        got = parse_tap("calls", lines("kselftest-crash.tap"))
        self.assertEqual([(r.name, r.ok, r.skip) for r in got], [
            ("calls: global.a_call_rings_connects_and_hangs_up", True, False),
            ("calls: global.calls_end_when_the_driver_goes", True, False),
            ("calls: global.a_second_call_waits", True, False),
            ("calls: ran all 6 planned tests", False, False)])
        self.assertEqual(got[-1].detail, "only 3 reported (the test binary crashed?)")

    def test_nothing_is_nothing(self):
        self.assertEqual(parse_tap("x", []), [])
        self.assertEqual(parse_tap("x", ["Segmentation fault"]), [])

    def test_run_counts_what_it_takes(self):
        run = BufferedRun()
        run.take(parse_tap("t", lines("kselftest.tap")))
        self.assertEqual((run.passed, run.failed, run.skipped), (2, 2, 1))
        self.assertEqual(run.failures, ["t: global.audio_linear_is_bit_exact_across_a_connection",
                                        "t: phone.ringer_follows_the_cadence"])
        self.assertIn("  SKIP  t: phone.hookswitch_reaches_the_line: "
                      "this line has no telephone", run.lines)
        self.assertIn("        # audio_linear_is_bit_exact_across_a_connection: "
                      "Test terminated by assertion", run.lines)


# One line of each kind of report the console scan must catch: the scanner
# is itself tested, or it could fail silently.
REPORTS = {
    "BUG": "[ 1.0] BUG: unable to handle page fault for address: 0000",
    "WARNING": "[ 1.0] WARNING: CPU: 0 PID: 1 at kernel/core/line.c:10 f+0x1/0x2 [tapi]",
    "Oops": "[ 1.0] Oops: general protection fault, probably for non-canonical address",
    "KASAN": "[ 1.0] BUG: KASAN: slab-use-after-free in tapi_read+0x10/0x20 [tapi]",
    "UBSAN": "[ 1.0] UBSAN: array-index-out-of-bounds in kernel/core/event.c:40:3",
    "lockdep": "[ 1.0] WARNING: possible circular locking dependency detected",
    "lockdep-recursive": "[ 1.0] WARNING: possible recursive locking detected",
    "lockdep-state": "[ 1.0] WARNING: inconsistent lock state",
    "lockdep-wait": "[ 1.0] [ BUG: Invalid wait context ]",
    "atomic-sleep": "[ 1.0] BUG: sleeping function called from invalid context at x.c:1",
    "atomic-schedule": "[ 1.0] BUG: scheduling while atomic: sh/1/0x00000002",
    "kmemleak": "[ 1.0] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
    "hung-task": "[ 1.0] INFO: task cat:12 blocked for more than 120 seconds.",
    "rcu-stall": "[ 1.0] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
    "soft-lockup": "[ 1.0] watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [sh:1]",
    "hard-lockup": "[ 1.0] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1",
    "list": "[ 1.0] list_del corruption. prev->next should be ffff888004a1c000",
    "refcount": "[ 1.0] refcount_t: underflow; use-after-free.",
    "debugobjects": "[ 1.0] ODEBUG: free active (active state 0) object: ffff8880 type: timer_list",
    "panic": "[ 1.0] Kernel panic - not syncing: Fatal exception",
}


class Console(unittest.TestCase):
    def test_catches_each_kind_of_report(self):
        for kind, line in REPORTS.items():
            with self.subTest(kind=kind):
                self.assertEqual(console_reports(line), [line])

    def test_a_console_full_of_reports(self):
        self.assertEqual(console_reports(log("console-reports.log")), [
            l for l in lines("console-reports.log") if any(
                w in l for w in ("BUG:", "WARNING:", "UBSAN:", "kmemleak:", "INFO: task",
                                 "rcu: INFO", "Oops", "Kernel panic"))])
        self.assertEqual(len(console_reports(log("console-reports.log"))), 11)

    def test_passes_a_clean_console(self):
        # a user program's segfault is not the kernel's problem
        self.assertEqual(console_reports(log("console-clean.log")), [])
        self.assertEqual(boot_reports(log("console-clean.log")), [])

    def test_tells_boot_time_reports_from_later_ones(self):
        text = log("console-boot-report.log")
        warning = [l for l in text.splitlines() if "WARNING:" in l]
        self.assertEqual(boot_reports(text), warning)
        self.assertEqual(len(console_reports(text)), 2)
        # no /init line (the kernel died first): all of it was boot-time
        self.assertEqual(boot_reports(REPORTS["KASAN"]), console_reports(REPORTS["KASAN"]))
        self.assertNotEqual(boot_reports(REPORTS["KASAN"]), [])


class Sections(unittest.TestCase):
    def test_split(self):
        got = split_sections(log("results-debug.log"))
        self.assertEqual([(k, n, len(l)) for k, n, l in got], [
            ("time", "setup@14.01", 0), ("tap", "setup", 4),
            ("time", "kselftest-64@16.66", 0), ("tap", "kselftest-64", 11),
            ("time", "stress@214.08", 0), ("tap", "stress", 5),
            ("time", "kunit@245.93", 0), ("kunit", "kunit", 11),
            ("time", "teardown@247.99", 0), ("tap", "teardown", 2),
            ("time", "kmemleak@248.45", 0), ("kmemleak", "kmemleak", 4),
            ("time", "end@273.08", 1)])
        self.assertEqual(got[-2][2][-1], "    tapi_line_register+0x6a/0x3c0 [tapi]")

    def test_times(self):
        self.assertEqual(section_times(log("results-debug.log")),
                         "setup 3 s, kselftest-64 197 s, stress 32 s, kunit 2 s, "
                         "teardown 0 s, kmemleak 25 s")
        # a job that never reached its end has no times to give
        self.assertEqual(section_times(log("results-hang.log")), "")
        self.assertEqual(section_times(""), "")


class Vm(unittest.TestCase):
    def test_a_debug_run(self):
        got = parse_vm("vm debug", log("console-clean.log"), log("results-debug.log"))
        self.assertEqual([(r.name, r.ok, r.skip) for r in got], [
            ("vm debug: kernel console free of BUG/WARNING/Oops/KASAN/UBSAN/lockdep/"
             "kmemleak reports", True, False),
            ("vm debug: VM reached its end marker (no crash or hang)", True, False),
            ("vm debug/setup: insmod tapi.ko", True, False),
            ("vm debug/setup: insmod tapi_sim.ko", True, False),
            ("vm debug/setup: tapi_sim created /dev/tapi0../dev/tapi3", False, False),
            ("vm debug/kselftest-64: global.clock_keeps_time", True, False),
            ("vm debug/kselftest-64: global.nonexistent_device_is_absent", True, False),
            ("vm debug/stress: stress: every ioctl, audio, calls, phones, configfs for 30 s",
             True, False),
            ("vm debug/teardown: rmmod tapi_sim", True, False),
            ("vm debug/teardown: rmmod tapi", True, False),
            ("vm debug/kmemleak: no leaked objects after the tests", False, False)])
        self.assertTrue(got[-1].detail.startswith("unreferenced object 0xffff888004a1c000"))
        self.assertEqual(len(got[-1].detail.splitlines()), 4)

    def test_a_hung_run_with_a_report(self):
        got = parse_vm("vm 6.1", log("console-reports.log"), log("results-hang.log"))
        self.assertEqual([(r.name.split(": ", 1)[1], r.ok) for r in got], [
            ("kernel console free of BUG/WARNING/Oops/KASAN/UBSAN/lockdep/kmemleak reports",
             False),
            ("VM reached its end marker (no crash or hang)", False),
            ("insmod tapi.ko", True), ("insmod tapi_sim.ko", True),
            ("global.clock_keeps_time", True), ("ran all 3 planned tests", False)])
        self.assertEqual(len(got[0].detail.splitlines()), 11)
        self.assertIn("Kernel panic - not syncing", got[1].detail)


class KUnit(unittest.TestCase):
    def test_ktap_of_6_12(self):
        ktap = ktap_of(lines("kunit-6.12.log"))
        self.assertEqual(ktap[:4], ["KTAP version 1", "1..3", "    KTAP version 1",
                                    "    # Subtest: tapi_evq"])
        self.assertEqual(ktap[-1], "BUG: kernel NULL pointer dereference, address: "
                                   "0000000000000008")

    def test_ktap_of_6_1_gets_a_top_level_plan(self):
        ktap = ktap_of(lines("kunit-6.1.log"))
        self.assertEqual(ktap[:5], ["KTAP version 1", "1..2", "    KTAP version 1",
                                    "    # Subtest: tapi_evq", "    1..2"])
        self.assertEqual(len(ktap), 2 + len(lines("kunit-6.1.log")) - 1)

    def test_no_ktap(self):
        self.assertIsNone(ktap_of(["[ 1.0] tapi_kunit: module verification failed"]))
        got = parse_kunit("vm debug/kunit", ["[ 1.0] insmod: ERROR: could not insert"],
                          Path("/nonexistent"), Path("/nonexistent/k.ktap"), log=None)
        self.assertEqual(got, [Result("vm debug/kunit: KUnit produced KTAP output", False,
                                      "insmod: ERROR: could not insert")])

    def kunit(self, name):
        src = cached_debug_src()
        if src is None or not (src / "tools/testing/kunit/kunit.py").exists():
            self.skipTest("no debug kernel source in the cache (make check builds it)")
        with tempfile.TemporaryDirectory() as tmp:
            return parse_kunit("k", lines(name), src, Path(tmp, "k.ktap"), log=None)

    def test_kunit_py_on_6_12(self):
        got = self.kunit("kunit-6.12.log")
        self.assertEqual([(r.name, r.ok, r.skip) for r in got], [
            ("k: evq_size_is_rounded_and_bounded", True, False),
            ("k: evq_fifo_order", False, False),
            ("k: evq_peek_does_not_consume", True, True),
            ("k: line_register_rejects_bad_desc", True, False),
            ("k: line_ids_are_unique_and_reused", True, False),
            ("k: call_make_reaches_driver_and_owner", True, False),
            # the suite the kernel died in
            ("k: a test that crashed", False, False)])
        self.assertIn("EXPECTATION FAILED at tests/kunit/evq_test.c:58", got[1].detail)

    def test_kunit_py_on_6_1(self):
        got = self.kunit("kunit-6.1.log")
        self.assertEqual([(r.name, r.ok, r.skip) for r in got], [
            ("k: evq_size_is_rounded_and_bounded", True, False),
            ("k: evq_fifo_order", True, False),
            ("k: line_register_rejects_bad_desc", False, False)])


if __name__ == "__main__":
    unittest.main()
