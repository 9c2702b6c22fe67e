# SPDX-License-Identifier: GPL-2.0-only
"""The kernels the VMs boot: Debian's, unpacked in the cache, and the debug
kernel built (and cached) from linux-source; the VMs' busybox."""

import fcntl
import hashlib
import re
import shutil
from dataclasses import dataclass

import archive
import srctree

from .run import Fatal
from .settings import CACHE, JOBS, ROOT
from .shell import apt_install, sh

# libtapi's test programs (tests/libtapi): those of its line and address
# translation functions, then the others. Each is built plain and, as
# NAME_san, with the library's code compiled in under ASan and UBSan.
LIBTAPI_LINE_PROGRAMS = ("line_init_test", "line_call_test", "line_sharing_test",
                         "line_media_test", "line_messages_test", "line_provider_test",
                         "translate_test", "locations_file_test")
LIBTAPI_PROGRAMS = LIBTAPI_LINE_PROGRAMS + ("config_test", "callbacks_test",
                                            "windows_programs_test", "wide_test",
                                            "location_test")


def plain_and_san(*programs):
    return tuple(b for p in programs for b in (p, p + "_san"))


@dataclass(frozen=True)
class Plan:
    """What one kernel's VM runs. A kernel the table below does not name gets
    these defaults: the 64-bit kselftests (kselftests.py: the line, call,
    phone, tapi_sim and harden programs) and tapi-compliance on a subscriber
    line."""
    lane: int = 0                   # where its VMs run: 0 the main thread, 1 or 2 a
    #                                 side thread (see cmd_check)
    selftests64: bool = True        # the line, call and phone programs, 64-bit
    bits32: bool = False            # the 32-bit kselftests and tapi-compliance_32
    slow_signal_tests: bool = True  # the kselftests that listen for seconds (jobs.py)
    sim: bool = True                # tapi_sim's configuration and exchange programs
    sim_races: bool = True          # tapi_sim_race_test: its races and hook timing
    harden: bool = True             # tapi_harden_test
    compliance_trunk: bool = False  # tapi-compliance on a trunk as well
    libtapi: tuple = ()             # libtapi's tests (tests/libtapi)
    examples: bool = False          # the example applications' tests
    stress: bool = False            # the randomised stress (tapi_stress)
    lowres: bool = False            # a second VM without high-resolution timers
    smoke: bool = False             # only the smoke set (jobs.SMOKE_*), nothing above
    dkms: bool = True               # a DKMS build, booted


# Which kernel runs what. The core, the DSP, the exchange and the library
# are the same code on every kernel, so each test runs where it tells most,
# and the three lanes (the main thread after the builds and host tests,
# two side threads from the start) end at about the same time. The debug
# kernel also runs KUnit and a kmemleak scan, which only its build has.
KERNELS = {
    # KASAN, lockdep, kmemleak and UBSAN judge the races (tapi_harden_test,
    # tapi_sim's, the stress); config_test_san loads and unloads tapi_sim
    # through the library (the kernel's own tests cover the calls' ioctls).
    # The DKMS stage follows it in its lane.
    "debug": Plan(lane=1, libtapi=("config_test_san",), stress=True, dkms=False),
    # PREEMPT_RT: every 64-bit kselftest and the stress, where a spinlock
    # taken in hard interrupt context or a sleep in atomic context is a bug
    # the kernel reports (the console check fails the run)
    "6.12-rt": Plan(lane=2, stress=True),
    # the oldest kernel, after the RT kernel: the examples instead of the
    # races and the slow signal tests (it keeps the clock's), and libtapi's
    # newer tests plain, against the shared library as installed
    "6.1": Plan(lane=2, slow_signal_tests=False, sim_races=False, harden=False,
                examples=True, libtapi=("callbacks_test", "windows_programs_test",
                                        "wide_test", "location_test")),
    # the compat ioctl path (compat_ptr_ioctl into the same handlers), the
    # trunk, libtapi's tests under ASan+UBSan (the library compiled in) and
    # its older ones plain too, the 4 ms tick; the 64-bit
    # kselftests of 6.12's code run on the debug and RT kernels
    "6.12": Plan(selftests64=False, bits32=True, sim=False, harden=False,
                 compliance_trunk=True,
                 libtapi=plain_and_san(*LIBTAPI_LINE_PROGRAMS) +
                 ("config_test", "callbacks_test_san", "windows_programs_test_san",
                  "wide_test_san", "location_test_san"), lowres=True),
    # the development suite's newest kernel: does it build, boot, load the
    # modules, make a call, carry audio and let the driver go
    "unstable": Plan(smoke=True),
}

# Kernels booted in the order they are listed in their lane.
LANE_ORDER = ("debug", "6.12-rt", "6.1", "6.12", "unstable")
# The DKMS stage's lane: after the debug VM.
DKMS_LANE = 1


def plan(k):
    """What kernel @k (a fetch_kernel() or debug_kernel() dict) runs."""
    return KERNELS.get(k["name"], Plan())


# The Debian kernels make check fetches (the newest of each series), in the
# order it fetches them.
DEBIAN_SERIES = tuple(archive.DEBIAN_KERNELS)

_suites = {}


def suite_sh(suite):
    """sh with apt reading Debian's @suite (None: the host's own sources)."""
    if suite and suite not in _suites:
        _suites[suite] = archive.private_apt(CACHE / "apt" / suite, suite, sh)
    return _suites[suite] if suite else sh


