# SPDX-License-Identifier: GPL-2.0-only
"""Unit tests of what make check decides about kernels without booting one:
which image is the newest, what a refreshed configuration may change, and
what each kernel's VM job runs.

  python3 -B -m unittest discover -s tests/checkrun -t tests"""

import re
import tempfile
import unittest
from pathlib import Path

import archive
import srctree

from .dkms import DKMS_TESTS
from .jobs import (LIBTAPI_TESTS, LOWRES_TESTS, SLOW_SIGNAL_TESTS, SMOKE_CALL_TESTS,
                   SMOKE_LINE_TESTS, job_for)
from .kernels import KERNELS
from .kselftests import PROGRAMS, binaries, program_of, tests_of
from .settings import ROOT


class NewestImage(unittest.TestCase):
    def search(self, names):
        return lambda cmd, **kw: (0, "".join(f"{n} - Linux\n" for n in names))

    def test_the_newest_by_version_not_by_text(self):
        names = ["linux-image-6.12.9+deb12-amd64-unsigned",
                 "linux-image-6.12.118+deb12-amd64-unsigned",
                 "linux-image-6.12.118+deb12-rt-amd64-unsigned",
                 "linux-image-6.12.118+deb12-amd64-dbg"]
        self.assertEqual(archive.newest_image("6.12", self.search(names)),
                         ("6.12.118+deb12-amd64", names[1]))
        self.assertEqual(archive.newest_image("6.12-rt", self.search(names)),
                         ("6.12.118+deb12-rt-amd64", names[2]))

    def test_unstable_names_its_image_without_unsigned(self):
        names = ["linux-image-7.1.4+deb14-amd64", "linux-image-7.2.13+deb14-amd64",
                 "linux-image-7.2.13+deb14-cloud-amd64", "linux-image-7.2.13+deb14-rt-amd64",
                 "linux-image-7.2.13+deb14-amd64-dbg"]
        self.assertEqual(archive.newest_image("unstable", self.search(names)),
                         ("7.2.13+deb14-amd64", names[1]))

    def test_none_is_an_error(self):
        with self.assertRaises(archive.ArchiveError):
            archive.newest_image("6.1", self.search(["linux-image-6.12.1+deb12-amd64"]))


class RefreshedConfig(unittest.TestCase):
    """srctree.unexplained: a configuration refreshed for the host's gcc may
    differ from Debian's only in what the toolchain can do."""

    KCONFIG = """
config RUST
\tbool "Rust support"

config RUST_DRIVER
\ttristate "A driver in Rust"
\tdepends on RUST

config QR_URL
\tstring "where the QR code points"
\tdepends on RUST_DRIVER

config PREEMPT_RT
\tbool "Real time"
"""

    def unexplained(self, diff):
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "Kconfig").write_text(self.KCONFIG)
            return srctree.unexplained(Path(tmp), diff)

    def test_the_toolchain_and_what_needs_rust(self):
        diff = ['-RUST y', '-RUST_DRIVER m', '-QR_URL "https://example"',
                ' GCC_VERSION 160200 -> 120200', '-CC_HAS_COUNTED_BY y',
                '+GCC_ASM_GOTO_OUTPUT_BROKEN y', ' PAHOLE_VERSION 132 -> 124',
                ' LOCALVERSION "" -> "+deb14-amd64"', '-SOMETHING_OFF n']
        self.assertEqual(self.unexplained(diff), [])

    def test_anything_else_stops_it(self):
        diff = [' PREEMPT_RT y -> n', '+DEBUG_INFO_BTF y', '-RUST y']
        self.assertEqual(self.unexplained(diff), [' PREEMPT_RT y -> n', '+DEBUG_INFO_BTF y'])


def sections(job):
    return re.findall(r'^echo "@@tap ([\w-]+)"\n(.*)$', job, re.M)


