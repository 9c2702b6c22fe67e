#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""make check and make demo for TAPI for Linux.

  check.py check [--only STAGES] [--kernels NAMES] [--test NAME]
  check.py demo

check installs the Debian packages it lacks, resolves the newest Debian 6.1
and 6.12 kernels, builds (and caches) a debug kernel, builds the modules for
all three with sparse and W=1, runs the host tests, boots each kernel under
QEMU to run KUnit and the kselftests, exercises DKMS, and ends with the line
"N passed, N failed". docs/testing.md explains each stage.
"""

import argparse
import contextlib
import fcntl
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

sys.dont_write_bytecode = True     # no __pycache__ in the tree for the modules below
import archive      # noqa: E402
import hoststate    # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("TAPI_OUT", ROOT / "out"))
CACHE = Path(os.environ.get("TAPI_CACHE", "/var/cache/tapi-check"))
LOGS = OUT / "logs"
JOBS = str(os.cpu_count() or 2)

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

# What a kernel console must never say during a test run.
KERNEL_REPORT = re.compile(
    r"BUG:|WARNING:|Oops|Kernel panic|kernel BUG at|general protection fault|"
    r"KASAN:|UBSAN:|possible circular locking|possible recursive locking|"
    r"inconsistent lock state|Invalid wait context|"
    r"kmemleak: .*new suspected|INFO: task .* blocked|"
    r"sleeping function called from invalid context|"
    r"scheduling while atomic|list_(add|del) corruption|"
    r"ODEBUG:|stack-protector|refcount_t:|rcu: INFO: .*detected stalls|"
    r"soft lockup|hard LOCKUP")

BEGIN_MARK = "TAPI-VM-BEGIN"
END_MARK = re.compile(r"^TAPI-VM-END rc=(\d+)")
TAP_LINE = re.compile(r"^(not )?ok (\d+) (.*?)(?:\s+#\s*(SKIP|skip|TODO)\b\s*(.*))?$")
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ?")


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

    def merge(self, other, stage, dt):
        """Print what @other (a BufferedRun of one stage) saw, and count it."""
        print(f"\n== {stage}", flush=True)
        for line in other.lines:
            self.say(line)
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.failures += other.failures
        self.stages.append((stage, dt))
        print(f"   [{stage}: {dt:.1f} s]", flush=True)

    @contextlib.contextmanager
    def stage(self, name):
        print(f"\n== {name}", flush=True)
        t0 = time.monotonic()
        try:
            yield
        except Fatal as e:
            self.record(f"{name}", False, str(e))
        finally:
            dt = time.monotonic() - t0
            self.stages.append((name, dt))
            print(f"   [{name}: {dt:.1f} s]", flush=True)

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


# ---------------------------------------------------------------- packages

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


def fetch_kernel(series):
    """The newest Debian kernel of @series, its image (for booting) and its
    headers (for building) unpacked in the cache, nothing installed."""
    try:
        kver, image = archive.newest_image(series, sh)
        kdir, vmlinuz, configfs, tools = archive.kernel(kver, image, CACHE / "debian", sh)
    except archive.ArchiveError as e:
        raise Fatal(str(e)) from e
    apt_install(tools)      # what the headers need on the host: gcc-12, pahole
    return {"name": series, "kver": kver, "kdir": kdir, "image": vmlinuz,
            "configfs": configfs, "debug": False}


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


def host_state_unchanged(run, before, what):
    """The host's kernel packages, /boot, /lib/modules and DKMS's state as they were."""
    diff = hoststate.differences(before, hoststate.snapshot())
    run.record(f"host: {what} left the host's kernel packages, /boot, /lib/modules and "
               "/var/lib/dkms as it found them", not diff, "\n".join(diff))
    return not diff


def host_state_check(run):
    """The comparison above sees a change, and only a change."""
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp, "sub/vmlinuz")
        f.parent.mkdir()
        f.write_bytes(b"1")
        snap = lambda: hoststate.snapshot([tmp, f"{tmp}/absent"], with_packages=False)
        a = snap()
        same = hoststate.differences(a, snap())
        f.write_bytes(b"22")
        Path(tmp, "absent").mkdir()
        diff = hoststate.differences(a, snap())
    run.record("host: the host-state comparison sees a changed file and a new "
               "directory, and nothing when nothing changed",
               not same and any(str(f) in l for l in diff) and
               any(l.startswith(f"-{tmp}/absent: absent") for l in diff),
               "\n".join(same + diff))


# ---------------------------------------------------------------- debug kernel

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


def debug_kernel():
    """Build (or reuse) the debug kernel, cached outside the clone by its inputs."""
    fragment = (ROOT / "tests/vm/debug.config").read_text()
    _, srcver = sh(["dpkg-query", "-W", "-f=${Version}", "linux-source-6.12"])
    _, gccver = sh(["gcc", "--version"])
    key = hashlib.sha256((srcver + "\0" + fragment + "\0" + gccver.splitlines()[0])
                         .encode()).hexdigest()[:16]
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


# ---------------------------------------------------------------- builds

# tests/dsp holds the vectors the KUnit suites share with the host tests.
MODULE_SOURCES = ["Kbuild", "dkms.conf", "kernel", "uapi", "tests/kunit", "tests/dsp"]


def copy_module_tree(dest):
    if dest.exists():
        shutil.rmtree(dest)
    for rel in MODULE_SOURCES:
        s, d = ROOT / rel, dest / rel
        d.parent.mkdir(parents=True, exist_ok=True)
        if s.is_dir():
            shutil.copytree(s, d, ignore=shutil.ignore_patterns(
                "*.o", "*.ko", "*.cmd", "*.mod", "*.mod.c", "modules.order"))
        else:
            shutil.copy(s, d)


def build_modules(run, k):
    """Build the modules for one kernel in its own tree: C=2 and W=1, warnings fail."""
    tree = OUT / "kmod" / k["name"]
    copy_module_tree(tree)
    rc, out = sh(["make", "-C", str(k["kdir"]), f"M={tree}", "C=2", "W=1",
                  "KCFLAGS=-Werror", f"-j{JOBS}", "modules"],
                 log=f"build-modules-{k['name']}.log")
    noise = [l for l in out.splitlines()
             if re.search(r"warning|error|Warning|WARNING|ERROR", l)]
    mods = {"tapi": tree / "kernel/tapi.ko",
            "tapi_sim": tree / "kernel/drivers/sim/tapi_sim.ko"}
    if k["debug"]:
        mods["tapi_kunit"] = tree / "tests/kunit/tapi_kunit.ko"
    missing = [str(p) for p in mods.values() if not p.exists()]
    if k.get("configfs"):
        mods["configfs"] = k["configfs"]    # the VM's init loads it first
    ok = rc == 0 and not noise and not missing
    run.record(f"build: modules for {k['name']} ({k['kver']}), sparse C=2, W=1, "
               "no warnings", ok, "\n".join(noise or missing) or out[-2000:])
    return mods if rc == 0 and not missing else None


def build_userspace(run, ksft_dir):
    rc, out = sh(user_make(f"KSFT_DIR={ksft_dir}", f"-j{JOBS}", "tools", "compliance",
                           "selftests", "libtapi", "libtapi-tests", "examples", "demo-audio"),
                 log="build-userspace.log")
    run.record("build: userspace tools, tapi-compliance and the selftests (64 and 32 bit), "
               "libtapi.so and its tests (also ASan+UBSan), the examples, -Wall -Wextra "
               "-Werror", rc == 0, out[-3000:])
    if rc == 0:
        libtapi_exports(run)
    return rc == 0


def libtapi_exports(run):
    """libtapi exports TAPI's names only, versioned, as docs/libtapi.md's table says."""
    rc, out = sh(f"nm -D --defined-only {OUT}/libtapi/libtapi.so | "
                 "awk '$2 == \"T\" { print $3 }'")
    names = set(out.split())
    bad = [n for n in names if not n.endswith("@@LIBTAPI_1")]
    run.record("build: libtapi exports only TAPI's names, versioned LIBTAPI_1",
               rc == 0 and names and not bad, " ".join(sorted(bad)) or out[-500:])
    table = re.findall(r"^\| (\w+) \| (implemented, tested|not yet) \|",
                       (ROOT / "docs/libtapi.md").read_text(), re.M)
    marked = {f for f, state in table if state.startswith("implemented")}
    exported = {n.split("@")[0] for n in names}
    listed = {f for f, _ in table}
    plain = {n[:-1] if n[-1] in "AW" and n[:-1] in listed else n for n in exported}
    # a ...W form is named in its function's row
    rows = dict(re.findall(r"^\| (\w+) \| implemented, tested \| ([^|]*)\|",
                           (ROOT / "docs/libtapi.md").read_text(), re.M))
    diff = [f"{f}: exported, table says not yet" for f in sorted(plain - marked)] + \
           [f"{f}: table says implemented, not exported" for f in sorted(marked - plain)] + \
           [f"{n}: exported, its row does not name it" for n in sorted(exported)
            if n.endswith("W") and n[:-1] in listed and n not in rows.get(n[:-1], "")]
    run.record("docs: the coverage table lists the 145 functions and agrees with "
               "libtapi's exports", len(table) == 145 and not diff,
               f"{len(table)} rows\n" + "\n".join(diff))
    # every test the table names exists in libtapi's tests
    sources = "".join(f.read_text() for f in sorted((ROOT / "tests/libtapi").glob("*.c")))
    tests = set(re.findall(r"^TEST(?:_F(?:_TIMEOUT)?)?\((?:\w+, )?(\w+)", sources, re.M))
    named = re.findall(r"^\| (\w+) \| implemented, tested \| ([^|]*)\|",
                       (ROOT / "docs/libtapi.md").read_text(), re.M)
    missing = [f"{f}: {t}" for f, names in named
               for t in re.findall(r"\w+", re.sub(r"\([^)]*\)", "", names))
               if t not in tests]
    run.record("docs: each test the coverage table names is one of libtapi's tests",
               named and not missing, "\n".join(missing) or f"{len(tests)} tests")
    rc, out = sh(["readelf", "-d", str(OUT / "libtapi/libtapi.so")])
    run.record("build: libtapi.so's soname is libtapi.so.1",
               "[libtapi.so.1]" in out, out[-800:])


# ---------------------------------------------------------------- host tests

LICENCES = {
    "kernel/": "GPL-2.0-only",
    "uapi/": "GPL-2.0 WITH Linux-syscall-note",
    "libtapi/": "LGPL-2.1-or-later",
    "examples/": "LGPL-2.1-or-later",
    "tests/examples/": "LGPL-2.1-or-later",
}


def project_files():
    """The project's own files: git's view, or a walk of the tree without git."""
    rc, out = sh(["git", "-C", str(ROOT), "ls-files", "--cached", "--others",
                  "--exclude-standard"])
    if rc == 0:
        return [f for f in out.splitlines() if f and (ROOT / f).is_file()]
    built = re.compile(r"(\.(o|ko|mod|mod\.c|cmd|a|symvers|order|d)$)|^\.module-common")
    files = []
    for d, dirs, names in os.walk(ROOT):
        dirs[:] = [x for x in dirs if x not in (".git", "out")]
        files += [str(Path(d, n).relative_to(ROOT)) for n in names
                  if not built.search(n) and not n.startswith(".") or n == ".gitignore"]
    return sorted(files)


def host_dsp(run, ksft_dir):
    """The DSP's host tests: the files of kernel/dsp, plain and under sanitizers."""
    rc, out = sh(user_make(f"KSFT_DIR={ksft_dir}", f"-j{JOBS}", "dsp-tests"),
                 log="build-dsp-tests.log")
    run.record("build: DSP host tests (plain, and ASan+UBSan)", rc == 0, out[-3000:])
    if rc:
        return
    # synthetic speech for the tests that want real-ish speech (cached)
    talkoff = CACHE / "talkoff"
    rc, out = sh([str(ROOT / "tests/dsp/talkoff-corpus.sh"), str(talkoff)],
                 log="talkoff-corpus.log")
    run.record("build: speech corpus (espeak-ng, sox)", rc == 0, out[-2000:])
    for flavour, label in (("dsp", "dsp"), ("dsp-san", "dsp asan+ubsan")):
        for t in sorted((OUT / flavour).glob("test_*")):
            rc, out = sh([str(t)], log=f"{flavour}-{t.name}.log", timeout=600,
                         env={"ASAN_OPTIONS": "detect_leaks=1:abort_on_error=1",
                              "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1",
                              "TAPI_TALKOFF": str(talkoff)})
            record_tap(run, f"{label}/{t.name}", out.splitlines())
            if rc and not any(l.startswith("not ok") for l in out.splitlines()):
                run.record(f"{label}/{t.name}: exits cleanly", False, out[-3000:])


