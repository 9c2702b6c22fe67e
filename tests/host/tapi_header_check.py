#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""
Check libtapi's <tapi.h> against the Windows SDK's TAPI as mingw-w64 has it
(Debian's mingw-w64-common): every integer constant there has the same value
in ours, every function name it declares is declared by ours with as many
parameters, and every structure has the same members in the same order.

Usage: tapi_header_check.py OUR_INCLUDE_DIR [MINGW_TAPI_H]
Prints one line per check, "ok: ..." or "FAIL: ..." with details after a
failure; exits 1 when any failed.
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MINGW = Path("/usr/share/mingw-w64/include/tapi.h")

# Names in the mingw header that are not TAPI's values: its include guard,
# its helpers, and the ABI switch (ours has its own default).
NOT_VALUES = {"TAPI_H", "DECLARE_OPAQUE32", "GUID_DEFINED", "__LPGUID_DEFINED__",
              "TAPI_CURRENT_VERSION", "TAPIERROR_FORMATMESSAGE"}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def mingw_constants(text):
    """NAME -> 32-bit value for the mingw header's integer constants."""
    raw = {}
    for m in re.finditer(r"^\s*#define\s+([A-Za-z_]\w*)\s+(.+?)\s*$", text, re.M):
        name, val = m.group(1), m.group(2)
        if name in NOT_VALUES or not name[0].isupper():
            continue
        raw[name] = val
    vals = {}

    def evaluate(name, depth=0):
        if name in vals:
            return vals[name]
        v = raw[name]
        v = re.sub(r"__MSABI_LONG\(([^()]*)\)", r"(\1)", v)
        v = v.replace("WM_USER", "0x0400").replace("0X", "0x")
        v = re.sub(r"(0x[0-9A-Fa-f]+|\d+)[uUlL]+\b", r"\1", v)
        for ref in set(re.findall(r"\b[A-Za-z_]\w*\b", v)):
            if ref.startswith("0x"):
                continue
            if ref not in raw or depth > 5:
                return None
            r = evaluate(ref, depth + 1)
            if r is None:
                return None
            v = re.sub(rf"\b{ref}\b", str(r), v)
        if not re.fullmatch(r"[\s()0-9A-Fa-fx+\-|<>*~]*", v):
            return None
        try:
            vals[name] = eval(v, {"__builtins__": {}}) & 0xFFFFFFFF
        except Exception:
            return None
        return vals[name]

    return {n: v for n in raw if (v := evaluate(n)) is not None}


def mingw_functions(text):
    """name -> number of parameters, for every WINAPI function."""
    out = {}
    for m in re.finditer(r"WINAPI\s+(\w+)\s*\(([^;]*?)\)\s*;", strip_comments(text), re.S):
        params = m.group(2).strip()
        out[m.group(1)] = 0 if params in ("", "void", "VOID") else params.count(",") + 1
    return out


def struct_members(text):
    """typedef name -> member names in order, from `typedef struct ... { } NAME`."""
    text = strip_comments(text)
    out = {}
    i = 0
    while True:
        m = re.compile(r"typedef\s+struct\s+\w*\s*\{").search(text, i)
        if not m:
            break
        depth, j = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        body = text[m.end():j - 1]
        tail = re.match(r"\s*(\w+)", text[j:])
        i = j
        if not tail:
            continue
        members = re.findall(r"(\w+)\s*(?:\[[^\]]*\])?\s*;", body)
        out[tail.group(1)] = members
    return out


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    inc = Path(sys.argv[1]).resolve()
    mingw = Path(sys.argv[2]) if len(sys.argv) > 2 else MINGW
    text = mingw.read_text(errors="replace")
    failed = False

    def report(ok, what, detail=""):
        nonlocal failed
        print(("ok: " if ok else "FAIL: ") + what)
        if not ok:
            failed = True
            print(detail.rstrip())

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # constants: present (preprocessor), then equal (a program prints ours)
        consts = mingw_constants(text)
        src = tmp / "c.c"
        src.write_text('#include <tapi.h>\n' + "".join(
            f"#ifndef {n}\nMISSING {n}\n#endif\n" for n in sorted(consts)))
        r = run(["gcc", "-E", "-P", "-I", str(inc), str(src)])
        missing = re.findall(r"MISSING (\w+)", r.stdout)
        report(r.returncode == 0 and not missing,
               f"{len(consts) - len(missing)} of the SDK's {len(consts)} constants defined",
               r.stderr + "missing: " + " ".join(missing))
        have = [n for n in sorted(consts) if n not in missing]
        src.write_text('#include <stdio.h>\n#include <tapi.h>\nint main(void)\n{\n' + "".join(
            f'\tprintf("{n} %u\\n", (unsigned int)(long long)({n}));\n' for n in have) +
            "\treturn 0;\n}\n")
        exe = tmp / "c"
        r = run(["gcc", "-std=c11", "-I", str(inc), "-o", str(exe), str(src)])
        if r.returncode:
            report(False, "the constants compile as integers", r.stderr[-3000:])
        else:
            ours = dict(l.split() for l in run([str(exe)]).stdout.splitlines())
            wrong = [f"{n}: ours {int(ours[n]):#x}, the SDK's {consts[n]:#x}"
                     for n in have if int(ours[n]) != consts[n]]
            report(not wrong, f"{len(have) - len(wrong)} constants have the SDK's value",
                   "\n".join(wrong))

        # functions: every name declared, with as many parameters
        funcs = mingw_functions(text)
        src.write_text('#include <tapi.h>\n' + "".join(
            f"void *p_{n} = (void *)&{n};\n" for n in sorted(funcs)))
        r = run(["gcc", "-std=c11", "-c", "-I", str(inc), "-o", str(tmp / "f.o"), str(src)])
        undeclared = sorted(set(re.findall(r"'(\w+)' undeclared", r.stderr)))
        report(r.returncode == 0, f"{len(funcs) - len(undeclared)} of the SDK's "
               f"{len(funcs)} function names declared", "undeclared: " +
               " ".join(undeclared) + "\n" + r.stderr[-2000:])
        pre = run(["gcc", "-E", "-P", "-I", str(inc), "-DTAPI_CURRENT_VERSION=0x00030001",
                   "-x", "c", "-"], input="#include <tapi.h>\n").stdout
        ours_f = {}
        for m in re.finditer(r"\bLONG\s+(\w+)\s*\(([^;]*?)\)\s*;", pre, re.S):
            p = m.group(2).strip()
            ours_f[m.group(1)] = 0 if p in ("", "void") else p.count(",") + 1
        for m in re.finditer(r"^#define\s+(\w+)\s+(\w+A)\s*$",
                             (inc / "tapi.h").read_text(), re.M):
            if m.group(2) in ours_f:
                ours_f[m.group(1)] = ours_f[m.group(2)]
        arity = [f"{n}: ours {ours_f.get(n)}, the SDK's {c}" for n, c in sorted(funcs.items())
                 if n in ours_f and ours_f[n] != c]
        report(not arity, "every function takes as many parameters as the SDK's",
               "\n".join(arity))

        # structures: same members, same order (with TAPI 3.x's fields asked for)
        sdk_s = struct_members(text)
        ours_s = struct_members(pre)
        diff = []
        for name, members in sorted(sdk_s.items()):
            if name not in ours_s:
                diff.append(f"{name}: not defined")
            elif ours_s[name] != members:
                diff.append(f"{name}: ours {ours_s[name]}\n   the SDK's {members}")
        report(not diff, f"{len(sdk_s) - len(diff)} of the SDK's {len(sdk_s)} structures "
               "have its members in its order", "\n".join(diff))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
