# SPDX-License-Identifier: GPL-2.0-only
"""A tree to build modules in for a kernel whose own build tools cannot run
on this host.

Debian's development suite builds its kernels with a newer compiler and C
library than Debian 12 has: its linux-kbuild binaries (fixdep, modpost,
objtool, ...) need a newer glibc, and its configuration names the newer
gcc's features. So only what does not run is taken from its packages (the
configuration, Module.symvers, and vmlinux for the modules' BTF), and the
host tools are built from the matching linux-source by modules_prepare,
with the configuration refreshed for the host's gcc. Refreshing may change
only what says what the compiler, assembler, pahole or Rust can do (and
the Rust drivers, with no Rust here): any other difference would build
modules for a kernel other than the one that boots, so it stops the run.

The kernel's headers may also need a newer sparse than Debian 12's: then
sparse is built from the same suite's source package.
"""

import fcntl
import re
import shutil
import tempfile
from pathlib import Path

import archive

# Options a refreshed configuration may change: what the toolchain can do.
TOOLCHAIN = re.compile(r"^(CC_|GCC_|AS_|LD_|PAHOLE_|RUST|BINDGEN_|CLANG_|TOOLS_SUPPORT_|"
                       r"OPENSSL_|ARCH_SUPPORTS_|HAVE_)")
# Parts of the source modules_prepare and Kconfig do not need: most C of
# drivers, file systems, networking and sound, and the other architectures'
# code (their Kconfig files are still read).
SKIPPED_SOURCE = ["drivers/*.[ch]", "sound/*.[ch]", "net/*.[ch]", "fs/*.[ch]",
                  "tools/testing", "tools/perf", "arch/[a-wy-z]*/*.[chS]",
                  "arch/[a-wy-z]*/*.dts*"]


def kconfig_block(src, name):
    """The text of option @name's definition in the source's Kconfig files."""
    for f in src.rglob("Kconfig*"):
        text = f.read_text(errors="replace")
        m = re.search(rf"^\s*(?:menu)?config {re.escape(name)}\n(.*?)(?=^\s*(?:menu)?config "
                      r"|^\s*(?:endmenu|endif|menu|if|source|choice|endchoice)\b|\Z)",
                      text, re.S | re.M)
        if m:
            return m.group(1)
    return ""


def unexplained(src, differences):
    """The differences (scripts/diffconfig lines) that are not the toolchain's:
    an option is explained if it says what the toolchain can do, names the
    release (set to the kernel's own), was off anyway, or is gone because
    what it depends on is (Rust, and what depends on Rust)."""
    changes = [m.groups() for m in (re.match(r"^([-+ ])(\w+) (.*)$", l) for l in differences)
               if m]
    gone = {name for sign, name, _ in changes if sign == "-"}
    bad = []
    for sign, name, value in changes:
        if TOOLCHAIN.match(name) or name.startswith("LOCALVERSION") or \
                (sign == "-" and value == "n"):
            continue
        needs = set(re.findall(r"\w+", " ".join(
            l for l in kconfig_block(src, name).splitlines()
            if l.strip().startswith(("depends on", "select")))))
        if sign == "-" and ("RUST" in needs or needs & gone):
            continue
        bad.append(f"{sign}{name} {value}")
    return bad


def source_tree(kver, kdir, cache, suite_sh, sh):
    """A prepared linux-source tree for @kver in @cache/<kver>, from the
    suite that @suite_sh's apt reads; @kdir is the kernel's unpacked headers.
    Returns (tree, the configuration's differences from Debian's)."""
    dest = Path(cache) / kver
    Path(cache).mkdir(parents=True, exist_ok=True)
    with open(Path(cache) / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)     # another clone may be preparing it
        if not (dest / archive.COMPLETE).exists():
            prepare(kver, kdir, dest, suite_sh, sh)
    return dest, (dest / ".config-differences").read_text().splitlines()