FUZZ_SECONDS = int(os.environ.get("TAPI_FUZZ_SECONDS", "10"))


def host_benchmarks(run):
    """Benchmarks are run by make bench; here they are only built, so they cannot rot."""
    rc, out = sh(user_make(f"-j{JOBS}", "benchmarks"),
                 log="build-benchmarks.log")
    run.record("build: DSP benchmarks (make bench runs them)", rc == 0, out[-3000:])


def host_fuzz(run):
    """A short run of every fuzz target; the corpus grows in the cache across runs."""
    rc, out = sh(user_make(f"-j{JOBS}", "fuzzers"),
                 log="build-fuzzers.log")
    run.record("build: fuzz targets (libFuzzer, ASan+UBSan)", rc == 0, out[-3000:])
    if rc:
        return
    for f in sorted((OUT / "fuzz").glob("fuzz_*")):
        corpus = CACHE / "fuzz-corpus" / f.name
        corpus.mkdir(parents=True, exist_ok=True)
        rc, out = sh([str(f), f"-max_total_time={FUZZ_SECONDS}", "-rss_limit_mb=2048",
                      "-timeout=10", "-print_final_stats=1", str(corpus)],
                     cwd=str(OUT / "fuzz"), log=f"{f.name}.log", timeout=FUZZ_SECONDS + 120)
        runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
        crashed = re.search(r"ERROR: libFuzzer|SUMMARY: \w+Sanitizer|==\d+==ERROR", out)
        run.record(f"fuzz: {f.name} for {FUZZ_SECONDS} s "
                   f"({runs.group(1) if runs else '?'} inputs), no crash or sanitizer report",
                   rc == 0 and not crashed, out[-3000:])


def host_udev_rules(run):
    """The udev rules give line devices to group tapi, mode 0660, and stable
    names (udev applies them; the VMs check what the permissions do)."""
    rules = (ROOT / "udev/60-tapi.rules").read_text()
    active = "\n".join(l for l in rules.splitlines() if not l.lstrip().startswith("#"))
    want = ['SUBSYSTEM!="tapi"', 'GROUP="tapi"', 'MODE="0660"',
            'SYMLINK+="tapi/by-number/$attr{address}"',
            'SYMLINK+="tapi/by-driver/$attr{driver_name}-%n"']
    missing = [w for w in want if w not in active]
    run.record("host: udev rules give group tapi, mode 0660 and stable names", not missing,
               "missing: " + ", ".join(missing))


def host_dsp_rules(run):
    """The DSP's kernel rules, checked mechanically: no floating point (a
    64-bit build with -mgeneral-regs-only, like the kernel's, makes any an
    error; on i386 it would still allow x87) and no 64-bit division but
    through dsp_div_u64() (a 32-bit build must not call libgcc's helpers,
    which a 32-bit kernel can't link)."""
    with tempfile.TemporaryDirectory() as tmp:
        for f in (ROOT / "kernel/dsp").glob("*.[ch]"):
            shutil.copy(f, tmp)
        hdr = Path(tmp, "dsp.h")
        text = hdr.read_text()
        inline = "static inline u64 dsp_div_u64(u64 n, u32 d)\n{\n\treturn n / d;\n}"
        if inline not in text:
            run.record("host: DSP rules check found dsp_div_u64's userspace form", False)
            return
        hdr.write_text(text.replace(inline, "u64 ext_div_u64(u64 n, u32 d);\n"
                                    "static inline u64 dsp_div_u64(u64 n, u32 d)\n"
                                    "{\n\treturn ext_div_u64(n, d);\n}"))
        for c in sorted(Path(tmp).glob("*.c")):
            obj = c.with_suffix(".o")
            flags = ["-O2", "-std=gnu11", "-mgeneral-regs-only", "-ffreestanding",
                     "-Wall", "-Wextra", "-Werror", "-c", str(c), "-o", str(obj)]
            rc, out = sh(["gcc", "-m64"] + flags)
            if rc == 0:
                rc, out = sh(["gcc", "-m32"] + flags)
            if rc == 0:
                _, syms = sh(["nm", str(obj)])
                bad = re.findall(r"__u?(?:div|mod)di3", syms)
                if bad:
                    rc, out = 1, f"calls {', '.join(sorted(set(bad)))}: use dsp_div_u64()"
            run.record(f"host: kernel/dsp/{c.name} has no floating point and no bare "
                       "64-bit division", rc == 0, out)


def host_spdx(run):
    bad = []
    for f in project_files():
        head = (ROOT / f).read_text(errors="replace").splitlines()[:3]
        m = next((re.search(r"SPDX-License-Identifier: (.+?)\s*(\*/|-->)?$", l)
                  for l in head if "SPDX-License-Identifier" in l), None)
        if not m:
            bad.append(f"{f}: no SPDX line in its first three lines")
            continue
        for prefix, lic in LICENCES.items():
            if f.startswith(prefix) and m.group(1) != lic:
                bad.append(f"{f}: {m.group(1)}, expected {lic}")
    run.record("host: every file carries the right SPDX licence line", not bad,
               "\n".join(bad))


def host_uapi(run):
    test = ROOT / "tests/host/uapi_layout.c"
    for bits in ("64", "32"):
        rc, out = sh(["gcc", f"-m{bits}", "-std=c11", "-Wall", "-Wextra", "-Werror",
                      "-Wpadded", "-I", str(ROOT / "uapi"), "-fsyntax-only", str(test)])
        run.record(f"host: uapi struct layout pinned and padding-free ({bits}-bit)",
                   rc == 0, out)
    rc, out = sh(f"echo '#include <linux/tapi.h>' | g++ -x c++ -std=c++11 -Wall -Wextra "
                 f"-Werror -I {ROOT}/uapi -fsyntax-only -")
    run.record("host: uapi header compiles on its own as C++", rc == 0, out)


def host_tapi_header(run):
    """libtapi's <tapi.h> against the Windows SDK's names and values (mingw-w64)."""
    # and what docs/porting.md says of NULL handles and UNICODE
    for script in ("tapi_header_check.py", "porting_check.py"):
        rc, out = sh([sys.executable, str(ROOT / "tests/host" / script),
                      str(ROOT / "libtapi/include")])
        lines = out.splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"^(ok|FAIL): (.*)$", line)
            if m:
                detail = "\n".join(l for l in lines[i + 1:i + 40]
                                   if not re.match(r"^(ok|FAIL): ", l))
                run.record(f"host: <tapi.h>: {m.group(2)}", m.group(1) == "ok",
                           detail if m.group(1) == "FAIL" else "")
        if not any(re.match(r"^(ok|FAIL): ", l) for l in lines):
            run.record(f"host: <tapi.h> checked by {script}", False, out[-2000:])
    for label, args in (("C11, 64-bit", ["gcc", "-m64", "-x", "c", "-std=c11"]),
                        ("C11, 32-bit", ["gcc", "-m32", "-x", "c", "-std=c11"]),
                        ("C++11", ["g++", "-x", "c++", "-std=c++11"])):
        rc, out = sh(args + ["-pedantic", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                             "-I", str(ROOT / "libtapi/include"), "-"],
                     input="#include <tapi.h>\n")
        run.record(f"host: <tapi.h> compiles on its own as {label}, -pedantic -Werror",
                   rc == 0, out)


