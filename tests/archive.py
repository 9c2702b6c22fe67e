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

import fnmatch
import os
import re
import shlex
import shutil
import tempfile
import time
from pathlib import Path

# Debian's kernels, found in the archive at run time (never hard-coded): the
# pattern of their image package's name, and the suite they come from (None:
# the host's own sources; else a private apt configuration, see private_apt).
DEBIAN_KERNELS = {
    "6.1": (r"^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$", None),
    "6.12": (r"^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$", None),
    "6.12-rt": (r"^linux-image-6\.12\.[0-9]+\+deb12-rt-amd64-unsigned$", None),
    # the development suite's newest: 7.x names its image package without
    # "-unsigned" (the image proper is a dependency, linux-binary-*)
    "unstable": (r"^linux-image-[0-9]+\.[0-9]+\.[0-9]+\+deb[0-9]+-amd64(-unsigned)?$",
                 "unstable"),
}

# What a kernel's headers need that goes into the cache with them; the
# alternatives naming the image are for running that kernel, not for building
# against it, and linux-base holds the scripts that install kernels.
CACHED_DEPENDS = re.compile(r"^linux-(headers|kbuild)-")
SKIPPED_DEPENDS = re.compile(r"^(linux-image-|linux-base($|-))")

COMPLETE = ".complete"      # in a finished tree: the packages it holds
TOOLS = ".host-tools"       # in a kernel's tree: what its headers need installed
SCRATCH_AGE = 6 * 3600      # scratch older than this is an interrupted run's


class ArchiveError(Exception):
    """The archive lacks what make check needs."""


def version_key(name):
    return [int(x) for x in re.findall(r"\d+", name)]


