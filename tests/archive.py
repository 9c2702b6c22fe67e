# SPDX-License-Identifier: GPL-2.0-only
"""Debian packages make check uses without installing them: downloaded from
the archive with apt-get download and unpacked into the cache.

Installing them would change the host: a kernel's headers package depends on
its image, whose installation puts a kernel in /boot, rebuilds initramfs and
changes what the machine boots next; busybox-static replaces busybox and its
trigger rebuilds the host's initramfs.

Each unpacked tree is complete or absent: it is built in a scratch directory
beside its place and renamed into it last, so an interrupted run leaves at
most scratch, which a later run sweeps away.
"""

import os
import re
import shlex
import shutil
import tempfile
import time
from pathlib import Path

# Debian's kernels, found in the archive at run time (never hard-coded).
DEBIAN_KERNELS = {
    "6.1": r"^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$",
    "6.12": r"^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$",
}

# What a kernel's headers need that goes into the cache with them; the
# alternatives naming the image are for running that kernel, not for building
# against it, and linux-base holds the scripts that install kernels.
CACHED_DEPENDS = re.compile(r"^linux-(headers|kbuild)-")
SKIPPED_DEPENDS = re.compile(r"^(linux-image-|linux-base$)")

COMPLETE = ".complete"      # in a finished tree: the packages it holds
TOOLS = ".host-tools"       # in a kernel's tree: what its headers need installed
SCRATCH_AGE = 6 * 3600      # scratch older than this is an interrupted run's


class ArchiveError(Exception):
    """The archive lacks what make check needs."""


def version_key(name):
    return [int(x) for x in re.findall(r"\d+", name)]


def newest_image(series, sh):
    """(kernel release, image package) of the newest kernel of @series."""
    _, out = sh(["apt-cache", "search", "--names-only", DEBIAN_KERNELS[series]])
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    names = [n for n in names if re.match(DEBIAN_KERNELS[series], n)]
    if not names:
        raise ArchiveError(f"no Debian {series} kernel found in the archive")
    image = max(names, key=version_key)
    return image[len("linux-image-"):-len("-unsigned")], image


def record(spec, sh):
    """The archive's record of @spec ("name" for the candidate, or "name=version")."""
    rc, out = sh(["apt-cache", "show", "--no-all-versions", spec])
    fields, key = {}, None
    for line in out.splitlines() if rc == 0 else []:
        if not line.strip():
            break
        if line[0].isspace() and key:
            fields[key] += " " + line.strip()
            continue
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    if "Version" not in fields:
        raise ArchiveError(f"the archive has no package {spec}")
    return fields


def depends(text):
    """A Depends field as groups of alternatives, each (name, relation, version)."""
    groups = []
    for group in filter(None, (g.strip() for g in text.split(","))):
        alts = []
        for alt in group.split("|"):
            m = re.match(r"^\s*([^\s(:]+)(?::\S+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?",
                         alt)
            if m:
                alts.append(m.groups())
        groups.append(alts)
    return groups


def headers_packages(kver, sh):
    """The packages building against @kver needs, from the archive's Depends:
    ("name=version" to unpack, names of the host's build tools among them)."""
    specs, tools, todo, seen = [], [], [(f"linux-headers-{kver}", None)], set()
    while todo:
        name, version = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        fields = record(f"{name}={version}" if version else name, sh)
        specs.append(f"{name}={fields['Version']}")
        for alts in depends(fields.get("Depends", "")):
            if any(SKIPPED_DEPENDS.match(a[0]) for a in alts):
                continue
            name2, rel, ver = alts[0]
            if CACHED_DEPENDS.match(name2):
                todo.append((name2, ver if rel == "=" else None))
            else:
                tools.append(name2)
    return sorted(specs), sorted(set(tools))


def sweep(parent):
    """Remove what interrupted runs left in @parent."""
    for d in parent.glob(".*.scratch"):
        try:
            if time.time() - d.stat().st_mtime > SCRATCH_AGE:
                shutil.rmtree(d, ignore_errors=True)
        except FileNotFoundError:
            pass