def host_version(run):
    dk = re.search(r'PACKAGE_VERSION="([^"]+)"', (ROOT / "dkms.conf").read_text()).group(1)
    bad = []
    for f in project_files():
        if f.startswith("kernel/") and f.endswith(".c"):
            m = re.search(r'MODULE_VERSION\("([^"]+)"\)', (ROOT / f).read_text())
            if m and m.group(1) != dk:
                bad.append(f"{f}: MODULE_VERSION {m.group(1)}, dkms.conf {dk}")
    run.record("host: module versions match dkms.conf", not bad, "\n".join(bad))


def host_checkpatch(run, src):
    tool = b"".join((src / "scripts" / n).read_bytes()
                    for n in ("checkpatch.pl", "spelling.txt", "const_structs.checkpatch"))
    files = [f for f in project_files()
             if f.endswith((".c", ".h")) and f.startswith(("kernel/", "uapi/", "tests/kunit/"))]
    for f in files:
        args = [str(src / "scripts/checkpatch.pl"), "--strict", "--no-tree",
                "--terse", "--show-types", "-f", str(ROOT / f)]
        if f.endswith("tapi_compat.h"):
            # The one place version checks belong (see the file).
            args[1:1] = ["--ignore", "LINUX_VERSION_CODE,CONSTANT_COMPARISON"]
        if f == "kernel/dsp/dsp.h":
            # Its userspace branch defines the kernel's type names from stdint.
            args[1:1] = ["--ignore", "PREFER_KERNEL_TYPES"]
        if f.endswith("dsp_exports.c"):
            # The DSP's files take no kernel headers, so their exports live apart.
            args[1:1] = ["--ignore", "EXPORT_SYMBOL"]
        # A file checkpatch passed is not checked again while neither it, the
        # arguments nor checkpatch.pl change: the cache keeps passes only.
        key = hashlib.sha256("\0".join(args[1:-1] + [f]).encode() + tool +
                             (ROOT / f).read_bytes()).hexdigest()
        stamp = CACHE / "checkpatch" / key
        if stamp.exists():
            run.record(f"checkpatch --strict: {f} (passed before, unchanged)", True)
            continue
        rc, out = sh(args)
        run.record(f"checkpatch --strict: {f}", rc == 0, out)
        if rc == 0:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()


def console_reports(text):
    """Lines of a kernel console that report a kernel problem."""
    return [l for l in text.splitlines() if KERNEL_REPORT.search(l)]


def boot_reports(text):
    """Reports the kernel printed while booting, before it ran the VM's /init."""
    before = text.split("Run /init as init process", 1)
    return console_reports(before[0]) if len(before) == 2 else []


# Samples of each kind of report the console scan must catch, and of a clean
# boot it must pass: the scanner is itself tested, or it could fail silently.
SCANNER_SAMPLES = {
    "BUG": "[ 1.0] BUG: unable to handle page fault for address: 0000",
    "WARNING": "[ 1.0] WARNING: CPU: 0 PID: 1 at kernel/core/line.c:10 f+0x1/0x2 [tapi]",
    "Oops": "[ 1.0] Oops: general protection fault, probably for non-canonical address",
    "KASAN": "[ 1.0] BUG: KASAN: slab-use-after-free in tapi_read+0x10/0x20 [tapi]",
    "UBSAN": "[ 1.0] UBSAN: array-index-out-of-bounds in kernel/core/event.c:40:3",
    "lockdep": "[ 1.0] WARNING: possible circular locking dependency detected",
    "lockdep-wait": "[ 1.0] [ BUG: Invalid wait context ]",
    "atomic-sleep": "[ 1.0] BUG: sleeping function called from invalid context at x.c:1",
    "kmemleak": "[ 1.0] kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
    "hung-task": "[ 1.0] INFO: task cat:12 blocked for more than 120 seconds.",
    "rcu-stall": "[ 1.0] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:",
    "soft-lockup": "[ 1.0] watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [sh:1]",
    "panic": "[ 1.0] Kernel panic - not syncing: Fatal exception",
}
CLEAN_SAMPLE = """[    0.000000] Linux version 6.12.0 (gcc 12) #1 SMP PREEMPT
[    0.510000] tapi: TAPI for Linux core, API 1.0
[    0.520000] tapi_sim: loading out-of-tree module taints kernel.
[    0.600000] KTAP version 1
[    0.600001]     ok 1 evq_fifo_order
[    0.700000] reboot: Restarting system"""


def host_scanner(run):
    for kind, line in SCANNER_SAMPLES.items():
        run.record(f"host: console scan catches {kind}", bool(console_reports(line)), line)
    run.record("host: console scan passes a clean log", not console_reports(CLEAN_SAMPLE),
               "\n".join(console_reports(CLEAN_SAMPLE)))
    early = SCANNER_SAMPLES["KASAN"] + "\n[ 1.1] Run /init as init process\n"
    late = "[ 1.1] Run /init as init process\n" + SCANNER_SAMPLES["KASAN"]
    run.record("host: console scan tells boot-time reports from later ones",
               len(boot_reports(early)) == 1 and not boot_reports(late)
               and console_reports(late), "")


def host_tapictl(run):
    tool = OUT / "tapictl"
    cases = [
        (["--help"], 0, "Usage: tapictl"),
        ([], 2, "Usage: tapictl"),
        (["frobnicate"], 2, "unknown command"),
        (["info", "not-a-device"], 2, "not a line device name"),
        (["info", "/dev/tapi4000"], 3, "no such line device"),
        (["info", "/dev/tapiphone4000"], 3, "No such file"),
        (["status", "tapiphone0"], 2, "status is for line devices"),
        (["watch", "tapi0", "-c", "x"], 2, "bad -c value"),
        (["call", "tapi0"], 2, "Usage: tapictl"),
        (["call", "tapi0", "1002", "-h", "-1"], 2, "bad -h value"),
        (["call", "/dev/tapi4000", "1002"], 3, "no such line device"),
        (["call", "tapi0", "1002", "-d", "12x"], 2, "bad DTMF digits"),
        (["dtmf", "tapi0", "5e"], 2, "bad DTMF digits"),
        (["record", "tapi0"], 2, "Usage: tapictl"),
        (["answer", "tapi0", "-D", "0"], 2, "bad -D value"),
        (["call", "tapi0", "1002", "-p", "/nonexistent.wav"], 5, "No such file"),
        (["compare", "/nonexistent.wav", "/nonexistent.wav"], 5, "nonexistent.wav"),
        (["sim", "add", "x/y", "2001", "2"], 2, "NAME is letters"),
        (["sim", "add", "pbx", "2001", "many"], 2, "LINES must be 1-512"),
        (["sim", "frobnicate"], 2, "Usage: tapictl"),
        (["sim", "add", "pbx", "2001", "2", "colour=red"], 2, "is not a setting"),
        (["sim", "add", "pbx", "2001", "2", "zone"], 2, "is not a setting"),
        (["sim", "set", "pbx"], 2, "Usage: tapictl"),
        (["sim", "set", "pbx", "2001", "no_answer_ms=5"], 2, "take no NUMBER"),
        (["answer", "tapi0", "extra"], 2, "Usage: tapictl"),
        (["answer", "tapi0", "-t", "soon"], 2, "bad -t value"),
        (["location"], 2, "Usage: tapictl location"),
        (["location", "show", "x"], 2, "bad location ID"),
        (["location", "set", "1"], 2, "Usage: tapictl location"),
        (["location", "set", "1", "colour=red"], 2, "is not a setting"),
        (["location", "add", "Home", "800"], 2, "is not the country ID"),
    ]
    for args, want, text in cases:
        rc, out = sh([str(tool)] + args, env={"LD_LIBRARY_PATH": str(OUT / "libtapi")})
        run.record(f"host: tapictl {' '.join(args) or '(no arguments)'} exits {want}",
                   rc == want and text in out, f"exit {rc}\n{out}")


def host_compliance(run):
    """tapi-compliance's usage errors and exit codes, without a device."""
    tool = OUT / "tapi-compliance"
    cases = [
        (["--help"], 0, "Usage: tapi-compliance"),
        ([], 2, "Usage: tapi-compliance"),
        (["--frobnicate", "/dev/tapi0"], 2, "Usage: tapi-compliance"),
        (["/dev/tapi0", "/dev/tapi1"], 2, "Usage: tapi-compliance"),
        (["--call-from", "/dev/tapi1", "--phone", "/dev/tapiphone0"], 2, "Usage:"),
        (["/dev/tapi4000"], 2, "No such file"),
        (["/dev/null"], 2, "not a TAPI line device"),
        (["--phone", "/dev/null"], 2, "not a TAPI phone device"),
        (["-t", "no-such-check", "/dev/null"], 2, "no check is named so"),
        (["--list", "-t", "events"], 0, "events.overflow-is-reported-and-counted"),
    ]
    for args, want, text in cases:
        rc, out = sh([str(tool)] + args)
        run.record(f"host: tapi-compliance {' '.join(args) or '(no arguments)'} exits {want}",
                   rc == want and text in out, f"exit {rc}\n{out}")


def host_man_pages(run):
    """The man pages format without a warning; libtapi(3)'s example builds."""
    for page in sorted((ROOT / "docs/man").glob("*.[1-9]")):
        rc, out = sh(["groff", "-man", "-ww", "-z", str(page)])
        run.record(f"host: man page {page.name} formats without warnings",
                   rc == 0 and not out.strip(), out)
    text = (ROOT / "docs/man/libtapi.3").read_text()
    m = re.search(r"^\.EX\n(.*?)^\.EE$", text, re.S | re.M)
    src = OUT / "man-example.c"
    if m:
        src.write_text(m.group(1).replace("\\-", "-").replace("\\e", "\\"))
    rc, out = sh(f"{os.environ.get('CC', 'cc')} -std=c11 -Wall -Wextra -Werror "
                 f"-I{ROOT}/libtapi/include -o {OUT}/man-example {src} "
                 f"-L{OUT}/libtapi -ltapi") if m else (1, "no .EX section")
    run.record("host: libtapi(3)'s example compiles and links against libtapi.so",
               rc == 0, out)