def prepare(kver, kdir, dest, suite_sh, sh):
    version = archive.record(f"linux-headers-{kver}", suite_sh)["Version"]
    series = ".".join(kver.split(".")[:2])
    package = f"linux-source-{series}"
    got = archive.record(package, suite_sh)["Version"]
    if got != version:
        raise archive.ArchiveError(f"{package} is at {got}, the kernel's headers at "
                                   f"{version}: no source for {kver} yet")
    if dest.exists():
        shutil.rmtree(dest)     # an interrupted preparation
    work = Path(tempfile.mkdtemp(prefix=f".{kver}.", suffix=".scratch", dir=dest.parent))
    try:
        suite_sh(["apt-get", "download", f"{package}={version}"], cwd=str(work),
                 log=f"download-{package}.log", check=True)
        deb = next(work.glob(f"{package}_*.deb"))
        tree = work / "tree"
        tree.mkdir()
        sh(f"dpkg-deb --fsys-tarfile {deb} | tar -x -O ./usr/src/{package}.tar.xz | "
           f"tar -xJ -C {tree} --strip-components=1 " +
           " ".join(f"--exclude='{package}/{p}'" for p in SKIPPED_SOURCE),
           log=f"extract-{package}.log", check=True)
        deb.unlink()
        for f in (".config", "Module.symvers", "vmlinux"):
            if (kdir / f).exists():
                shutil.copy(kdir / f, tree / f)
        shutil.copy(tree / ".config", work / "config.debian")
        m = re.match(r"^(\d+\.\d+\.\d+)(.*)$", kver)
        make = ["make", "-C", str(tree), "CC=gcc", "HOSTCC=gcc"]
        sh([str(tree / "scripts/config"), "--file", str(tree / ".config"), "--set-str",
            "LOCALVERSION", m.group(2), "--disable", "LOCALVERSION_AUTO"], check=True)
        sh(make + ["olddefconfig"], log=f"config-{kver}.log", check=True)
        _, release = sh(make + ["-s", "kernelrelease"])
        if release.strip() != kver:
            raise archive.ArchiveError(f"{package} builds {release.strip()}, not {kver}")
        _, diff = sh([str(tree / "scripts/diffconfig"), str(work / "config.debian"),
                      str(tree / ".config")])
        differences = diff.splitlines()
        bad = unexplained(tree, differences)
        if bad:
            raise archive.ArchiveError(
                f"Debian's configuration of {kver}, refreshed for this host's gcc, differs "
                "in more than the toolchain's options: modules built on it might not "
                "fit the kernel:\n" + "\n".join(bad))
        (tree / ".config-differences").write_text(diff)
        rc, out = sh(make + ["-j3", "modules_prepare"], log=f"prepare-{kver}.log")
        if rc:
            raise archive.ArchiveError(f"modules_prepare for {kver} failed:\n{out[-3000:]}")
        (tree / archive.COMPLETE).write_text(f"{package}={version}\n")
        tree.rename(dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def checker(tree, cache, suite_sh, sh):
    """A sparse that the kernel in @tree accepts: the host's, or one built from
    the suite's source package (cached in @cache/<version>)."""
    valid = tree / "scripts/checker-valid.sh"
    probe = lambda exe: valid.exists() and \
        sh([str(valid), exe, "--arch=x86", "-m64"])[1].strip().endswith("1")
    if not valid.exists() or probe("sparse"):
        return None
    version = archive.record("sparse", suite_sh)["Version"]
    dest = Path(cache) / version.replace(":", "%3a")
    if not (dest / "sparse").exists():
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".sparse.", suffix=".scratch", dir=dest.parent))
        try:
            suite_sh(["apt-get", "source", "--download-only", f"sparse={version}"],
                     cwd=str(work), log="download-sparse.log", check=True)
            dsc = next(work.glob("sparse_*.dsc"))
            sh(["dpkg-source", "--no-check", "-x", str(dsc), str(work / "src")],
               log="extract-sparse.log", check=True)
            # Debian's packaging names its own gcc; the host's builds it
            sh(["make", "-C", str(work / "src"), "-j3", "CC=gcc", "HAVE_LLVM=no",
                "HAVE_SQLITE=no", "HAVE_GTK=no", "HAVE_LIBXML=no", "sparse"],
               log="build-sparse.log", check=True)
            dest.mkdir()
            shutil.copy(work / "src/sparse", dest / "sparse")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if not probe(str(dest / "sparse")):
        raise archive.ArchiveError(f"sparse {version}, built here, is not one the kernel "
                                   f"in {tree} accepts")
    return dest / "sparse"
