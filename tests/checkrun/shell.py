# SPDX-License-Identifier: GPL-2.0-only
"""Running commands, and the Debian packages make check and make demo need."""

import os
import re
import shlex
import shutil
import subprocess

from .run import Fatal
from .settings import CACHE, LOGS, OUT, ROOT

PACKAGES = [
    "build-essential", "gcc-multilib", "bc", "bison", "flex", "libelf-dev",
    "libssl-dev", "dwarves", "cpio", "xz-utils", "kmod", "ccache", "sparse",
    "dkms", "qemu-system-x86", "linux-source-6.12",
    "python3", "perl", "clang", "libclang-rt-14-dev", "libspandsp-dev",
    "pkg-config", "espeak-ng", "sox", "libudev-dev", "libkmod-dev", "mingw-w64-common",
    "libsndfile1-dev", "libsamplerate0-dev", "groff-base",
]
DEMO_PACKAGES = [
    "build-essential", "bc", "bison", "flex", "libelf-dev", "dwarves", "cpio",
    "xz-utils", "kmod", "qemu-system-x86",
    # libtapi and tapictl (audio files), and the speech the demo plays
    "pkg-config", "libudev-dev", "libkmod-dev", "libsndfile1-dev", "libsamplerate0-dev",
    "espeak-ng",
]
# Kernels, busybox-static (for the VMs) and a kernel's headers are never
# installed but unpacked into the cache (tests/archive.py says why); nor may
# the packages above bring in anything that installs or boots a kernel.
HOST_CHANGING = re.compile(r"^(linux-(image|headers|kbuild|modules)-|initramfs-tools|"
                           r"dracut|grub|systemd-boot|shim-)")


def sh(cmd, log=None, check=False, env=None, cwd=None, timeout=None, input=None):
    """Run a command; return (returncode, combined output). Logs to LOGS/log."""
    if isinstance(cmd, str):
        cmd = ["bash", "-c", cmd]
    full_env = dict(os.environ, LC_ALL="C", DEBIAN_FRONTEND="noninteractive")
    if env:
        full_env.update(env)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=full_env, cwd=cwd, timeout=timeout, text=True,
                           errors="replace", input=input)
        rc, out = p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        rc = -1
        out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) \
            else (e.stdout or "")
        out += f"\n[timed out after {timeout} s]"
    if log:
        LOGS.mkdir(parents=True, exist_ok=True)
        (LOGS / log).write_text(" ".join(shlex.quote(c) for c in cmd) + "\n" + out)
    if check and rc != 0:
        raise Fatal(f"{' '.join(cmd)} failed ({rc}):\n{out[-3000:]}")
    return rc, out



def installed(pkg):
    rc, out = sh(["dpkg-query", "-W", "-f=${Status}", pkg])
    return rc == 0 and "install ok installed" in out


def apt_install(pkgs):
    missing = [p for p in pkgs if not installed(p)]
    if not missing:
        return []
    cmd = ["apt-get", "install", "-y", "--no-install-recommends"]
    _, plan = sh(cmd + ["-s"] + missing, log="apt-install-plan.log", check=True)
    bad = [l for l in plan.splitlines()
           if l.startswith("Remv ") or l.startswith("Inst ") and HOST_CHANGING.match(l[5:])]
    if bad:
        raise Fatal("installing " + " ".join(missing) + " would change the host's kernels "
                    "or remove packages, which make check must not do:\n" + "\n".join(bad))
    sh(cmd + missing, log="apt-install.log", check=True)
    return missing


def user_make(*args):
    """make for the userspace parts, through ccache when it is there: every
    object is compiled apart from its link (see the Makefile), so a warm run
    compiles only what changed. The cache is keyed on the preprocessed
    source and the flags, paths taken relative to the tree: another clone
    of the same sources reuses it."""
    cmd = ["make", "-C", str(ROOT), f"OUT={OUT}"]
    if shutil.which("ccache"):
        os.environ.update(CCACHE_DIR=str(CACHE / "ccache"), CCACHE_BASEDIR=str(ROOT),
                          CCACHE_NOHASHDIR="true")
        cmd += ["CC=ccache cc", "CLANG=ccache clang"]
    return cmd + list(args)


def stage_packages(pkgs):
    if os.geteuid() != 0:
        raise Fatal("make check installs packages and boots VMs: run it as root")
    # The archive moves (kernel ABIs above all): always look at today's.
    sh(["apt-get", "update"], log="apt-update.log", check=True)
    missing = apt_install(pkgs)
    print(f"   installed: {' '.join(missing) if missing else 'nothing missing'}")