# ---------------------------------------------------------------- VMs
# tapictl on libtapi, run in the VM without high-resolution timers (a 4 ms
# tick: the harder case for audio): it lists the devices, makes and answers
# calls, sends DTMF, plays and records files, works on other processes'
# calls and configures the exchange.
# The shell function both scripts below use to wait for a background tapictl.
WAIT_FOR_SH = r"""
# wait (up to 20 s) for a background tapictl to print TEXT into FILE
wait_for() { i=0; until grep -q "$2" "$1" || [ $i = 200 ]; do sleep 0.1; i=$((i+1)); done; }
"""

TAPICTL_JOB = WAIT_FOR_SH + r"""
echo "@@tap tapictl"
check "tapictl list shows the 4 lines" test "$(tapictl list | grep -c '^/dev/tapi[0-9]')" = 4
check "tapictl list shows the 4 phones, each on its line" sh -c 'test "$(tapictl list | grep -c "^/dev/tapiphone")" = 4 && tapictl info tapiphone1 | grep -q "line: */dev/tapi1" && tapictl info tapiphone1 | grep -q "handset  *on-hook mic+speaker"'
check "tapictl info tapi1 shows number 1002, its capabilities and status" sh -c 'tapictl info tapi1 > /tmp/info.out && grep -q "address: *1002" /tmp/info.out && grep -q "media modes: .*INTERACTIVEVOICE" /tmp/info.out && grep -q "digits: *detect .*DTMF" /tmp/info.out && grep -q "lineGetID: .*tapi/audio" /tmp/info.out && grep -q "status: .*INSERVICE" /tmp/info.out'
tapictl answer tapi1 -t 10 > /tmp/answer.out 2>&1 &
wait_for /tmp/answer.out "waiting for a call"
check "tapictl call tapi0 1002 connects and hangs up" sh -c 'tapictl call tapi0 1002 -h 0 > /tmp/call.out 2>&1 && grep -q "LINE_CALLSTATE .* CONNECTED" /tmp/call.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/call.out'
wait
check "tapictl answer tapi1 showed the caller ID, answered, saw the hang-up and dropped" sh -c 'grep -q "caller ID: call from 1001.* to 1002" /tmp/answer.out && grep -q "DISCONNECTED (NORMAL)" /tmp/answer.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/answer.out'
check "tapictl call to an unknown number fails with bad address" sh -c 'tapictl call tapi0 999 > /tmp/bad.out 2>&1; [ $? = 1 ] && grep -q "BADADDRESS" /tmp/bad.out'
tapictl watch tapi1 -t 3 > /tmp/watch.out 2>&1 &
wait_for /tmp/watch.out "watching"
echo 2 > /sys/kernel/debug/tapi_sim/1002/ring
wait $!; echo $? > /tmp/watch.rc
check "tapictl watch tapi1 prints a timeline of both rings, then times out (exit 4)" sh -c 'cat /tmp/watch.out; test "$(cat /tmp/watch.rc)" = 4 && test "$(grep -c "^ *[0-9.]* *1002 *LINE_LINEDEVSTATE RINGING" /tmp/watch.out)" = 2'
tapictl answer tapi1 -n 1 -D 3 -p /tests/hello.wav -h 1 > /tmp/b.out 2>&1 &
wait_for /tmp/b.out "waiting for a call"
tapictl call tapi0 1002 -d 159 -r /tmp/rec.wav -h 30 > /tmp/a.out 2>&1; echo $? > /tmp/a.rc
wait $!; echo $? > /tmp/b.rc
check "tapictl call -d -r and answer -n -D -p both succeed" sh -c 'cat /tmp/a.out /tmp/b.out; test "$(cat /tmp/a.rc)" = 0 && test "$(cat /tmp/b.rc)" = 0'
check "tapictl answer -n 1 waited for a ring and showed the caller ID" sh -c 'grep -q "RINGING" /tmp/b.out && grep -q "caller ID: call from 1001" /tmp/b.out'
check "tapictl answer -D 3 detected the DTMF 159 that call -d sent" grep -q "DTMF detected: 159" /tmp/b.out
check "tapictl: the recording holds the played file bit-exact (compare)" tapictl compare /tests/hello.wav /tmp/rec.wav
check "tapictl: both ends went idle, the caller saw the far end hang up" sh -c 'grep -q "DISCONNECTED (NORMAL)" /tmp/a.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/a.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/b.out'
tapictl answer tapi1 -D 2 -t 30 > /tmp/b2.out 2>&1 &
wait_for /tmp/b2.out "waiting for a call"
tapictl call tapi0 1002 -h 60 -t 60 > /tmp/a2.out 2>&1 &
wait_for /tmp/b2.out "waiting for 2 DTMF digits"
check "tapictl dtmf sends digits on another process's call" sh -c 'tapictl dtmf tapi0 7 && tapictl dtmf tapi0 8 && sleep 0.5 && grep -q "DTMF detected: 78" /tmp/b2.out'
# the recording goes on until the call ends: play's start-up (converting
# the file) takes seconds in a slow VM
tapictl record tapi0 /tmp/rec2.flac -s 120 > /tmp/rec2.out 2>&1 &
rec=$!
wait_for /tmp/rec2.out "recording to"
check "tapictl play plays a file into another process's call" tapictl play tapi1 /tests/hello.wav
check "tapictl hangup drops another process's call" tapictl hangup tapi0
wait $rec
check "tapictl record recorded the play until the hang-up (FLAC), bit-exact" sh -c 'cat /tmp/rec2.out; tapictl compare /tests/hello.wav /tmp/rec2.flac'
wait
check "after tapictl hangup both processes saw their call end" sh -c 'cat /tmp/a2.out /tmp/b2.out; grep -q "LINE_CALLSTATE .* IDLE" /tmp/a2.out && grep -q "DISCONNECTED (NORMAL)" /tmp/b2.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/b2.out'
check "tapictl hangup on a line without a call fails" sh -c 'tapictl hangup tapi2; [ $? = 1 ]'
check "tapictl sim add makes a live exchange whose lines are TAPI lines, set as asked" sh -c 'tapictl sim add check 2001 2 zone=de no_answer_ms=3000 && tapictl sim list > /tmp/sim.out && cat /tmp/sim.out && grep -q "check  live  no_answer_ms=3000" /tmp/sim.out && test "$(grep -c "zone=de  type=subscriber" /tmp/sim.out)" = 2 && tapictl list | grep -q "address: *2002"'
check "tapictl sim set changes a live exchange's own setting without taking it down" sh -c 'tapictl sim set check no_answer_ms=0 > /tmp/set.out && ! grep -q "taking" /tmp/set.out && tapictl sim list | grep -q "check  live  no_answer_ms=0"'
check "tapictl sim set changes one line, taking the exchange down and up again" sh -c 'tapictl sim set check 2002 withheld=1 "caller_name=Front desk" > /tmp/set.out && cat /tmp/set.out && grep -q "taking check down" /tmp/set.out && grep -q "check is live again" /tmp/set.out && tapictl sim list > /tmp/sim.out && grep -q "^  2002 .*caller_name=Front desk  call_waiting=0  withheld=1" /tmp/sim.out && grep -q "^  2001 .*withheld=0" /tmp/sim.out && tapictl list | grep -q "address: *2002"'
check "tapictl sim set passes on the module's refusal of a bad value (exit 1)" sh -c 'tapictl sim set check zone=nowhere; [ $? = 1 ] && tapictl sim list | grep -q "check  live"'
check "tapictl sim add refuses a number already taken" sh -c 'tapictl sim add dup 1001 1; r=$?; tapictl sim remove dup; [ $r = 1 ]'
check "tapictl sim remove takes the exchange away" sh -c 'tapictl sim remove check && ! tapictl list | grep -q "address: *2002" && test "$(tapictl list | grep -c "^/dev/tapi[0-9]")" = 4'
"""

# tapi-compliance on lines of an exchange of their own (configfs), so that
# what it changes, and the removal it ends with, touch no other test's
# lines: 3001 with its telephone, called from 3002 and removed by removing
# its directory; the trunk 3003, removed with the exchange.
COMPLIANCE_SH = r"""
CX=/sys/kernel/config/tapi_sim/compl
compliance_exchange() {
  mkdir $CX $CX/3001 $CX/3002 $CX/3003 && echo trunk > $CX/3003/type && echo 1 > $CX/live
  # devtmpfs makes the nodes after the lines exist
  i=0; until [ -c "/dev/$(cat $CX/3003/dev)" ] || [ $i = 100 ]; do sleep 0.1; i=$((i+1)); done
}
dev_of() { echo "/dev/$(cat $CX/$1/dev)"; }
phone_of() { for p in /sys/class/tapi/tapiphone*; do [ "$(cat $p/line)" = "$(cat $CX/$1/dev)" ] && echo "/dev/${p##*/}"; done; }
compliance_gone() { echo 0 > $CX/live 2>/dev/null; rmdir $CX/*/ $CX 2>/dev/null; }
"""


# tapi_sim's races, judged by the debug kernel's reports, and its hook's
# timing: not on 6.1, the other half of make check's longest path.
SIM_RACE_TESTS = ("the_exchange_going_down_while_a_line_with_a_waiting_call_hangs_up",
                  "a_long_hook_write_holds_up_no_phone")


def sim_filter(k):
    return "".join(f" -T {t}" for t in SIM_RACE_TESTS) if k["name"] == "6.1" else ""


def harden_job(k):
    """tapi_harden_test: on the debug kernel, whose KASAN, lockdep and
    kmemleak judge its races, and on 6.12; 6.1, the other half of make
    check's longest path, runs the examples instead (the core is the same
    code on every kernel)."""
    if k["name"] == "6.1":
        return ""
    return 'echo "@@tap harden"\nTAPI_SIM_KO=/modules/tapi_sim.ko /tests/tapi_harden_test\n'


