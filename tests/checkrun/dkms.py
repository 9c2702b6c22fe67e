# SPDX-License-Identifier: GPL-2.0-only
"""DKMS: add, build and install into a scratch tree, and boot the result."""

import re
import shutil

from .builds import copy_module_tree
from .kselftests import binaries, named_sections
from .settings import OUT, ROOT
from .shell import sh
from .vm import boot, pack_initramfs, record_vm


def dkms_version():
    return re.search(r'PACKAGE_VERSION="([^"]+)"', (ROOT / "dkms.conf").read_text()).group(1)


# A kernel older than dkms.conf's range (6.1): dkms must refuse to build for
# it (exit 77, BUILD_EXCLUSIVE), not try and fail.
TOO_OLD = "5.10.0-30-amd64"


def stage_dkms(run, kernels):
    """What a kernel upgrade does on a server with the module installed
    through DKMS: its postinst runs `dkms autoinstall` for the new kernel,
    and a failure there leaves the kernel's packages unconfigured (Debian
    12's dkms 3.0 fails the autoinstall even for a module that excludes the
    kernel). So every kernel must build and install through autoinstall,
    here in a scratch DKMS tree."""
    ver = dkms_version()
    top = OUT / "dkms"
    if top.exists():
        shutil.rmtree(top)
    source, tree, inst = top / "source", top / "tree", top / "install"
    copy_module_tree(source / f"tapi-{ver}")
    tree.mkdir(parents=True)
    trees = ["--sourcetree", str(source), "--dkmstree", str(tree)]
    common = ["-m", "tapi", "-v", ver] + trees
    rc, out = sh(["dkms", "add"] + common, log="dkms-add.log")
    run.record("dkms add (scratch DKMS tree)", rc == 0, out)
    if rc:
        return {}
    built = {}
    for k in kernels:
        kv = k["kver"]
        # DKMS signs what it builds when it finds the kernel's sign-file, with
        # a key it makes in /var/lib/dkms if there is none: a throwaway key
        # in the scratch tree instead, the same whatever the host has.
        sign = {"sign_file": str(k["kdir"] / "scripts/sign-file"),
                "mok_signing_key": str(top / "mok.key"),
                "mok_certificate": str(top / "mok.pub")}
        (inst / kv).mkdir(parents=True, exist_ok=True)
        rc, out = sh(["dkms", "autoinstall"] + trees +
                     ["-k", kv, "--kernelsourcedir", str(k["kdir"]), "--installtree",
                      str(inst), "--no-depmod"],
                     env=sign, log=f"dkms-autoinstall-{k['name']}.log")
        mods = {m: next((inst / kv / "updates/dkms").glob(f"{m}.ko*"), None)
                for m in ("tapi", "tapi_sim", "utapi")}
        ok = rc == 0 and all(mods.values())
        if k.get("configfs"):
            mods["configfs"] = k["configfs"]
        run.record(f"dkms autoinstall for {k['name']} ({kv}) builds and installs the "
                   "modules: an upgrade to it is not held back", ok, out)
        if ok:
            built[k["name"]] = mods
    rc, out = sh(["dkms", "build"] + common + ["-k", TOO_OLD, "--kernelsourcedir",
                                               str(top / "none")],
                 env={"mok_signing_key": str(top / "mok.key"),
                      "mok_certificate": str(top / "mok.pub")},
                 log="dkms-build-too-old.log")
    run.record(f"dkms.conf's range: dkms declines to build for {TOO_OLD}, older than "
               "the compat header supports (BUILD_EXCLUSIVE, exit 77)",
               rc == 77 and "BUILD_EXCLUSIVE" in out, f"exit {rc}\n{out}")
    return built


# What the DKMS-built modules are booted for: a line describes itself,
# carries audio bit-exact and goes while open; a call connects and hangs
# up, and calls end when the driver goes.
DKMS_TESTS = ("info_describes_the_line", "audio_linear_is_bit_exact_across_a_connection",
              "line_removed_while_open", "a_call_rings_connects_and_hangs_up",
              "calls_end_when_the_driver_goes")


def dkms_vm(run, k, mods):
    job = """
echo "@@tap dkms"
check "insmod DKMS-built tapi" insmod /modules/tapi.ko
check "insmod DKMS-built tapi_sim" insmod /modules/tapi_sim.ko
check "DKMS-built modules give a working line device" sh -c 'tapictl info tapi0 | grep -q "driver: *tapi_sim"'
export TAPI_SIM_KO=/modules/tapi_sim.ko
""" + named_sections(DKMS_TESTS)
    d = OUT / "vm" / f"dkms-{k['name']}"
    d.mkdir(parents=True, exist_ok=True)
    initrd = pack_initramfs(d, job, mods, [OUT / "selftests" / b for b in binaries(job)] +
                            [OUT / "tapictl"])
    console, results = boot(f"dkms-{k['name']}", k, initrd, timeout=300)
    record_vm(run, f"vm {k['name']} (DKMS build)", console, results)