def newest_image(series, sh):
    """(kernel release, image package) of the newest kernel of @series."""
    pattern = DEBIAN_KERNELS[series][0]
    _, out = sh(["apt-cache", "search", "--names-only", pattern])
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    names = [n for n in names if re.match(pattern, n)]
    if not names:
        raise ArchiveError(f"no Debian {series} kernel found in the archive")
    image = max(names, key=version_key)
    kver = image[len("linux-image-"):]
    return kver[:-len("-unsigned")] if kver.endswith("-unsigned") else kver, image


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
                # only the members that match, whichever of them this package has
                tar = f"dpkg-deb --fsys-tarfile {shlex.quote(str(deb))} | tar"
                _, listing = sh(f"{tar} -t", check=True)
                chosen = [m for m in listing.splitlines()
                          if not m.endswith("/") and any(fnmatch.fnmatch(m, p) for p in pats)]
                if chosen:
                    (work / "members").write_text("\n".join(chosen) + "\n")
                    sh(f"{tar} -x -C {shlex.quote(str(tree))} -T {work / 'members'}",
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


# What booting a kernel takes from its packages: the image (in /boot up to
# 6.12; /usr/lib/modules/<kver>/vmlinuz from 7.x, in linux-binary-*) and the
# configfs module (a module in Debian's kernels; tapi_sim needs it).
BOOT_MEMBERS = ["./boot/vmlinuz-*", "./usr/lib/modules/*/vmlinuz*",
                "./lib/modules/*/configfs.ko*", "./usr/lib/modules/*/configfs.ko*"]


def boot_packages(kver, image, sh):
    """@image and what it depends on that is built for @kver (7.x splits the
    image, its modules and its base files into linux-binary-, linux-modules-
    and linux-base-<kver>), each "name=version"."""
    fields = record(image, sh)
    specs = [f"{image}={fields['Version']}"]
    for alts in depends(fields.get("Depends", "")):
        name, rel, ver = alts[0]
        if kver in name and not name.startswith(("linux-base-", "linux-headers-")):
            specs.append(f"{name}={ver if rel == '=' else record(name, sh)['Version']}")
    return specs


def kernel(kver, image, cache, sh):
    """Debian's kernel @kver from the archive, unpacked in @cache/<kver>: its
    image and configfs module for booting, its headers, common headers and
    kbuild for building. Returns (headers directory, kernel image, configfs
    module, the build tools the headers need from the host)."""
    dest = cache / kver
    kdir = dest / f"usr/src/linux-headers-{kver}"

    def fixup(tree):
        # The links from /lib/modules/<kver> are the host's business; the
        # arch headers' Makefile includes the common one by absolute path.
        for lib in ("lib", "usr/lib"):
            for n in ("build", "source"):
                p = tree / lib / "modules" / kver / n
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
        shutil.rmtree(tree / "usr/share", ignore_errors=True)    # docs, some linking to
        # packages not taken (linux-base-<kver>)
        if not boot_image(tree, kver):
            raise ArchiveError(f"no kernel image for {kver} in {', '.join(boot)}")
        contain_links(tree, dest)
        (tree / TOOLS).write_text("\n".join(tools) + "\n")

    if not (dest / COMPLETE).exists():
        specs, tools = headers_packages(kver, sh)
        boot = boot_packages(kver, image, sh)
        unpack(dest, specs + boot, sh, fixup,
               members={b.split("=")[0]: BOOT_MEMBERS for b in boot})
    configfs = next((p for lib in ("lib", "usr/lib")
                     for p in (dest / lib / "modules" / kver).rglob("configfs.ko*")), None)
    tools = (dest / TOOLS).read_text().split() if (dest / TOOLS).exists() else \
        headers_packages(kver, sh)[1]
    return kdir, boot_image(dest, kver), configfs, tools


def boot_image(tree, kver):
    """The kernel image in an unpacked tree, wherever its packages put it."""
    return next((p for p in [tree / f"boot/vmlinuz-{kver}"] +
                 sorted((tree / "usr/lib/modules" / kver).glob("vmlinuz*")) if p.is_file()),
                None)


def busybox(cache, sh):
    """busybox-static's /bin/busybox, unpacked in @cache/<version>."""
    version = record("busybox-static", sh)["Version"]
    dest = cache / version.replace(":", "%3a")
    if not (dest / COMPLETE).exists():
        unpack(dest, [f"busybox-static={version}"], sh, lambda tree: None,
               members={"busybox-static": ["./bin/busybox"]})
    return dest / "bin/busybox"


def private_apt(top, suite, sh):
    """@sh, its apt commands pointed at Debian's @suite through a private
    configuration in @top (sources, lists, package cache): the host's own
    sources and state stay as they are. The suite's lists are fetched anew
    on every run, like the host's: its kernels move."""
    top = Path(top)
    for d in ("etc/apt.conf.d", "etc/sources.list.d", "etc/preferences.d",
              "state/lists/partial", "cache/archives/partial"):
        (top / d).mkdir(parents=True, exist_ok=True)
    keyring = "/usr/share/keyrings/debian-archive-keyring.gpg"
    (top / "etc/sources.list").write_text(
        "".join(f"{kind} [signed-by={keyring}] http://deb.debian.org/debian {suite} main\n"
                for kind in ("deb", "deb-src")))
    (top / "state/status").touch()
    conf = top / "apt.conf"
    conf.write_text("\n".join([
        f'Dir::Etc "{top}/etc";',
        f'Dir::Etc::sourcelist "{top}/etc/sources.list";',
        f'Dir::Etc::sourceparts "{top}/etc/sources.list.d";',
        f'Dir::Etc::parts "{top}/etc/apt.conf.d";',
        f'Dir::Etc::preferencesparts "{top}/etc/preferences.d";',
        # the host's keys: bookworm's keyring verifies the suite's signature
        'Dir::Etc::trusted "/etc/apt/trusted.gpg";',
        'Dir::Etc::trustedparts "/etc/apt/trusted.gpg.d";',
        f'Dir::State "{top}/state";',
        f'Dir::State::status "{top}/state/status";',
        f'Dir::Cache "{top}/cache";',
        'APT::Architecture "amd64";',
        'APT::Architectures { "amd64"; };',
        # Mirrors that lag (this one's snapshot) serve an InRelease past its
        # Valid-Until: the signature is still checked, only not its age.
        'Acquire::Check-Valid-Until "false";',
        'Acquire::Languages "none";',
        ""]))

    def private_sh(cmd, env=None, **kw):
        return sh(cmd, env=dict(env or {}, APT_CONFIG=str(conf)), **kw)

    rc, out = private_sh(["apt-get", "update"], log=f"apt-update-{suite}.log")
    if rc or re.search(r"^(E|W): ", out, re.M):
        raise ArchiveError(f"apt-get update for Debian {suite} failed:\n{out[-2000:]}")
    return private_sh
