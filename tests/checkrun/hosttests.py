# SPDX-License-Identifier: GPL-2.0-only
"""The host tests: everything make check checks without booting a kernel."""

import hashlib
import os
import re
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

import hoststate

from .parsers import record_tap
from .settings import CACHE, JOBS, OUT, ROOT
from .shell import sh, user_make

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
            'SYMLINK+="tapi/by-driver/$attr{driver_name}-%n"',
            'KERNEL=="utapi", SUBSYSTEM=="misc", GROUP="tapi-provider", MODE="0660"']
    missing = [w for w in want if w not in active]
    # providers can claim any caller ID: /dev/utapi is never group tapi's
    utapi = [l for l in active.splitlines() if 'KERNEL=="utapi"' in l]
    bad = [l for l in utapi if 'GROUP="tapi"' in l]
    run.record("host: udev rules give group tapi, mode 0660 and stable names; /dev/utapi "
               "to group tapi-provider only", not missing and not bad and utapi,
               "missing: " + ", ".join(missing) + " wrong: " + " ".join(bad))


def host_dsp_rules(run):
    """The DSP's kernel rules, checked mechanically: no floating point (a
    64-bit build with -mgeneral-regs-only, like the kernel's, makes any an
    error; on i386 it would still allow x87) and no 64-bit division but
    through dsp_div_u64() (a 32-bit build must not call libgcc's helpers,
    which a 32-bit kernel can't link)."""
    with tempfile.TemporaryDirectory() as tmp:
        for f in (ROOT / "kernel/dsp").glob("*.[ch]"):
            shutil.copy(f, tmp)
        # dsp.h includes the DSP's driver-facing header
        shutil.copy(ROOT / "kernel/include/tapi_dsp.h", tmp)
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