def unpack(dest, packages, sh, fixup, members=None):
    """Download @packages ("name=version") and unpack them into @dest, all or
    nothing. @members maps a package name to the tar patterns to take from it
    (the rest of it is not needed); @fixup(tree) finishes the tree, which
    will live at @dest."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    sweep(dest.parent)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".scratch",
                                 dir=dest.parent))
    try:
        debs, tree = work / "debs", work / "tree"
        debs.mkdir()
        tree.mkdir()
        sh(["apt-get", "download"] + packages, cwd=str(debs),
           log=f"download-{dest.name}.log", check=True)
        for spec in packages:
            name = spec.split("=")[0]
            deb = next(debs.glob(f"{name}_*.deb"), None)
            if deb is None:
                raise ArchiveError(f"apt-get download gave no {name}")
            pats = (members or {}).get(name)
            if pats:
                sh(f"dpkg-deb --fsys-tarfile {shlex.quote(str(deb))} | tar -x -C "
                   f"{shlex.quote(str(tree))} --wildcards " + " ".join(map(shlex.quote, pats)),
                   check=True)
            else:
                sh(["dpkg-deb", "-x", str(deb), str(tree)], check=True)
        fixup(tree)
        (tree / COMPLETE).write_text("\n".join(packages) + "\n")
        if dest.exists() and not (dest / COMPLETE).exists():
            shutil.rmtree(dest)     # not ours to trust: no run finished it
        try:
            tree.rename(dest)
        except OSError:
            if not (dest / COMPLETE).exists():
                raise               # else a concurrent run finished it first
    finally:
        shutil.rmtree(work, ignore_errors=True)


def contain_links(tree, final):
    """Make the tree's links resolve inside it once it is at @final: absolute
    ones are taken as relative to its root; none may lead out of it."""
    for link in [p for p in tree.rglob("*") if p.is_symlink()]:
        target = link.readlink()
        if target.is_absolute():
            target = Path(os.path.relpath(tree / target.relative_to("/"), link.parent))
            link.unlink()
            link.symlink_to(target)
        where = (link.parent / target).resolve()
        if not where.is_relative_to(tree.resolve()) or not where.exists():
            raise ArchiveError(f"{link.relative_to(tree)} -> {target} leads out of "
                               f"the unpacked tree or nowhere (for {final})")


def kernel(kver, image, cache, sh):
    """Debian's kernel @kver from the archive, unpacked in @cache/<kver>: its
    image and configfs module (a module in Debian's kernels; tapi_sim needs
    it) for booting, its headers, common headers and kbuild for building.
    Returns (headers directory, kernel image, configfs module, the build
    tools the headers need from the host)."""
    dest = cache / kver
    kdir = dest / f"usr/src/linux-headers-{kver}"

    def fixup(tree):
        # The links from /lib/modules/<kver> are the host's business; the
        # arch headers' Makefile includes the common one by absolute path.
        for n in ("build", "source"):
            p = tree / "lib/modules" / kver / n
            if p.is_symlink():
                p.unlink()
        mk = tree / kdir.relative_to(dest) / "Makefile"
        if not mk.exists():
            raise ArchiveError(f"linux-headers-{kver} has no {mk.relative_to(tree)}")
        text = mk.read_text()
        fixed = re.sub(r"^(-?include\s+)/usr/src/", rf"\g<1>{dest}/usr/src/", text,
                       flags=re.M)
        if fixed == text:
            raise ArchiveError(f"{mk.relative_to(tree)} does not include the common "
                               f"headers as expected:\n{text}")
        mk.write_text(fixed)
        contain_links(tree, dest)
        (tree / TOOLS).write_text("\n".join(tools) + "\n")

    if not (dest / COMPLETE).exists():
        specs, tools = headers_packages(kver, sh)
        unpack(dest, specs + [f"{image}={record(image, sh)['Version']}"], sh, fixup,
               members={image: [f"./boot/vmlinuz-{kver}", "./lib/modules/*/configfs.ko*"]})
    configfs = next((dest / "lib/modules" / kver).rglob("configfs.ko*"), None)
    tools = (dest / TOOLS).read_text().split() if (dest / TOOLS).exists() else \
        headers_packages(kver, sh)[1]
    return kdir, dest / f"boot/vmlinuz-{kver}", configfs, tools


def busybox(cache, sh):
    """busybox-static's /bin/busybox, unpacked in @cache/<version>."""
    version = record("busybox-static", sh)["Version"]
    dest = cache / version.replace(":", "%3a")
    if not (dest / COMPLETE).exists():
        unpack(dest, [f"busybox-static={version}"], sh, lambda tree: None,
               members={"busybox-static": ["./bin/busybox"]})
    return dest / "bin/busybox"