def compliance_job(k, checks=()):
    """tapi-compliance's checks, as TAP, on a subscriber line with its phone and
    on a trunk (6.12: the 32-bit build too, through the compat ioctl path).
    @checks: only these (its -t), from --test compliance.NAME."""
    only = "".join(f" -t {shlex.quote(c)}" for c in checks)
    sub = ('compliance_exchange\n'
           '{bin}{only} --tap -p "$(phone_of 3001)" -c "$(dev_of 3002)" -n 3001 '
           '-r "rmdir $CX/3001" "$(dev_of 3001)"\n')
    # the trunk's run, a second line type, on the kernels off make check's
    # longest path (the debug VM, then 6.1's): 6.12's; the others take
    # the subscriber line with its phone
    trunk = 'echo "@@tap compliance-trunk"\n' + \
        f'tapi-compliance{only} --tap -c "$(dev_of 3002)" -n 3003 ' + \
        '-r "echo 0 > $CX/live" "$(dev_of 3003)"\n' if k["name"] == "6.12" or checks else ""
    job = COMPLIANCE_SH + 'echo "@@tap compliance"\n' + \
        sub.format(bin="tapi-compliance", only=only) + trunk + 'compliance_gone\n'
    if k["name"] == "6.12":
        job += 'echo "@@tap compliance-32"\n' + \
            sub.format(bin="tapi-compliance_32", only=only) + 'compliance_gone\n'
    return job


INIT_JOB_HELPERS = r"""
set -u
n=0
check() { name=$1; shift; n=$((n+1)); if "$@" >/tmp/out 2>&1; then echo "ok $n $name"; else echo "not ok $n $name"; sed 's/^/# /' /tmp/out; fi; }
"""


def pack_initramfs(dest, job, modules, binaries):
    root = dest / "root"
    if root.exists():
        shutil.rmtree(root)
    for d in ("bin", "modules", "tests"):
        (root / d).mkdir(parents=True)
    shutil.copy(busybox(), root / "bin/busybox")
    shutil.copy(ROOT / "tests/vm/init.sh", root / "init")
    os.chmod(root / "init", 0o755)
    for name, path in modules.items():
        data = Path(path)
        if data.suffix == ".xz":
            sh(f"xz -dc {shlex.quote(str(data))} > {root}/modules/{name}.ko", check=True)
        else:
            shutil.copy(data, root / "modules" / f"{name}.ko")
    for b in binaries:
        shutil.copy(b, root / "tests" / Path(b).name)
    # what dynamic ones need (libtapi's tests): every library ldd names,
    # at the same path, libtapi's own from the build
    env = {"LD_LIBRARY_PATH": str(OUT / "libtapi")}
    for b in binaries:
        rc, out = sh(["ldd", str(b)], env=env)
        for lib in re.findall(r"(/\S+) \(0x", out) if rc == 0 else []:
            to = root / lib.lstrip("/")
            if lib.startswith(str(OUT)):
                to = root / "usr/lib" / Path(lib).name
            if not to.exists():
                to.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(os.path.realpath(lib), to)
    # each section's start on the VM's clock, for section_times()
    job = re.sub(r'^echo "@@(\w+) (\S+)"$',
                 lambda m: f'echo "@@time {m.group(2)}@$(cut -d" " -f1 /proc/uptime)"\n'
                           + m.group(0), job, flags=re.M)
    if "@@time" in job:
        job += '\necho "@@time end@$(cut -d" " -f1 /proc/uptime)"\n'
    (root / "job.sh").write_text(INIT_JOB_HELPERS + job)
    initrd = dest / "initrd.gz"
    sh(f"cd {root} && find . | cpio -o -H newc 2>/dev/null | gzip -1 > {initrd}",
       check=True)
    return initrd


def boot(name, k, initrd, timeout, extra_append=""):
    """Boot a kernel with an initramfs; return (console text, results text)."""
    d = OUT / "vm" / name
    d.mkdir(parents=True, exist_ok=True)
    console, results = d / "console.log", d / "results.log"
    for f in (console, results):
        f.unlink(missing_ok=True)
    # tsc=reliable: the emulated TSC follows the host's clock on every vCPU,
    # but on a busy host the kernel's TSC checks can fail under TCG; our
    # debug kernel has no HPET or ACPI timer to fall back on, so it would lose
    # high-resolution timers. TAPI_VM_APPEND adds parameters for experiments.
    append = " ".join(["console=ttyS0 panic=-1 oops=panic tsc=reliable", extra_append,
                       os.environ.get("TAPI_VM_APPEND", "")])
    # Single-threaded TCG: nested KVM hangs here, and multi-threaded TCG races
    # with the kernel's cross-CPU code patching (an int3 oops at boot).
    cmd = ["qemu-system-x86_64", "-accel", "tcg,thread=single", "-cpu", "max",
           "-smp", "2", "-m", "2048" if k["debug"] else "1024",
           "-display", "none", "-no-reboot", "-monitor", "none",
           "-kernel", str(k["image"]), "-initrd", str(initrd), "-append", append,
           "-serial", f"file:{console}", "-serial", f"file:{results}"]
    rc, out = sh(cmd, timeout=timeout, log=f"qemu-{name}.log")
    read = lambda f: f.read_text(errors="replace").replace("\r", "") if f.exists() else ""
    return read(console), read(results) + ("" if rc == 0 else f"\n# qemu: {out[-500:]}")


def split_sections(results):
    """Split the results channel into (kind, name, lines) sections."""
    sections, cur = [], None
    for line in results.splitlines():
        m = re.match(r"^@@(\w+) (\S+)$", line)
        if m:
            cur = (m.group(1), m.group(2), [])
            sections.append(cur)
        elif cur:
            cur[2].append(line)
    return sections


def record_tap(run, prefix, lines):
    plan, seen = None, 0
    for i, line in enumerate(lines):
        m = re.match(r"^1\.\.(\d+)", line)
        if m:
            plan = int(m.group(1))
        m = TAP_LINE.match(line)
        if not m:
            continue
        seen += 1
        ok = m.group(1) is None
        skip = m.group(4) in ("SKIP", "skip")
        # the diagnostics a failing test printed since the result before it
        start = i
        while start > max(0, i - 15) and not TAP_LINE.match(lines[start - 1]):
            start -= 1
        ctx = [l for l in lines[start:i] if l.startswith("#")]
        run.record(f"{prefix}: {m.group(3)}", ok, m.group(5) if skip else "\n".join(ctx),
                   skip=skip and ok)
    if plan is not None and seen != plan:
        run.record(f"{prefix}: ran all {plan} planned tests", False,
                   f"only {seen} reported (the test binary crashed?)")


def record_kunit(run, prefix, k, lines):
    """Parse KUnit's KTAP with the kernel's own kunit.py."""
    text = [TIMESTAMP.sub("", l) for l in lines]
    start = next((i for i, l in enumerate(text) if l.startswith("KTAP version")), None)
    if start is None:
        run.record(f"{prefix}: KUnit produced KTAP output", False, "\n".join(text[-30:]))
        return
    ktap = text[start:]
    if not any(re.match(r"^1\.\.\d+", l) for l in ktap[:3]):
        # 6.1 prints module suites without a top-level plan.
        ktap = ["KTAP version 1", "1..1"] + ktap[1:]
    f = OUT / "vm" / f"{prefix.replace('/', '-')}.ktap"
    f.write_text("\n".join(ktap) + "\n")
    kunit_py = k["src"] / "tools/testing/kunit/kunit.py"
    _, out = sh([sys.executable, str(kunit_py), "parse", str(f)], cwd=str(k["src"]),
                log="kunit-parse.log")
    cases = 0
    for line in out.splitlines():
        m = re.search(r"\[(PASSED|FAILED|SKIPPED|CRASHED)\] (\S+)", line)
        # "==== [PASSED] suite ====" lines summarise a suite: not a test.
        if m and "====" not in line:
            cases += 1
            run.record(f"{prefix}: {m.group(2)}", m.group(1) in ("PASSED", "SKIPPED"),
                       out[-2000:], skip=m.group(1) == "SKIPPED")
    if not cases:
        run.record(f"{prefix}: kunit.py parsed the KUnit results", False, out[-2000:])


def section_times(results):
    """How long each section of a VM's job took, from its @@time marks."""
    marks = [(m.group(1), float(m.group(2)))
             for m in re.finditer(r"^@@time (\S+)@([\d.]+)$", results, re.M)]
    end = re.search(r"^@@time end@([\d.]+)$", results, re.M)
    out = []
    for i, (sect, t) in enumerate(marks):
        if sect == "end":
            continue
        nxt = marks[i + 1][1] if i + 1 < len(marks) else None
        out.append(f"{sect} {nxt - t:.0f} s" if nxt is not None else f"{sect} (unfinished)")
    return ", ".join(out) if marks and end else ""


def record_vm(run, name, console, results, kunit_k=None):
    """Every kind of evidence one VM run gives: markers, reports, tests."""
    reports = console_reports(console)
    run.record(f"{name}: kernel console free of BUG/WARNING/Oops/KASAN/UBSAN/"
               "lockdep/kmemleak reports", not reports, "\n".join(reports[:20]))
    begun = BEGIN_MARK in results
    end = next((END_MARK.match(l) for l in results.splitlines() if END_MARK.match(l)), None)
    tail = "\n".join(console.splitlines()[-20:])
    run.record(f"{name}: VM reached its end marker (no crash or hang)", bool(begun and end),
               tail)
    for kind, sect, lines in split_sections(results):
        if kind == "tap":
            record_tap(run, f"{name}/{sect}", lines)
        elif kind == "kunit" and kunit_k:
            record_kunit(run, f"{name}/{sect}", kunit_k, lines)
        elif kind == "kmemleak":
            leaks = [l for l in lines if l.strip() and not l.startswith("TAPI-VM-END")]
            run.record(f"{name}/{sect}: no leaked objects after the tests", not leaks,
                       "\n".join(leaks[:40]))


CALL_TESTS = ("tapi_call_test", "tapi_call_test_32")
# libtapi's tests, plain and with ASan+UBSan (the library's code compiled in)
LIBTAPI_TESTS = ("line_api_test", "line_api_test_san", "translate_test",
                 "translate_test_san", "config_test", "config_test_san", "wide_test",
                 "wide_test_san", "location_test", "location_test_san")