def fetch_kernel(series):
    """The newest Debian kernel of @series, its image (for booting) and its
    headers (for building) unpacked in the cache, nothing installed. A kernel
    of another suite than the host's is found through a private apt
    configuration and built for in a tree prepared from its source, with a
    sparse its headers accept (tests/srctree.py)."""
    suite = archive.DEBIAN_KERNELS[series][1]
    try:
        ash = suite_sh(suite)
        kver, image = archive.newest_image(series, ash)
        kdir, vmlinuz, configfs, tools = archive.kernel(kver, image, CACHE / "debian", ash)
        k = {"name": series, "kver": kver, "kdir": kdir, "image": vmlinuz,
             "configfs": configfs, "debug": False, "suite": suite}
        if suite:
            k["headers"] = kdir
            k["kdir"], k["config_differences"] = srctree.source_tree(
                kver, kdir, CACHE / "source", ash, sh)
            k["sparse"] = srctree.checker(k["kdir"], CACHE / "sparse", ash, sh)
    except archive.ArchiveError as e:
        raise Fatal(str(e)) from e
    if not suite:
        apt_install(tools)      # what the headers need on the host: gcc-12, pahole
    return k


_busybox = []


def busybox():
    """The VMs' busybox, from busybox-static unpacked in the cache (installing
    it would replace the host's busybox and rebuild its initramfs)."""
    if not _busybox:
        try:
            _busybox.append(archive.busybox(CACHE / "busybox", sh))
        except archive.ArchiveError as e:
            raise Fatal(str(e)) from e
    return _busybox[0]


def fragment_options(text):
    opts = {}
    for line in text.splitlines():
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
        if m:
            opts[m.group(1)] = m.group(2)
        m = re.match(r"^# (CONFIG_\w+) is not set", line)
        if m:
            opts[m.group(1)] = None
    return opts


def debug_key():
    """The debug kernel's cache key (its inputs), and the linux-source version."""
    fragment = (ROOT / "tests/vm/debug.config").read_text()
    _, srcver = sh(["dpkg-query", "-W", "-f=${Version}", "linux-source-6.12"])
    _, gccver = sh(["gcc", "--version"])
    key = hashlib.sha256((srcver + "\0" + fragment + "\0" + gccver.splitlines()[0])
                         .encode()).hexdigest()[:16]
    return key, srcver


def cached_debug_src():
    """The debug kernel's source tree if it is built and cached, else None
    (for the unit tests, which must not build it)."""
    top = CACHE / "debug" / debug_key()[0]
    return top / "src" if (top / "ok").exists() else None


def debug_kernel():
    """Build (or reuse) the debug kernel, cached outside the clone by its inputs."""
    fragment = (ROOT / "tests/vm/debug.config").read_text()
    key, srcver = debug_key()
    base = CACHE / "debug"
    top = base / key
    src, build = top / "src", top / "build"
    # Two runs on one machine (two clones) must not build, or delete, the
    # same tree at once: the second waits for the first's build here.
    CACHE.mkdir(parents=True, exist_ok=True)
    lock = open(CACHE / "debug.lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    if (top / "ok").exists():
        print(f"   cached: linux-source {srcver}, key {key}")
    else:
        print(f"   building from linux-source {srcver}, key {key}")
        if base.exists():
            shutil.rmtree(base)        # an older key: its inputs are gone
        src.mkdir(parents=True)
        build.mkdir()
        sh(["tar", "xf", "/usr/src/linux-source-6.12.tar.xz", "-C", str(src),
            "--strip-components=1"], check=True, log="debug-extract.log")
        make = ["make", "-C", str(src), f"O={build}"]
        sh(make + ["allnoconfig"], check=True, log="debug-config.log")
        frag = top / "fragment.config"
        frag.write_text(fragment)
        sh([str(src / "scripts/kconfig/merge_config.sh"), "-m", "-O", str(build),
            str(build / ".config"), str(frag)], check=True, log="debug-merge.log")
        sh(make + ["olddefconfig"], check=True, log="debug-olddefconfig.log")
        got = fragment_options((build / ".config").read_text())
        bad = [f"{k}={v} (got {got.get(k)})" for k, v in fragment_options(fragment).items()
               if got.get(k) != v and not (v is None and k not in got)]
        if bad:
            raise Fatal("debug kernel config lacks: " + ", ".join(bad))
        # BASEDIR makes ccache hash paths relative to the key's directory, so a
        # new key (a new source version) still reuses every unchanged object.
        env = {"CCACHE_DIR": str(CACHE / "ccache"), "CCACHE_BASEDIR": str(top)}
        cc = "ccache gcc" if shutil.which("ccache") else "gcc"
        rc, out = sh(make + [f"-j{int(JOBS) + 1}", f"CC={cc}", "bzImage", "modules",
                             "modules_prepare"], env=env, log="debug-build.log")
        if rc:
            raise Fatal("debug kernel build failed:\n" + out[-3000:])
        (top / "ok").write_text(srcver + "\n")
    lock.close()
    _, release = sh(["make", "-s", "-C", str(src), f"O={build}", "kernelrelease"])
    return {"name": "debug", "kver": release.strip().splitlines()[-1],
            "kdir": build, "image": build / "arch/x86/boot/bzImage", "debug": True,
            "src": src}
