#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Which file of kernel/core calls which, from the built objects' symbols.

Usage: core_graph.py OBJDIR [--check]
Prints one line per file ("a.c -> b.c c.c"); with --check, exits 1 and
names the cycle when a file calls, directly or through others, back into a
file that calls it (docs/architecture.md shows the graph this must keep).
"""
import subprocess
import sys
from pathlib import Path


def symbols(obj):
    out = subprocess.run(["nm", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBR":
            defined.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
    return defined, used


def graph(objdir):
    objs = sorted(p for p in Path(objdir).glob("*.o")
                  if not p.name.endswith(".mod.o") and p.name != "tapi.o")
    syms = {o.stem + ".c": symbols(o) for o in objs}
    owner = {}
    for name, (defined, _) in syms.items():
        for s in defined:
            owner[s] = name
    return {name: sorted({owner[s] for s in used if s in owner} - {name})
            for name, (_, used) in syms.items()}


def find_cycle(g):
    state, stack = {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in g.get(n, []):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if not state.get(m):
                c = visit(m)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(g):
        if not state.get(n):
            c = visit(n)
            if c:
                return c
    return None


def main():
    g = graph(sys.argv[1])
    if not g:
        sys.exit(f"no objects in {sys.argv[1]}")
    for name in sorted(g):
        print(f"{name:14} -> {' '.join(g[name]) or '(none)'}")
    if "--check" in sys.argv[2:]:
        cycle = find_cycle(g)
        if cycle:
            print("cycle: " + " -> ".join(cycle), file=sys.stderr)
            sys.exit(1)


if __name__ == "__main__":
    main()