def libtapi_tests_for(k):
    """The library and the uAPI are the same on every kernel. Its tests run
    on 6.12, plain (the shared library as installed) and under ASan+UBSan
    (the library compiled in); the debug kernel, on make check's longest
    path with the 6.1 VM after it, runs config_test_san, which loads and
    unloads tapi_sim through the library (the kernel's own tests cover the
    calls' ioctls under KASAN there); 6.1 runs the examples instead."""
    return ("config_test_san",) if k["debug"] else \
        ("line_api_test", "line_api_test_san", "translate_test", "translate_test_san",
         "config_test", "wide_test", "wide_test_san", "location_test", "location_test_san") \
        if k["name"] == "6.12" else ()


# The example applications (examples/) and their tests' helpers; the test
# script, sourced by the VM's job, runs them against tapi_sim on 6.1, whose
# VM runs beside the others and has the time (the library is the same).
EXAMPLE_BINS = ("dialer", "ivr", "voicemail", "callmonitor", "exphone", "wavtool")


def examples_job(k):
    return 'echo "@@tap examples"\n. /tests/examples_test.sh\n' if k["name"] == "6.1" else ""

# The 32-bit runs are there for the compat ioctl path: they skip the tests
# that spend seconds listening to signals through ioctls the others cover.
SLOW_SIGNAL_TESTS = ("clock_keeps_time", "a_generated_tone_reaches_the_connected_line",
                     "the_zones_tones_have_their_cadence",
                     "media_monitoring_hears_fax_modem_and_voice",
                     "tone_monitoring_hears_the_tones_asked_for",
                     "gathering_times_out_before_and_between_digits",
                     "caller_id_is_heard_in_band", "digits_on_a_call_carry_its_id",
                     "the_telephone_s_hook_flash_and_dial_pulses",
                     "pulse_digits_follow_monitoring_and_gathering",
                     "pulse_dialing_reaches_the_called_line",
                     "the_exchange_plays_its_tones_and_hears_dtmf_dialing",
                     "scripted_far_ends_answer_key_digits_hang_up_refuse",
                     "faults_dropped_audio_is_silence_the_rest_exact",
                     "faults_delayed_audio_comes_late_and_whole")


# The randomised stress, on the debug kernel: seconds it runs, and whether it
# also closes the descriptor number each new audio stream is about to get
# (the race of a descriptor installed before its stream was complete).
# TAPI_STRESS_SECONDS, TAPI_STRESS_FD_RACE=0/1 and TAPI_STRESS_SEED in the
# environment override them for a run (--test tapi_stress runs it alone).
STRESS = "tapi_stress"
STRESS_SECONDS = 30
STRESS_FD_RACE = True


def stress_job():
    seconds = int(os.environ.get("TAPI_STRESS_SECONDS", STRESS_SECONDS))
    race = os.environ.get("TAPI_STRESS_FD_RACE", "1" if STRESS_FD_RACE else "0") == "1"
    seed = os.environ.get("TAPI_STRESS_SEED", "")
    seed = f" -s {int(seed)}" if seed else ""
    return f'echo "@@tap stress"\n/tests/tapi_stress -t {seconds}{" -r" if race else " -R"}{seed}\n'


def job_for(k, selftest_filter=(), tapictl=False):
    # --test compliance (or compliance.CHECK): tapi-compliance alone
    if selftest_filter and all(t.split(".")[0] == "compliance" for t in selftest_filter):
        return """
echo "@@tap setup"
check "insmod tapi.ko" insmod /modules/tapi.ko
check "insmod tapi_sim.ko" insmod /modules/tapi_sim.ko
""" + compliance_job(k, [t.split(".", 1)[1] for t in selftest_filter if "." in t]) + """
echo "@@tap teardown"
check "rmmod tapi_sim" rmmod tapi_sim
check "rmmod tapi" rmmod tapi
"""
    if list(selftest_filter) == [STRESS]:
        selftest_filter = ()
        only_stress = True
    else:
        only_stress = False
    flt = "".join(f" -t {shlex.quote(t)}" for t in selftest_filter)
    flt32 = flt or "".join(f" -T {t}" for t in SLOW_SIGNAL_TESTS)
    # The compat path is the same code on every kernel (compat_ptr_ioctl
    # into the same handlers): 6.12 runs the 32-bit tests; 6.1 and the debug
    # kernel, on make check's longest path, do not.
    bits32 = k["name"] == "6.12"
    # Nor does 6.1 spend seconds on the slow signal tests: the DSP and the
    # exchange are the same code on every kernel. It keeps the clock's.
    if k["name"] == "6.1" and not flt:
        flt = "".join(f" -T {t}" for t in SLOW_SIGNAL_TESTS if t != "clock_keeps_time")
    line32 = ('echo "@@tap kselftest-32"\n/tests/tapi_line_test_32' + flt32 + "\n"
              if bits32 else "")
    # a filter names tests of one binary: run the call tests only with none
    calls = "" if selftest_filter else "".join(
        f'echo "@@tap calls-{t[-2:] if t.endswith("_32") else "64"}"\n/tests/{t}'
        f'{flt32 if t.endswith("_32") else flt}\n'
        for t in CALL_TESTS if bits32 or not t.endswith("_32"))
    job = """
# kmemleak scans when asked, at the end: its own periodic scan, a nice-10
# thread inside an RCU read section, starves behind the stress's busy threads
# and stalls RCU grace periods (module unload then waits for minutes)
[ -w /sys/kernel/debug/kmemleak ] && echo scan=off > /sys/kernel/debug/kmemleak
[ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak
echo "@@tap setup"
check "insmod tapi.ko" insmod /modules/tapi.ko
check "insmod tapi_sim.ko" insmod /modules/tapi_sim.ko
check "tapi_sim created /dev/tapi0../dev/tapi3" test -c /dev/tapi3
check "sysfs class lists 4 lines" test "$(ls /sys/class/tapi | grep -c '^tapi[0-9]')" = 4
check "tapi_sim created 4 phones, one per line" sh -c 'test "$(cat /sys/class/tapi/tapiphone*/line | sort | tr "\n" " ")" = "tapi0 tapi1 tapi2 tapi3 " && test -c /dev/tapiphone3'
export TAPI_SIM_KO=/modules/tapi_sim.ko
"""
    if not only_stress:
        job += """echo "@@tap kselftest-64"
/tests/tapi_line_test%(flt)s
%(line32)s%(calls)s%(sim)s%(compliance)s%(tapictl)s""" % {
            "flt": flt, "line32": line32, "calls": calls,
            "tapictl": TAPICTL_JOB if tapictl else "",
            "compliance": "" if selftest_filter else compliance_job(k),
            "sim": "" if selftest_filter else 'echo "@@tap sim"\n/tests/tapi_sim_test' +
            sim_filter(k) + '\n' +
            harden_job(k) +
            "".join(f'echo "@@tap libtapi-{t}"\n/tests/{t}\n'
                    for t in libtapi_tests_for(k)) + examples_job(k)}
    if k["debug"] and not selftest_filter:
        job += stress_job()
    if k["debug"] and not selftest_filter and not only_stress:
        job += """
echo "@@kunit kunit"
dmesg -c >/dev/null
insmod /modules/tapi_kunit.ko
dmesg
rmmod tapi_kunit
"""
    job += """
echo "@@tap teardown"
check "rmmod tapi_sim" rmmod tapi_sim
check "rmmod tapi" rmmod tapi
"""
    if k["debug"]:
        job += """
echo "@@kmemleak kmemleak"
sleep 6
echo scan > /sys/kernel/debug/kmemleak
sleep 1
echo scan > /sys/kernel/debug/kmemleak
cat /sys/kernel/debug/kmemleak
"""
    return job


def vm_tests(run, k, mods, selftest_filter=(), variant="", append="", tapictl=False):
    tag = k["name"] + (f" {variant}" if variant else "")
    bins = [OUT / "selftests/tapi_line_test", OUT / "selftests/tapi_line_test_32",
            OUT / "tapictl", OUT / "demo/hello.wav", OUT / "selftests/tapi_stress",
            OUT / "tapi-compliance", OUT / "tapi-compliance_32",
            OUT / "selftests/tapi_sim_test", OUT / "selftests/tapi_harden_test"] + \
        [OUT / "selftests" / t for t in CALL_TESTS] + \
        [OUT / "libtapi-tests" / t for t in LIBTAPI_TESTS] + \
        [OUT / "examples" / e for e in EXAMPLE_BINS] + [ROOT / "tests/examples/examples_test.sh"]
    d = OUT / "vm" / tag.replace(" ", "-")
    d.mkdir(parents=True, exist_ok=True)
    initrd = pack_initramfs(d, job_for(k, selftest_filter, tapictl), mods, bins)
    for attempt in (1, 2):
        console, results = boot(tag.replace(" ", "-"), k, initrd,
                                timeout=900 if k["debug"] else 600, extra_append=append)
        early = boot_reports(console)
        if not early or attempt == 2:
            break
        # Before /init none of ours is loaded: the kernel (under emulation)
        # tripped on its own, and a report disables lockdep for the rest of
        # the run. Boot once more; a second time it fails the run below.
        run.say(f"   note: vm {tag}: the kernel reported during boot, before any "
                f"tapi module was loaded; booting again:\n      " + "\n      ".join(early[:3]))
    record_vm(run, f"vm {tag}", console, results, kunit_k=k if k["debug"] else None)
    seed = re.search(r"^# seed (\d+)$", results, re.M)
    if seed:
        run.say(f"   vm {tag}: tapi_stress seed {seed.group(1)} (replay: TAPI_STRESS_SEED="
                f"{seed.group(1)} python3 tests/check.py check --only vm --kernels debug "
                f"--test {STRESS})")
    times = section_times(results)
    if times:
        run.say(f"   vm {tag}, time per section: {times}")


# What must hold on a kernel without high-resolution timers, where the clock's
# timer fires once a jiffy (4 ms on Debian): the sample count, DTMF and audio.
LOWRES_TESTS = ("clock_keeps_time", "far_end_dtmf_is_reported_as_digits",
                "audio_linear_is_bit_exact_across_a_connection",
                "generated_digits_reach_the_connected_line")


# ---------------------------------------------------------------- DKMS

def dkms_version():
    return re.search(r'PACKAGE_VERSION="([^"]+)"', (ROOT / "dkms.conf").read_text()).group(1)


