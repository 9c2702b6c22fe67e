# SPDX-License-Identifier: GPL-2.0-only
"""The kselftest programs (tests/selftests/): which tests each holds, and
the sections of a VM's job that run them."""

import functools
import re
import shlex

from .settings import ROOT

# One program per concern (the harness keeps a program's tests in one
# file), in the order a VM runs them. The line, call and phone programs
# also run 32-bit (Plan.bits32), through the compat ioctl path.
LINE_PROGRAMS = ("tapi_line_events_test", "tapi_line_audio_test", "tapi_line_signals_test",
                 "tapi_line_device_test")
CALL_PROGRAMS = ("tapi_call_states_test", "tapi_call_privilege_test", "tapi_call_info_test",
                 "tapi_call_media_test", "tapi_call_exchange_test", "tapi_phone_test")
# tapi_sim's configuration and exchange (Plan.sim); its races, judged by the
# debug kernel's reports, and its hook's timing (Plan.sim_races)
SIM_PROGRAMS = ("tapi_sim_config_test", "tapi_sim_exchange_test")
SIM_RACE_PROGRAM = "tapi_sim_race_test"
HARDEN_PROGRAM = "tapi_harden_test"
# /dev/utapi's contract, the test being the provider (32-bit too: the layout)
PROVIDER_PROGRAMS = ("tapi_utapi_test", "tapi_utapi_audio_test")
PROGRAMS = LINE_PROGRAMS + CALL_PROGRAMS + PROVIDER_PROGRAMS + SIM_PROGRAMS + \
    (SIM_RACE_PROGRAM, HARDEN_PROGRAM)
BITS32_PROGRAMS = LINE_PROGRAMS + CALL_PROGRAMS + PROVIDER_PROGRAMS

TEST = re.compile(r"^TEST(?:_F)?(?:_TIMEOUT)?\((?:\w+, )?(\w+)", re.M)


@functools.lru_cache(maxsize=None)
def tests_of(program):
    """The tests @program holds, as its source has them."""
    return tuple(TEST.findall((ROOT / "tests/selftests" / f"{program}.c").read_text()))


def program_of(test):
    """The program that holds kselftest @test, or None."""
    return next((p for p in PROGRAMS if test in tests_of(p)), None)


def wanted(names):
    """What @names (kselftests, or whole programs) ask to run: for each
    program concerned, in the order of PROGRAMS, its tests named (None: all
    of them). A name that is neither is left out (known() tells)."""
    want = {}
    for n in names:
        p = n if n in PROGRAMS else program_of(n)
        if p is not None and want.get(p, ()) is not None:
            want[p] = None if p == n else want.get(p, ()) + (n,)
    return {p: want[p] for p in PROGRAMS if p in want}


def known(name):
    return name in PROGRAMS or program_of(name) is not None


def section(program, bits32=False, only=None, skip=()):
    """The job's section that runs @program (its 32-bit build with
    @bits32): only its tests among @only (None: all; none of them: no
    section), none of its tests among @skip."""
    mine = tests_of(program)
    if only is not None:
        only = [t for t in only if t in mine]
        if not only:
            return ""
    name = program + ("_32" if bits32 else "")
    args = "".join(f" -t {shlex.quote(t)}" for t in only or ()) + \
        "".join(f" -T {shlex.quote(t)}" for t in skip if t in mine)
    return f'echo "@@tap {name}"\n/tests/{name}{args}\n'


def named_sections(names, bits32=False):
    """Sections running the kselftests (or programs) @names, 64-bit, and
    32-bit too with @bits32 where there is a 32-bit build."""
    want = wanted(names)
    return "".join(section(p, only=t) for p, t in want.items()) + \
        "".join(section(p, True, only=t) for p, t in want.items()
                if bits32 and p in BITS32_PROGRAMS)


def binaries(job):
    """The kselftest programs (by file name, 32-bit builds too) @job runs."""
    return sorted(set(re.findall(r"^/tests/(tapi_\w+_test(?:_32)?)\b", job, re.M)))