def host_driver_includes(run):
    """A driver includes the core's API from kernel/include/ only: its own
    headers by name, no path into kernel/core/ or kernel/dsp/."""
    public = {f.name for f in (ROOT / "kernel/include").glob("*.h")}
    bad = []
    for f in sorted((ROOT / "kernel/drivers").rglob("*.[ch]")):
        for no, line in enumerate(f.read_text().splitlines(), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if m and "/" not in m.group(1) and (m.group(1) in public or
                                                (f.parent / m.group(1)).is_file()):
                continue
            if m:
                bad.append(f"{f.relative_to(ROOT)}:{no}: {m.group(1)}")
    run.record("host: drivers include only kernel/include/ and their own headers",
               not bad, "\n".join(bad))


def host_uapi(run):
    test = ROOT / "tests/host/uapi_layout.c"
    for bits in ("64", "32"):
        rc, out = sh(["gcc", f"-m{bits}", "-std=c11", "-Wall", "-Wextra", "-Werror",
                      "-Wpadded", "-I", str(ROOT / "uapi"), "-fsyntax-only", str(test)])
        run.record(f"host: uapi struct layout pinned and padding-free ({bits}-bit)",
                   rc == 0, out)
    # C11 or C++11: the events' parameters are an anonymous union (1.10)
    for lang, std in (("c", "c11"), ("c++", "c++11")):
        rc, out = sh(f"echo '#include <linux/tapi.h>' | gcc -x {lang} -std={std} -pedantic "
                     f"-Wall -Wextra -Werror -I {ROOT}/uapi -fsyntax-only -")
        run.record(f"host: uapi header compiles on its own as {std}, -pedantic", rc == 0, out)
    # the header and docs/uapi.md list the ioctls in number order, the same
    ioctl = r"#define (TAPI_IOC_\w+)\s+_IO\w*\(TAPI_IOC_MAGIC, 0x([0-9a-f]+),"
    header = re.findall(ioctl, (ROOT / "uapi/linux/tapi.h").read_text())
    numbers = [int(n, 16) for _, n in header]
    table = re.findall(r"^\| 0x([0-9a-f]+) \| `(TAPI_IOC_\w+)` \|",
                       (ROOT / "docs/uapi.md").read_text(), re.M)
    run.record("host: the uAPI header lists its ioctls in number order, and "
               "docs/uapi.md's table lists the same", numbers == sorted(numbers) and
               len(set(numbers)) == len(numbers) and
               [(n, name) for name, n in header] == table,
               f"header: {header}\ndocs: {table}")


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
        rc, out = sh(args + ["-pedantic", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                             "-I", str(ROOT / "libtapi/include"),
                             str(ROOT / "tests/host/tapi_error_switch.c")])
        run.record(f"host: switch (dw) {{ case LINEERR_...: }} compiles as {label}",
                   rc == 0, out)


def host_version(run):
    """The version is dkms.conf's alone: the modules take it from Kbuild."""
    bad = []
    for f in project_files():
        if f.startswith("kernel/") and f.endswith(".c"):
            m = re.search(r'MODULE_VERSION\(([^)]*)\)', (ROOT / f).read_text())
            if m and m.group(1) != "TAPI_VERSION":
                bad.append(f"{f}: MODULE_VERSION({m.group(1)}), not TAPI_VERSION")
    run.record("host: the modules' version is dkms.conf's, passed by Kbuild", not bad,
               "\n".join(bad))


def host_kernel_doc(run, src):
    """The kernel's scripts/kernel-doc -Wall on every kernel source and header
    and the uAPI header: every documented function's parameters and return,
    every structure's members, no comment it cannot parse."""
    files = [f for f in project_files()
             if f.endswith((".c", ".h")) and f.startswith(("kernel/", "uapi/", "tests/kunit/"))]
    rc, out = sh([str(src / "scripts/kernel-doc"), "-none", "-Wall"] +
                 [str(ROOT / f) for f in files])
    bad = [l for l in out.splitlines() if re.search(r"warning|error", l)]
    run.record(f"kernel-doc -Wall: the {len(files)} kernel and uAPI files",
               rc == 0 and not bad, "\n".join(bad) or out[-2000:])


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


def host_install(run):
    """make install puts everything under DESTDIR, where PREFIX, LIBDIR and
    the others say, the udev rules where udev reads them."""
    with tempfile.TemporaryDirectory() as tmp:
        rc, out = sh(user_make("install", f"DESTDIR={tmp}", "PREFIX=/usr",
                               "LIBDIR=/usr/lib/x86_64-linux-gnu"))
        got = sorted(str(f.relative_to(tmp)) for f in Path(tmp).rglob("*") if not f.is_dir())
        pc = Path(tmp, "usr/lib/x86_64-linux-gnu/pkgconfig/libtapi.pc")
        pc = pc.read_text() if pc.exists() else ""
    want = ["usr/bin/tapi-compliance", "usr/bin/tapictl", "usr/include/libtapi/tapi.h",
            "usr/include/linux/tapi.h", "usr/include/linux/utapi.h",
            "usr/lib/udev/rules.d/60-tapi.rules",
            "usr/lib/x86_64-linux-gnu/libtapi.so", "usr/lib/x86_64-linux-gnu/libtapi.so.1",
            "usr/lib/x86_64-linux-gnu/pkgconfig/libtapi.pc"] + \
        [f"usr/share/man/man{m.suffix[1:]}/{m.name}"
         for m in sorted((ROOT / "docs/man").glob("*.[1-9]"))]
    versioned = [g for g in got if re.match(r"usr/lib/x86_64-linux-gnu/libtapi\.so\.\d+\.", g)]
    run.record("host: make install DESTDIR=... PREFIX=/usr LIBDIR=... installs every file "
               "there, the pkg-config file naming those directories",
               rc == 0 and sorted(set(got) - set(versioned)) == sorted(want) and
               len(versioned) == 1 and "libdir=/usr/lib/x86_64-linux-gnu\n" in pc and
               "includedir=/usr/include/libtapi\n" in pc,
               f"exit {rc}\n{out[-1500:]}\ngot: {got}\npc: {pc}")


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


class _Recorded(unittest.TestResult):
    """A unittest result that records each case in a Run."""

    def __init__(self, run):
        super().__init__()
        self.run = run

    def name(self, test):
        return f"host: runner unit test {test.id().removeprefix('checkrun.')}"

    def addSuccess(self, test):
        self.run.record(self.name(test), True)

    def addFailure(self, test, err):
        self.run.record(self.name(test), False, self._exc_info_to_string(err, test))

    addError = addFailure

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.run.record(self.name(subtest), False, self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        self.run.record(self.name(test), True, reason, skip=True)


def host_unittests(run):
    """The runner's own unit tests (tests/checkrun/test_*.py): its parsers on
    saved logs."""
    here = Path(__file__).resolve().parent
    suite = unittest.defaultTestLoader.discover(str(here), pattern="test_*.py",
                                                top_level_dir=str(here.parent))
    suite.run(_Recorded(run))
    if not suite.countTestCases():
        run.record("host: runner unit tests found", False, str(here))