def stage_dkms(run, kernels):
    ver = dkms_version()
    top = OUT / "dkms"
    if top.exists():
        shutil.rmtree(top)
    source, tree, inst = top / "source", top / "tree", top / "install"
    copy_module_tree(source / f"tapi-{ver}")
    tree.mkdir(parents=True)
    common = ["-m", "tapi", "-v", ver, "--sourcetree", str(source), "--dkmstree", str(tree)]
    rc, out = sh(["dkms", "add"] + common, log="dkms-add.log")
    run.record("dkms add (scratch DKMS tree)", rc == 0, out)
    if rc:
        return {}
    built = {}
    for k in kernels:
        kv = k["kver"]
        # DKMS signs what it builds when it finds the kernel's sign-file, with
        # a key it makes in /var/lib/dkms if there is none: a throwaway key
        # in the scratch tree instead, the same whatever the host has.
        sign = {"sign_file": str(k["kdir"] / "scripts/sign-file"),
                "mok_signing_key": str(top / "mok.key"),
                "mok_certificate": str(top / "mok.pub")}
        rc, out = sh(["dkms", "build"] + common + ["-k", kv, "--kernelsourcedir", str(k["kdir"])],
                     env=sign, log=f"dkms-build-{k['name']}.log")
        run.record(f"dkms build for {k['name']} ({kv})", rc == 0, out)
        if rc:
            continue
        (inst / kv).mkdir(parents=True, exist_ok=True)
        rc, out = sh(["dkms", "install"] + common + ["-k", kv, "--installtree", str(inst),
                                                     "--no-depmod"],
                     log=f"dkms-install-{k['name']}.log")
        mods = {m: next((inst / kv / "updates/dkms").glob(f"{m}.ko*"), None)
                for m in ("tapi", "tapi_sim")}
        ok = rc == 0 and all(mods.values())
        if k.get("configfs"):
            mods["configfs"] = k["configfs"]
        run.record(f"dkms install for {k['name']} into the scratch tree", ok, out)
        if ok:
            built[k["name"]] = mods
    return built


def dkms_vm(run, k, mods):
    job = """
echo "@@tap dkms"
check "insmod DKMS-built tapi" insmod /modules/tapi.ko
check "insmod DKMS-built tapi_sim" insmod /modules/tapi_sim.ko
check "DKMS-built modules give a working line device" sh -c 'tapictl info tapi0 | grep -q "driver: *tapi_sim"'
echo "@@tap kselftest-64"
TAPI_SIM_KO=/modules/tapi_sim.ko /tests/tapi_line_test -t info_describes_the_line -t audio_linear_is_bit_exact_across_a_connection -t line_removed_while_open
echo "@@tap calls-64"
TAPI_SIM_KO=/modules/tapi_sim.ko /tests/tapi_call_test -t a_call_rings_connects_and_hangs_up -t calls_end_when_the_driver_goes
"""
    d = OUT / "vm" / f"dkms-{k['name']}"
    d.mkdir(parents=True, exist_ok=True)
    initrd = pack_initramfs(d, job, mods, [OUT / "selftests/tapi_line_test",
                                           OUT / "selftests/tapi_call_test",
                                           OUT / "tapictl"])
    console, results = boot(f"dkms-{k['name']}", k, initrd, timeout=300)
    record_vm(run, f"vm {k['name']} (DKMS build)", console, results)


# ---------------------------------------------------------------- commands

def cmd_check(args):
    run = Run()
    host_before = hoststate.snapshot()
    only = set(args.only.split(",")) if args.only else None
    want = lambda s: only is None or s in only
    names = args.kernels.split(",")
    kernels, mods = [], {}
    print(f"TAPI for Linux: make check (cache {CACHE}, output {OUT})")
    if OUT.exists() and not args.keep:
        shutil.rmtree(OUT)
    LOGS.mkdir(parents=True, exist_ok=True)

    with run.stage("packages"):
        stage_packages(PACKAGES)
    with run.stage("kernels: newest Debian 6.1 and 6.12, unpacked in the cache"):
        print(f"   busybox: {busybox()}")
        for series in ("6.1", "6.12"):
            if series in names:
                k = fetch_kernel(series)
                print(f"   {series}: {k['kver']}, headers {k['kdir']}")
                kernels.append(k)
    dbg = None
    with run.stage("debug kernel (KUnit, KASAN, lockdep, kmemleak, UBSAN)"):
        dbg = debug_kernel()
        print(f"   {dbg['kver']}: {dbg['image']}")
        if "debug" in names:
            kernels.append(dbg)
    if dbg is None:
        host_state_unchanged(run, host_before, "make check")
        return run.summary()
    ksft = dbg["src"] / "tools/testing/selftests"

    # The debug kernel's modules and the userspace first: its VM, the
    # longest stage, starts as soon as they are built.
    with run.stage("build"):
        for k in kernels:
            if k["debug"]:
                mods[k["name"]] = build_modules(run, k)
        userspace_ok = build_userspace(run, ksft)
    others_built = threading.Event()

    # The debug VM, the longest stage, runs beside the others from the end of
    # that build, then the 6.1 VM: QEMU (TCG) uses one core, the other
    # kernels' builds, the host tests and the other VMs the second. On one
    # core, or with TAPI_CHECK_SERIAL=1, they run in turn instead.
    beside, side = None, []
    dbgk = next((k for k in kernels if k["debug"]), None)
    if want("vm") and dbgk and (os.cpu_count() or 1) >= 2 and \
            not os.environ.get("TAPI_CHECK_SERIAL"):
        side = [dbgk] + [k for k in kernels if k["name"] == "6.1"]
        brun = BufferedRun()

        def beside_vms():
            t0 = time.monotonic()
            for k in side:
                if not k["debug"]:
                    others_built.wait()
                try:
                    if not mods.get(k["name"]) or not userspace_ok:
                        brun.record(f"vm {k['name']}: not run, its build failed", False)
                    else:
                        vm_tests(brun, k, mods[k["name"]], [args.test] if args.test else [])
                except Exception:   # a thread's exception would vanish: a failure
                    brun.record(f"vm {k['name']}: the run itself failed", False,
                                traceback.format_exc())
            brun.dt = time.monotonic() - t0

        beside = threading.Thread(target=beside_vms)
        beside.start()

    try:
        with run.stage("build: the other kernels' modules"):
            for k in kernels:
                if not k["debug"]:
                    mods[k["name"]] = build_modules(run, k)
    finally:
        others_built.set()

    if want("host"):
        with run.stage("host tests"):
            host_spdx(run)
            host_version(run)
            host_dsp_rules(run)
            host_udev_rules(run)
            host_dsp(run, ksft)
            host_fuzz(run)
            host_benchmarks(run)
            host_uapi(run)
            host_tapi_header(run)
            host_scanner(run)
            host_state_check(run)
            if userspace_ok:
                host_tapictl(run)
                host_compliance(run)
                host_man_pages(run)
            host_checkpatch(run, dbg["src"])

    if want("vm"):
        for k in kernels:
            if any(k is o for o in side):
                continue
            with run.stage(f"VM: {k['name']} ({k['kver']})"):
                if not mods.get(k["name"]) or not userspace_ok:
                    run.record(f"vm {k['name']}: not run, its build failed", False)
                    continue
                vm_tests(run, k, mods[k["name"]], [args.test] if args.test else [])
        lowres = [k for k in kernels if k["name"] == "6.12"]
        for k in lowres if not args.test and mods.get("6.12") and userspace_ok else []:
            with run.stage(f"VM: {k['name']} without high-resolution timers"):
                vm_tests(run, k, mods[k["name"]], LOWRES_TESTS, variant="highres=off",
                         append="highres=off", tapictl=True)

    if want("dkms"):
        debian = [k for k in kernels if not k["debug"]]
        built = {}
        with run.stage("DKMS: add, build, install for both Debian kernels"):
            built = stage_dkms(run, debian)
        for k in debian:
            if k["name"] in built and userspace_ok:
                with run.stage(f"VM: {k['name']} with the DKMS-built modules"):
                    dkms_vm(run, k, built[k["name"]])
    if beside:
        beside.join()
        run.merge(brun, "VMs: " + ", then ".join(f"{k['name']} ({k['kver']})" for k in side) +
                  ", run beside the stages above", getattr(brun, "dt", 0.0))
    with run.stage("host state"):
        host_state_unchanged(run, host_before, "make check")
    return run.summary()


def host_can_load_modules():
    kdir = Path(f"/lib/modules/{os.uname().release}/build")
    return os.geteuid() == 0 and Path("/proc/modules").exists() and kdir.is_dir()


