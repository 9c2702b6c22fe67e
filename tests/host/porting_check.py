#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What docs/porting.md tells a porter about compiling, checked with the
compilers here: NULL given for a handle (a 32-bit DWORD, as in the SDK)
warns as -Wint-conversion (an error with -Werror=int-conversion, GCC 14's
and clang 15's default), 0 compiles cleanly, -Wno-int-conversion silences
it; in C++ NULL warns (-Wconversion-null) and nullptr is an error. And
UNICODE maps the plain names to the ...W forms where mingw-w64's tapi.h
(the SDK's names) does.

Usage: porting_check.py <dir with tapi.h> [mingw tapi.h]
Prints "ok: ..." or "FAIL: ..." lines; exits 1 on a failure.
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MINGW = Path("/usr/share/mingw-w64/include/tapi.h")

NULL_C = """#include <stddef.h>
#include <tapi.h>
LONG close_it(void)
{
	HLINE line = NULL;
	return lineClose(line);
}
"""
ZERO_C = NULL_C.replace("= NULL", "= 0")
NULLPTR_CXX = NULL_C.replace("= NULL", "= nullptr")

failed = False


def report(ok, what, detail=""):
    global failed
    print(f"{'ok' if ok else 'FAIL'}: {what}")
    if not ok:
        failed = True
        if detail:
            print(detail.rstrip())


def compile_(compiler, lang, src, inc, *flags):
    r = subprocess.run([compiler, "-x", lang, "-fsyntax-only", "-Wall", "-Wextra",
                        "-I", str(inc), *flags, "-"], input=src, text=True,
                       capture_output=True)
    return r.returncode, r.stderr


def main():
    inc = Path(sys.argv[1])
    mingw = Path(sys.argv[2]) if len(sys.argv) > 2 else MINGW
    for cc in ("gcc", "clang"):
        rc, err = compile_(cc, "c", NULL_C, inc, "-std=c11")
        report(rc == 0 and "-Wint-conversion" in err,
               f"{cc}: NULL for a handle compiles with a -Wint-conversion warning", err)
        rc, err = compile_(cc, "c", NULL_C, inc, "-std=c11", "-Werror=int-conversion")
        report(rc != 0 and "int-conversion" in err,
               f"{cc}: with -Werror=int-conversion (GCC 14's, clang 15's default) it fails",
               err)
        rc, err = compile_(cc, "c", NULL_C, inc, "-std=c11", "-Werror", "-Wno-int-conversion")
        report(rc == 0 and not err, f"{cc}: -Wno-int-conversion lets NULL through silently",
               err)
        rc, err = compile_(cc, "c", ZERO_C, inc, "-std=c11", "-pedantic", "-Werror")
        report(rc == 0 and not err, f"{cc}: 0 for a handle compiles cleanly", err)
    rc, err = compile_("g++", "c++", NULL_C, inc, "-std=c++11")
    report(rc == 0 and "-Wconversion-null" in err,
           "g++: NULL for a handle compiles with a -Wconversion-null warning", err)
    rc, err = compile_("g++", "c++", NULLPTR_CXX, inc, "-std=c++11")
    report(rc != 0, "g++: nullptr for a handle is an error", err)
    rc, err = compile_("g++", "c++", ZERO_C, inc, "-std=c++11", "-pedantic", "-Werror")
    report(rc == 0 and not err, "g++: 0 for a handle compiles cleanly", err)

    # UNICODE: each plain name mingw-w64 maps to ...A or ...W maps to ...W here
    text = mingw.read_text(errors="replace")
    aw = sorted(set(re.findall(r"^#define\s+(\w+)\s+__MINGW_NAME_AW\(\1\)", text, re.M)))
    src = "#include <tapi.h>\n" + "".join(f'"{n}" {n}\n' for n in aw + ["lineGetLineDevStatus"])
    r = subprocess.run(["gcc", "-E", "-P", "-DUNICODE", "-fshort-wchar", "-I", str(inc),
                        "-x", "c", "-"], input=src, text=True, capture_output=True)
    got = dict(re.findall(r'^"(\w+)" (\w+)$', r.stdout, re.M))
    # mingw-w64 spells lineGetLineDevStatus "lineGetDevStatus", a name that does not exist
    wrong = [f"{n}: {got.get(n)}" for n in aw
             if n != "lineGetDevStatus" and got.get(n) != n + "W"]
    report(r.returncode == 0 and aw and not wrong and
           got.get("lineGetLineDevStatus") == "lineGetLineDevStatusW",
           f"UNICODE makes the SDK's {len(aw)} plain names with a ...W form the ...W form",
           "\n".join(wrong) + r.stderr[-1500:])
    with tempfile.TemporaryDirectory() as tmp:
        prog = Path(tmp) / "u.c"
        prog.write_text('#define UNICODE\n#include <tapi.h>\n'
                        'LONG f(HLINE l, HCALL *c) { return lineMakeCall(l, c, L"1002", 0, 0); }\n'
                        'LONG g(HLINE l, HCALL *c) { return lineMakeCall(l, c, u"1002", 0, 0); }\n')
        rc, err = compile_("gcc", "c", prog.read_text(), inc, "-std=c11", "-pedantic",
                           "-Werror", "-fshort-wchar")
        report(rc == 0 and not err, 'UNICODE: L"..." (-fshort-wchar) and u"..." are '
               "LPCWSTR strings", err)
        rc, err = compile_("g++", "c++", prog.read_text().replace('u"1002"', 'L"1002"'), inc,
                           "-std=c++11", "-pedantic", "-Werror", "-fshort-wchar")
        report(rc == 0 and not err, 'UNICODE in C++: L"..." with -fshort-wchar is an LPCWSTR',
               err)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
