# SPDX-License-Identifier: GPL-2.0-only
"""The commands: check (make check), demo (make demo) and bench-vm."""

import os
import shutil
import subprocess
import threading
import time
import traceback
from pathlib import Path

import hoststate

from .builds import build_modules, build_userspace
from .dkms import dkms_vm, stage_dkms
from .hosttests import (host_benchmarks, host_checkpatch, host_compliance, host_dsp,
                        host_driver_includes, host_dsp_rules, host_fuzz, host_install,
                        host_kernel_doc, host_man_pages, host_spdx, host_state_check,
                        host_state_unchanged, host_tapi_header, host_tapictl, host_uapi,
                        host_udev_rules, host_unittests, host_version)
from .jobs import LOWRES_TESTS, WAIT_FOR_SH
from .kernels import (DEBIAN_SERIES, DKMS_LANE, LANE_ORDER, busybox, debug_kernel,
                      fetch_kernel, plan)
from .parsers import END_MARK, console_reports
from .run import BufferedRun, Fatal, Run
from .settings import CACHE, JOBS, LOGS, OUT, ROOT
from .shell import DEMO_PACKAGES, PACKAGES, sh, stage_packages, user_make
from .vm import boot, pack_initramfs, vm_tests


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
    with run.stage("kernels: the newest of each Debian series, unpacked in the cache"):
        print(f"   busybox: {busybox()}")
        for series in DEBIAN_SERIES:
            if series in names:
                kernels += fetch(run, series)
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
    kernels.sort(key=lambda k: LANE_ORDER.index(k["name"]) if k["name"] in LANE_ORDER
                 else len(LANE_ORDER))

    # The debug kernel's modules and the userspace first: its VM, the
    # longest, starts as soon as they are built.
    with run.stage("build"):
        for k in kernels:
            if k["debug"]:
                mods[k["name"]] = build_modules(run, k)
        userspace_ok = build_userspace(run, ksft)
    # each kernel's VMs start as soon as its own modules are built
    built = {k["name"]: threading.Event() for k in kernels}
    for k in kernels:
        if k["debug"]:
            built[k["name"]].set()
    test = args.test.split(",") if args.test else []

    def kernel_vms(r, k):
        """Kernel @k's VMs, recorded in @r."""
        built[k["name"]].wait()
        if not mods.get(k["name"]) or not userspace_ok:
            r.record(f"vm {k['name']}: not run, its build failed", False)
            return
        with r.stage(f"VM: {k['name']} ({k['kver']})"):
            vm_tests(r, k, mods[k["name"]], test)
        if plan(k).lowres and not args.test:
            with r.stage(f"VM: {k['name']} without high-resolution timers"):
                vm_tests(r, k, mods[k["name"]], LOWRES_TESTS, variant="highres=off",
                         append="highres=off", tapictl=True)

    def dkms(r):
        debian = [k for k in kernels if plan(k).dkms]
        with r.stage("DKMS: autoinstall for every Debian kernel, as its upgrade would"):
            built = stage_dkms(r, debian)
        for k in debian:
            if k["name"] in built and userspace_ok:
                with r.stage(f"VM: {k['name']} with the DKMS-built modules"):
                    dkms_vm(r, k, built[k["name"]])

    # What runs after the builds, in three lanes: the main thread's, after
    # the host tests, and two threads started now (the debug kernel's VM
    # first). QEMU (TCG) keeps one core busy while a VM computes; much of a
    # VM's time is the tests waiting for rings, timeouts and audio, so three
    # lanes keep two cores busy. On one core, or with TAPI_CHECK_SERIAL=1,
    # everything runs in the main thread, in turn.
    lanes = {0: [], 1: [], 2: []}
    serial = (os.cpu_count() or 1) < 2 or os.environ.get("TAPI_CHECK_SERIAL")
    if want("vm"):
        for k in kernels:
            lanes[0 if serial else plan(k).lane].append(lambda r, k=k: kernel_vms(r, k))
    if want("dkms"):
        lanes[0 if serial else DKMS_LANE].append(dkms)
    threads = []
    for lane in (1, 2):
        if not lanes[lane]:
            continue
        brun = BufferedRun()

        def side(brun=brun, tasks=lanes[lane]):
            t0 = time.monotonic()
            for task in tasks:
                try:
                    task(brun)
                except Exception:   # a thread's exception would vanish: a failure
                    brun.record("a side lane's run itself failed", False,
                                traceback.format_exc())
            brun.dt = time.monotonic() - t0

        t = threading.Thread(target=side)
        t.start()
        threads.append((lane, t, brun))

    try:
        with run.stage("build: the other kernels' modules"):
            for k in kernels:
                if not k["debug"]:
                    mods[k["name"]] = build_modules(run, k)
                    built[k["name"]].set()
    finally:
        for e in built.values():
            e.set()

    if want("host"):
        with run.stage("host tests"):
            host_spdx(run)
            host_version(run)
            host_dsp_rules(run)
            host_driver_includes(run)
            host_udev_rules(run)
            host_dsp(run, ksft)
            host_fuzz(run)
            host_benchmarks(run)
            host_uapi(run)
            host_tapi_header(run)
            host_unittests(run)
            host_state_check(run)
            if userspace_ok:
                host_tapictl(run)
                host_compliance(run)
                host_man_pages(run)
                host_install(run)
            host_kernel_doc(run, dbg["src"])
            host_checkpatch(run, dbg["src"])
    for task in lanes[0]:
        task(run)
    for lane, t, brun in threads:
        t.join()
        run.merge(brun, f"lane {lane}", getattr(brun, "dt", 0.0))
    with run.stage("host state"):
        host_state_unchanged(run, host_before, "make check")
    return run.summary()


def fetch(run, series):
    """[the newest kernel of @series], or [] with a failure saying why: a
    kernel missing from the archive stops only its own tests."""
    try:
        k = fetch_kernel(series)
    except Fatal as e:
        run.record(f"kernels: the newest Debian {series} kernel, unpacked", False, str(e))
        return []
    print(f"   {series}: {k['kver']}, built against {k['kdir']}")
    if k.get("config_differences") is not None:
        sparse = k.get("sparse") or "the host's"
        print(f"      (a tree prepared from its source: Debian's configuration, refreshed "
              f"for this host's gcc, differs in {len(k['config_differences'])} toolchain "
              f"options; sparse: {sparse})")
    return [k]


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
