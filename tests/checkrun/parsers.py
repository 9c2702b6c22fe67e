# SPDX-License-Identifier: GPL-2.0-only
"""Reading what tests print: TAP, KUnit's KTAP (through the kernel's own
kunit.py), a kernel console's reports and a VM job's sections and times."""

import re
import sys

from .run import Result
from .shell import sh

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


def console_reports(text):
    """Lines of a kernel console that report a kernel problem."""
    return [l for l in text.splitlines() if KERNEL_REPORT.search(l)]


def boot_reports(text):
    """Reports the kernel printed while booting, before it ran the VM's /init:
    all of them when it never got there (none of ours is loaded before)."""
    return console_reports(text.split("Run /init as init process", 1)[0])


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


def parse_tap(prefix, lines):
    """The results of one TAP stream, each test's name under @prefix; a
    failure's detail is the diagnostics it printed. A plan not met (the
    binary crashed mid-run) is a failure of its own."""
    results, plan, seen = [], None, 0
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
        results.append(Result(f"{prefix}: {m.group(3)}", ok,
                              m.group(5) if skip else "\n".join(ctx), skip and ok))
    if plan is not None and seen != plan:
        results.append(Result(f"{prefix}: ran all {plan} planned tests", False,
                              f"only {seen} reported (the test binary crashed?)"))
    return results


def record_tap(run, prefix, lines):
    run.take(parse_tap(prefix, lines))


def ktap_of(lines):
    """The KTAP in a console's lines, timestamps stripped, with the top-level
    plan kunit.py wants; None if there is none."""
    text = [TIMESTAMP.sub("", l) for l in lines]
    start = next((i for i, l in enumerate(text) if l.lstrip().startswith("KTAP version")),
                 None)
    if start is None:
        return None
    ktap = text[start:]
    if not any(re.match(r"^1\.\.\d+", l) for l in ktap[:3]):
        # 6.1 prints a module's suites, indented, without a top-level
        # header and plan: one for as many suites as it reported
        suites = sum(1 for l in ktap if re.match(r"^(not )?ok \d+ ", l))
        ktap = ["KTAP version 1", f"1..{suites}"] + \
            (ktap[1:] if ktap[0].startswith("KTAP version") else ktap)
    return ktap


def parse_kunit(prefix, lines, src, ktap_file, log="kunit-parse.log"):
    """The results of KUnit's KTAP in @lines, parsed by the kernel's own
    kunit.py from the source tree @src; @ktap_file is where it reads them."""
    ktap = ktap_of(lines)
    if ktap is None:
        text = [TIMESTAMP.sub("", l) for l in lines]
        return [Result(f"{prefix}: KUnit produced KTAP output", False, "\n".join(text[-30:]))]
    ktap_file.write_text("\n".join(ktap) + "\n")
    kunit_py = src / "tools/testing/kunit/kunit.py"
    _, out = sh([sys.executable, str(kunit_py), "parse", str(ktap_file)], cwd=str(src),
                log=log)
    results = []
    for line in out.splitlines():
        m = re.search(r"\[(PASSED|FAILED|SKIPPED|CRASHED)\] ?(\S*)", line)
        # "==== [PASSED] suite ====" lines summarise a suite: not a test.
        # A test the kernel died in has no name: "[CRASHED] ".
        if m and "====" not in line:
            results.append(Result(f"{prefix}: {m.group(2) or 'a test that crashed'}",
                                  m.group(1) in ("PASSED", "SKIPPED"),
                                  out[-2000:], m.group(1) == "SKIPPED"))
    if not results:
        results.append(Result(f"{prefix}: kunit.py parsed the KUnit results", False,
                              out[-2000:]))
    return results


def parse_vm(name, console, results, kunit_src=None, ktap_dir=None):
    """Every kind of evidence one VM run gives: the console's reports, the
    markers, and each section's tests; @kunit_src, a kernel source tree
    whose kunit.py reads KUnit's sections (into files in @ktap_dir)."""
    reports = console_reports(console)
    out = [Result(f"{name}: kernel console free of BUG/WARNING/Oops/KASAN/UBSAN/"
                  "lockdep/kmemleak reports", not reports, "\n".join(reports[:20]))]
    begun = BEGIN_MARK in results
    end = next((END_MARK.match(l) for l in results.splitlines() if END_MARK.match(l)), None)
    tail = "\n".join(console.splitlines()[-20:])
    out.append(Result(f"{name}: VM reached its end marker (no crash or hang)",
                      bool(begun and end), tail))
    for kind, sect, lines in split_sections(results):
        prefix = f"{name}/{sect}"
        if kind == "tap":
            out += parse_tap(prefix, lines)
        elif kind == "kunit" and kunit_src:
            out += parse_kunit(prefix, lines, kunit_src,
                               ktap_dir / f"{prefix.replace('/', '-')}.ktap")
        elif kind == "kmemleak":
            leaks = [l for l in lines if l.strip() and not l.startswith("TAPI-VM-END")]
            out.append(Result(f"{prefix}: no leaked objects after the tests", not leaks,
                              "\n".join(leaks[:40])))
    return out


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
