# SPDX-License-Identifier: GPL-2.0-only
"""make check, make demo and make bench-vm: tests/check.py is the entry point.

  settings   where it works: the tree, out/, the cache
  run        results, stages, the summary
  shell      running commands; the Debian packages
  kernels    the kernels and what runs on each; the debug kernel; busybox
  builds     the modules and the userspace
  hosttests  the tests that need no VM
  parsers    TAP, KTAP, console reports, a VM job's sections
  jobs       the shell scripts the VMs run
  vm         initramfs, boot, the evidence of one VM run
  dkms       DKMS into a scratch tree
  commands   check, demo, bench-vm
"""

import sys

sys.dont_write_bytecode = True     # no __pycache__ in the tree
