#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make check and make demo for TAPI for Linux.

  check.py check [--only STAGES] [--kernels NAMES] [--test NAME[,NAME...]]
  check.py demo

check installs the Debian packages it lacks, resolves the newest Debian 6.1,
6.12 and 6.12 PREEMPT_RT kernels and the newest of Debian unstable, builds
(and caches) a debug kernel, builds the modules for all five with sparse and
W=1, runs the host tests, boots each kernel under QEMU to run KUnit and the
kselftests, exercises DKMS, and ends with the line "N passed, N failed".
docs/testing.md explains each stage.
"""

import argparse
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the tree for the modules below
import archive                                              # noqa: E402
from checkrun.commands import cmd_bench_vm, cmd_check, cmd_demo   # noqa: E402
from checkrun import kselftests                             # noqa: E402
from checkrun.jobs import STRESS                            # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="build and run every test")
    c.add_argument("--only", help="comma-separated stages: host,vm,dkms (default: all)")
    kernels = ",".join(list(archive.DEBIAN_KERNELS) + ["debug"])
    c.add_argument("--kernels", default=kernels,
                   help=f"comma-separated kernels to test: {kernels}")
    c.add_argument("--test", help="run only this kselftest (its name, e.g. "
                   "ring_events_arrive_in_order_with_timestamps) or kselftest program (e.g. "
                   "tapi_line_events_test), 32-bit too where the kernel runs those, or "
                   "tapi-compliance alone (compliance) or one of its checks "
                   "(compliance.CHECK, e.g. compliance.events.overflow-is-reported-and-"
                   "counted), or the randomised stress alone (tapi_stress; debug and "
                   "6.12-rt kernels); several, comma-separated")
    c.add_argument("--keep", action="store_true", help="do not clear out/ first")
    sub.add_parser("demo", help="build and show the stack working")
    b = sub.add_parser("bench-vm", help="the 1 ms clock's accuracy and cost, and audio "
                       "latency, in a VM")
    b.add_argument("--kernel", default="6.12",
                   choices=sorted(archive.DEBIAN_KERNELS) + ["debug"])
    b.add_argument("--seconds", type=int, default=60)
    b.add_argument("--lines", default="4,64,512", help="line counts to measure at")
    args = ap.parse_args()
    for name in (args.test or "").split(",") if args.cmd == "check" else ():
        if name and not (name == STRESS or name.split(".")[0] == "compliance" or
                         kselftests.known(name)):
            ap.error(f"--test {name}: no kselftest or kselftest program of that name")
    return {"check": cmd_check, "demo": cmd_demo, "bench-vm": cmd_bench_vm}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
