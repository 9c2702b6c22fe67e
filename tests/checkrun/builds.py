# SPDX-License-Identifier: GPL-2.0-only
"""Builds: the modules for each kernel, the userspace (tools, libtapi, the
selftests), and the checks of what libtapi exports."""

import re
import shutil

from .settings import JOBS, OUT, ROOT
from .shell import sh, user_make


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
    # a kernel's headers may need a newer sparse than the host's (srctree.py)
    check = [f"CHECK={k['sparse']}"] if k.get("sparse") else []
    rc, out = sh(["make", "-C", str(k["kdir"]), f"M={tree}", "C=2", "W=1",
                  "KCFLAGS=-Werror", f"-j{JOBS}", "modules"] + check,
                 log=f"build-modules-{k['name']}.log")
    noise = [l for l in out.splitlines()
             if re.search(r"warning|error|Warning|WARNING|ERROR", l)]
    mods = {"tapi": tree / "kernel/tapi.ko",
            "tapi_sim": tree / "kernel/drivers/sim/tapi_sim.ko",
            "utapi": tree / "kernel/drivers/utapi/utapi.ko"}
    if k["debug"]:
        mods["tapi_kunit"] = tree / "tests/kunit/tapi_kunit.ko"
    missing = [str(p) for p in mods.values() if not p.exists()]
    if k.get("configfs"):
        mods["configfs"] = k["configfs"]    # the VM's init loads it first
    ok = rc == 0 and not noise and not missing
    run.record(f"build: modules for {k['name']} ({k['kver']}), sparse C=2, W=1, "
               "no warnings", ok, "\n".join(noise or missing) or out[-2000:])
    if ok and k["name"] == "6.12":
        core_call_graph(run, tree / "kernel/core")
    return mods if rc == 0 and not missing else None


def core_call_graph(run, objdir):
    """kernel/core's files call each other without cycles, as docs/architecture.md shows."""
    rc, out = sh(["python3", str(ROOT / "tests/host/core_graph.py"), str(objdir), "--check"])
    doc = (ROOT / "docs/architecture.md").read_text()
    m = re.search(r"tests/host/core_graph\.py.*?```\n(.*?)```", doc, re.S)
    shown = m.group(1) if m else ""
    graph = "\n".join(l for l in out.splitlines()
                      if "->" in l and not l.startswith("cycle")) + "\n"
    run.record("build: no file of kernel/core calls back into one that calls it",
               rc == 0, out[-2000:])
    run.record("build: docs/architecture.md shows kernel/core's call graph as built",
               rc == 0 and shown == graph, f"built:\n{graph}\ndocs:\n{shown}")


def build_userspace(run, ksft_dir):
    rc, out = sh(user_make(f"KSFT_DIR={ksft_dir}", f"-j{JOBS}", "tools", "compliance", "providers",
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
    # libtapi's own extensions (libtapi_*) are no TAPI function of the table
    exported = {n.split("@")[0] for n in names if not n.startswith("libtapi_")}
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