class Jobs(unittest.TestCase):
    """What each kernel's VM runs, from the table in kernels.py."""

    def kernel(self, name, debug=False):
        return {"name": name, "kver": "1", "debug": debug}

    def test_rt_runs_every_64_bit_kselftest_and_the_stress(self):
        got = dict(sections(job_for(self.kernel("6.12-rt"))))
        for prog in PROGRAMS:
            self.assertEqual(got[prog], f"/tests/{prog}")
        self.assertTrue(got["stress"].startswith("/tests/tapi_stress -t 30"))
        self.assertFalse([s for s in got if s.endswith("_32")])

    def test_unstable_runs_the_smoke_set_only(self):
        job = job_for(self.kernel("unstable"))
        got = dict(sections(job))
        self.assertEqual(got["tapi_line_events_test"], "/tests/tapi_line_events_test"
                         " -t info_describes_the_line -t far_end_dtmf_is_reported_as_digits")
        self.assertEqual(got["tapi_call_states_test"], "/tests/tapi_call_states_test" +
                         "".join(f" -t {t}" for t in SMOKE_CALL_TESTS))
        # tapi-compliance on a subscriber line and on a provider's (utapi)
        self.assertEqual(sorted(got), ["compliance", "compliance-utapi", "setup",
                                       "tapi_call_states_test", "tapi_line_audio_test",
                                       "tapi_line_device_test", "tapi_line_events_test",
                                       "teardown"])
        self.assertIn("rmmod tapi_sim", job)

    def test_6_12_runs_the_compat_path_and_libtapi_not_the_64_bit_kselftests(self):
        got = dict(sections(job_for(self.kernel("6.12"))))
        self.assertNotIn("tapi_line_events_test", got)
        self.assertNotIn("tapi_sim_config_test", got)
        self.assertIn("tapi_line_events_test_32", got)
        self.assertIn("tapi_call_states_test_32", got)
        self.assertIn("compliance-32", got)
        self.assertIn("libtapi-line_call_test_san", got)
        # the 32-bit runs leave out the slow signal tests, each in its program
        self.assertEqual(got["tapi_line_signals_test_32"],
                         "/tests/tapi_line_signals_test_32" +
                         "".join(f" -T {t}" for t in SLOW_SIGNAL_TESTS
                                 if program_of(t) == "tapi_line_signals_test"))

    def test_6_1_runs_the_clock_and_not_the_races(self):
        got = dict(sections(job_for(self.kernel("6.1"))))
        self.assertNotIn("tapi_sim_race_test", got)
        self.assertIn("tapi_sim_exchange_test", got)
        self.assertNotIn("-T clock_keeps_time", got["tapi_line_audio_test"])
        self.assertIn("-T faults_dropped_audio_is_silence_the_rest_exact",
                      got["tapi_line_audio_test"])

    def test_a_named_test_runs_on_any_kernel_in_its_program(self):
        for name in ("6.12", "unstable", "6.1"):
            got = dict(sections(job_for(self.kernel(name), ["clock_keeps_time"])))
            self.assertEqual(got["tapi_line_audio_test"],
                             "/tests/tapi_line_audio_test -t clock_keeps_time", name)
            self.assertEqual("tapi_line_audio_test_32" in got, name == "6.12")
        got = dict(sections(job_for(self.kernel("6.1"), ["tapi_sim_race_test"])))
        self.assertEqual(got["tapi_sim_race_test"], "/tests/tapi_sim_race_test")

    def test_every_test_the_runner_names_is_in_one_program(self):
        named = SLOW_SIGNAL_TESTS + SMOKE_LINE_TESTS + SMOKE_CALL_TESTS + LOWRES_TESTS + \
            DKMS_TESTS
        for t in named:
            self.assertEqual(1, sum(t in tests_of(p) for p in PROGRAMS), t)
        # a name is enough to find a test's program (--test)
        every = [t for p in PROGRAMS for t in tests_of(p)]
        self.assertEqual(len(every), len(set(every)))

    def test_every_program_is_built_and_runs_on_some_kernel(self):
        built = re.search(r"^SELFTESTS := ((?:.*\\\n)*.*)$",
                          (ROOT / "Makefile").read_text(), re.M).group(1)
        sources = {f.stem for f in (ROOT / "tests/selftests").glob("tapi_*_test.c")}
        self.assertEqual(set(built.replace("\\", " ").split()), sources)
        self.assertEqual(set(PROGRAMS), sources)
        ran = {b for name in KERNELS for b in binaries(job_for(self.kernel(name)))}
        self.assertEqual(set(PROGRAMS), {b.removesuffix("_32") for b in ran})

    def test_every_libtapi_program_is_built_and_runs_on_some_kernel(self):
        built = re.search(r"^LIBTAPI_TESTS := ((?:.*\\\n)*.*)$",
                          (ROOT / "Makefile").read_text(), re.M).group(1)
        sources = {f.stem for f in (ROOT / "tests/libtapi").glob("*_test.c")}
        self.assertEqual(set(built.replace("\\", " ").split()), sources)
        self.assertEqual({t.removesuffix("_san") for t in LIBTAPI_TESTS}, sources)
        ran = {t.removesuffix("_san") for name in KERNELS
               for t in re.findall(r"^/tests/(\w+)$", job_for(self.kernel(name)), re.M)}
        self.assertLessEqual(sources, ran)


if __name__ == "__main__":
    unittest.main()