DEMO_SCRIPT = WAIT_FOR_SH + r"""
say() { printf '\n==> %s\n' "$*"; }
if [ -d /sys/module/tapi ]; then
  echo "tapi.ko is already loaded here; unload it first: rmmod tapi_sim tapi" >&2
  exit 1
fi
say "Loading tapi.ko (the core) and tapi_sim.ko (the virtual exchange, 4 lines numbered 1001-1004)"
modprobe configfs 2>/dev/null    # a module on Debian; tapi_sim uses it
insmod MODDIR/tapi.ko && insmod MODDIR/tapi_sim.ko || exit 1
grep -q " /sys/kernel/config " /proc/mounts || mount -t configfs none /sys/kernel/config
sleep 0.2
say "$ tapictl list | grep -E '^/dev|address|media'   (libtapi's lineGetDevCaps, lineGetAddressCaps)"
tapictl list > /tmp/list.out
grep -E '^/dev|address|media' /tmp/list.out
say "$ tapictl info tapi1   (one line in full, with lineGetLineDevStatus)"
tapictl info tapi1
say "$ tapictl sim add demo 2001 2; tapictl sim list; tapictl sim remove demo   (the exchange, through configfs)"
tapictl sim add demo 2001 2 && tapictl sim list && tapictl sim remove demo
rc=$?
say "The scenario: 1001 calls 1002, which rings, shows the caller ID and answers; 1001 keys 1 5 9, which 1002 detects; 1002 plays AUDIO (speech, 22050 Hz, converted to the line's 8 kHz), which 1001 records; both hang up"
echo "$ tapictl answer tapi1 -n 1 -D 3 -p AUDIO -h 1 &"
echo "$ tapictl call tapi0 1002 -d 159 -r /tmp/recording.wav -h 30"
tapictl answer tapi1 -n 1 -D 3 -p AUDIO -h 1 -t 20 > /tmp/b.out 2>&1 &
w=$!
wait_for /tmp/b.out "waiting for a call"
tapictl call tapi0 1002 -d 159 -r /tmp/recording.wav -h 30 -t 20 > /tmp/a.out 2>&1
arc=$?
wait $w
brc=$?
say "The timeline of both sides (CLOCK_MONOTONIC seconds, the line, what happened: TAPI messages and tapictl's actions)"
sort -n /tmp/a.out /tmp/b.out
say "$ tapictl compare AUDIO /tmp/recording.wav"
tapictl compare AUDIO /tmp/recording.wav
crc=$?
say "Unloading"
rmmod tapi_sim && rmmod tapi
say "What this proved"
proved() { if eval "$2"; then echo "  yes  $1"; else echo "  NO   $1"; rc=1; fi; }
proved "the exchange's 4 lines are TAPI line devices, numbered 1001-1004" 'test "$(grep -c "^/dev/tapi[0-9]" /tmp/list.out)" = 4 && grep -q "address: *1001" /tmp/list.out && grep -q "address: *1004" /tmp/list.out'
proved "the exchange took a new configuration through configfs (tapictl sim)" 'test $rc = 0'
proved "1001 called 1002 and heard ringback" 'grep -q "1001 *LINE_CALLSTATE .* RINGBACK" /tmp/a.out'
proved "1002 was offered the call, rang and showed 1001's caller ID" 'grep -q "1002 *LINE_CALLSTATE .* OFFERING" /tmp/b.out && grep -q "1002 *LINE_LINEDEVSTATE RINGING" /tmp/b.out && grep -q "caller ID: call from 1001" /tmp/b.out'
proved "1002 answered and both ends were connected" 'grep -q "1001 *LINE_CALLSTATE .* CONNECTED" /tmp/a.out && grep -q "1002 *LINE_CALLSTATE .* CONNECTED" /tmp/b.out'
proved "1001 sent DTMF 1 5 9 (lineGenerateDigits) and 1002 detected them (LINE_MONITORDIGITS)" 'grep -q "LINE_GENERATE .* DONE" /tmp/a.out && grep -q "DTMF detected: 159" /tmp/b.out'
proved "1002 played the file into the call (lineGetID tapi/audio) and 1001 recorded it" 'grep -q "played" /tmp/b.out && grep -q "recorded" /tmp/a.out'
proved "the recording holds every sample of the file as played, bit-exact" 'test $crc = 0'
proved "1002 hung up, 1001 saw it (DISCONNECTED NORMAL), both calls went idle" 'grep -q "DISCONNECTED (NORMAL)" /tmp/a.out && grep -q "1001 *LINE_CALLSTATE .* IDLE" /tmp/a.out && grep -q "1002 *LINE_CALLSTATE .* IDLE" /tmp/b.out'
proved "both tapictl processes exited 0" 'test $arc = 0 && test $brc = 0'
exit $rc
"""


def cmd_demo(args):
    run = Run()
    t0 = time.monotonic()
    host_before = hoststate.snapshot()
    with run.stage("packages"):
        stage_packages(DEMO_PACKAGES)
    if host_can_load_modules():
        kdir = f"/lib/modules/{os.uname().release}/build"
        print(f"The running kernel can load modules: the demo runs on this host ({kdir}).")
        sh(["make", "-C", str(ROOT), f"KDIR={kdir}", f"OUT={OUT}", "modules", "tools",
            "demo-audio"], check=True, log="build-demo.log")
        script = DEMO_SCRIPT.replace("MODDIR/tapi.ko", f"{ROOT}/kernel/tapi.ko") \
                            .replace("MODDIR/tapi_sim.ko", f"{ROOT}/kernel/drivers/sim/tapi_sim.ko") \
                            .replace("AUDIO", str(OUT / "demo/hello.wav"))
        env = dict(os.environ, PATH=f"{OUT}:{os.environ['PATH']}",
                   LD_LIBRARY_PATH=str(OUT / "libtapi"))
        sh("mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug")
        rc = subprocess.call(["sh", "-c", script], env=env)
    else:
        print("The running kernel cannot load modules here: the demo boots Debian's "
              "6.12 kernel in QEMU.")
        with run.stage("kernel"):
            k = fetch_kernel("6.12")
            busybox()
        with run.stage("build"):
            mods = build_modules(run, k)
            sh(user_make(f"-j{JOBS}", "tools", "demo-audio"),
               check=True, log="build-tapictl.log")
        if not mods:
            host_state_unchanged(run, host_before, "make demo")
            return 1
        d = OUT / "vm" / "demo"
        d.mkdir(parents=True, exist_ok=True)
        initrd = pack_initramfs(d, DEMO_SCRIPT.replace("MODDIR", "/modules")
                                .replace("AUDIO", "/tests/hello.wav"), mods,
                                [OUT / "tapictl", OUT / "demo/hello.wav"])
        print("\nBooting the VM...", flush=True)
        console, results = boot("demo", k, initrd, timeout=300)
        body = [l for l in results.splitlines()
                if not l.startswith(("TAPI-VM-BEGIN", "TAPI-VM-END"))]
        print("\n".join(body))
        end = next((END_MARK.match(l) for l in results.splitlines() if END_MARK.match(l)),
                   None)
        reports = console_reports(console)
        rc = int(end.group(1)) if end else 1
        if not end:
            print("The VM did not reach the end of the demo (it crashed, hung or its "
                  "output was lost); the last lines of its console (out/vm/demo/):\n" +
                  "\n".join(console.splitlines()[-15:]))
        if reports:
            print("The kernel reported problems:\n" + "\n".join(reports))
            rc = 1
    if not host_state_unchanged(run, host_before, "make demo"):
        rc = 1
    print(f"\nmake demo {'succeeded' if rc == 0 else 'FAILED'} in "
          f"{time.monotonic() - t0:.0f} s")
    return rc


def cmd_bench_vm(args):
    """Boot a Debian kernel: the clock benchmark at several line counts, then
    the audio latency benchmark."""
    run = Run()
    with run.stage("packages"):
        stage_packages(DEMO_PACKAGES)
    with run.stage("kernel and build"):
        k = debug_kernel() if args.kernel == "debug" else fetch_kernel(args.kernel)
        busybox()
        mods = build_modules(run, k)
        sh(user_make(f"{OUT}/selftests/tapi_clock_bench", f"{OUT}/selftests/tapi_audio_bench"),
           check=True, log="build-vm-bench.log")
    if not mods:
        return 1
    job = "insmod /modules/tapi.ko\n"
    for lines in args.lines.split(","):
        n = int(lines)
        # then the same lines in n/2 two-way connections, as calls are
        # connected: every line's DSP (DTMF detection included) runs alike,
        # the audio crosses between the pairs
        pairs = " ".join(str(1001 + i) for i in range(0, n - 1, 2))
        job += (f"echo '== {n} lines, idle'\n"
                f"insmod /modules/tapi_sim.ko lines={n}\n"
                f"/tests/tapi_clock_bench {args.seconds} | tail -3\n"
                f"for a in {pairs}; do echo $((a + 1)) > /sys/kernel/debug/tapi_sim/$a/connect; done\n"
                f"echo '== {n} lines in {n // 2} two-way calls'\n"
                f"/tests/tapi_clock_bench {args.seconds} | tail -3\n"
                "rmmod tapi_sim\n")
    # what tone monitoring costs: the same 4 lines, one of them monitored by
    # none, 100, and the most files a line takes, every filter in use
    job += "insmod /modules/tapi_sim.ko\n"
    for n in (0, 100, 256):
        job += (f"echo '== 4 lines, {n} files monitoring four tones of three "
                "frequencies on one'\n"
                f"/tests/tapi_clock_bench {args.seconds} {n} /dev/tapi1 | tail -3\n")
    job += "rmmod tapi_sim\n"
    job += ("echo '== audio latency, write on 1001 to read on 1002'\n"
            "insmod /modules/tapi_sim.ko\n/tests/tapi_audio_bench\nrmmod tapi_sim\n")
    d = OUT / "vm" / "bench-vm"
    d.mkdir(parents=True, exist_ok=True)
    initrd = pack_initramfs(d, job, mods, [OUT / "selftests/tapi_clock_bench",
                                           OUT / "selftests/tapi_audio_bench"])
    console, results = boot("bench-vm", k, initrd,
                            timeout=300 + args.seconds * (4 * len(args.lines.split(",")) + 6))
    print("\n".join(l for l in results.splitlines() if not l.startswith("TAPI-VM")))
    reports = console_reports(console)
    if reports:
        print("The kernel reported problems:\n" + "\n".join(reports))
    return 1 if reports else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="build and run every test")
    c.add_argument("--only", help="comma-separated stages: host,vm,dkms (default: all)")
    c.add_argument("--kernels", default="6.1,6.12,debug",
                   help="comma-separated kernels to test: 6.1,6.12,debug")
    c.add_argument("--test", help="run only this kselftest (its name, e.g. "
                   "ring_events_arrive_in_order_with_timestamps), or tapi-compliance alone "
                   "(compliance) or one of its checks (compliance.CHECK, e.g. "
                   "compliance.events.overflow-is-reported-and-counted), or the randomised "
                   "stress alone (tapi_stress; debug kernel)")
    c.add_argument("--keep", action="store_true", help="do not clear out/ first")
    sub.add_parser("demo", help="build and show the stack working")
    b = sub.add_parser("bench-vm", help="the 1 ms clock's accuracy and cost, and audio "
                       "latency, in a VM")
    b.add_argument("--kernel", default="6.12",
                   choices=sorted(archive.DEBIAN_KERNELS) + ["debug"])
    b.add_argument("--seconds", type=int, default=60)
    b.add_argument("--lines", default="4,64,512", help="line counts to measure at")
    args = ap.parse_args()
    return {"check": cmd_check, "demo": cmd_demo, "bench-vm": cmd_bench_vm}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
