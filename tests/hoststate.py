# SPDX-License-Identifier: GPL-2.0-only
"""What make check and make demo must leave as they found it on the host:
the installed kernel packages, what is in /boot and /lib/modules (what the
machine boots, and the modules it loads) and DKMS's own state (the modules
it builds for each new kernel, its signing key). Build tools they may
install.
"""

import difflib
import os
import subprocess

KERNEL_PACKAGES = ("linux-image-*", "linux-headers-*", "linux-kbuild-*", "linux-modules-*")
ROOTS = ("/boot", "/lib/modules", "/var/lib/dkms")


def packages():
    """The kernel packages dpkg knows, with their state and version."""
    p = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Package} ${Version}\n",
                        *KERNEL_PACKAGES], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True, env=dict(os.environ, LC_ALL="C"))
    return sorted(f"package {' '.join(l.split())}" for l in p.stdout.splitlines()
                  if l.strip())


def listing(top):
    """Every entry under @top: its type, size, modification time, link target."""
    if not os.path.lexists(top):
        return [f"{top}: absent"]
    lines = []
    # /lib is a link to /usr/lib on merged-/usr systems: list what it holds
    for d, dirs, files in os.walk(os.path.realpath(top)):
        dirs.sort()
        for name in [d] + sorted(os.path.join(d, f) for f in files) + \
                [os.path.join(d, x) for x in dirs if os.path.islink(os.path.join(d, x))]:
            st = os.lstat(name)
            kind = "l" if os.path.islink(name) else "d" if os.path.isdir(name) else "f"
            entry = f"{name} {kind} {st.st_size} {st.st_mtime_ns} {oct(st.st_mode)}"
            if kind == "l":
                entry += " -> " + os.readlink(name)
            lines.append(entry)
    return lines


def snapshot(roots=ROOTS, with_packages=True):
    lines = packages() if with_packages else []
    for top in roots:
        lines += listing(top)
    return lines


def differences(before, after, most=20):
    """The lines that differ (- before, + after), at most @most of them and
    a count: empty when nothing changed."""
    diff = [l for l in difflib.unified_diff(before, after, lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    if len(diff) > most:
        diff = diff[:most] + [f"... {len(diff)} changed lines in all"]
    return diff
