# SPDX-License-Identifier: GPL-2.0-only
"""Booting a kernel under QEMU: the initramfs with the job and its
binaries, the boot, and the evidence one run gives."""

import os
import re
import shlex
import shutil
from pathlib import Path

from .jobs import EXAMPLE_BINS, LIBTAPI_TESTS, STRESS, job_for
from .kernels import busybox
from .kselftests import binaries as kselftest_binaries
from .parsers import boot_reports, parse_vm, section_times
from .settings import OUT, ROOT
from .shell import sh

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
    # high-resolution timers. no_timer_check, on Debian's kernels: on a busy
    # host their check that the emulated IO-APIC's timer ticks can fail and
    # panic the boot ("IO-APIC + timer doesn't work!", seen under load); the
    # debug kernel's first boot with it once tripped KASAN at that point, so
    # it boots without (a boot-time report there gets its one retry).
    # TAPI_VM_APPEND adds parameters for experiments.
    append = " ".join(["console=ttyS0 panic=-1 oops=panic tsc=reliable",
                       "" if k["debug"] else "no_timer_check", extra_append,
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


def record_vm(run, name, console, results, kunit_k=None):
    """Every kind of evidence one VM run gives: markers, reports, tests."""
    run.take(parse_vm(name, console, results, kunit_k["src"] if kunit_k else None,
                      OUT / "vm"))


def vm_tests(run, k, mods, selftest_filter=(), variant="", append="", tapictl=False):
    tag = k["name"] + (f" {variant}" if variant else "")
    job = job_for(k, selftest_filter, tapictl)
    # the kselftest programs the job runs, not every one (static: a MB each)
    bins = [OUT / "tapictl", OUT / "demo/hello.wav", OUT / "selftests/tapi_stress",
            OUT / "tapi-compliance", OUT / "tapi-compliance_32", OUT / "tapi-loopback"] + \
        [OUT / "selftests" / t for t in kselftest_binaries(job)] + \
        [OUT / "libtapi-tests" / t for t in LIBTAPI_TESTS] + \
        [OUT / "examples" / e for e in EXAMPLE_BINS] + [ROOT / "tests/examples/examples_test.sh"]
    d = OUT / "vm" / tag.replace(" ", "-")
    d.mkdir(parents=True, exist_ok=True)
    initrd = pack_initramfs(d, job, mods, bins)
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
                f"{seed.group(1)} python3 tests/check.py check --only vm --kernels {k['name']} "
                f"--test {STRESS})")
    times = section_times(results)
    if times:
        run.say(f"   vm {tag}, time per section: {times}")


# What must hold on a kernel without high-resolution timers, where the clock's
