#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of the test VMs. Kernel messages go to ttyS0 (the console); the job's
# results go to ttyS1, framed by begin and end markers, so the host reads
# them cleanly and knows a run that lost its end marker crashed or hung.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
# Debian builds configfs as a module (tapi_sim needs it); the debug kernel has it built in
[ -f /modules/configfs.ko ] && insmod /modules/configfs.ko
mount -t configfs configfs /sys/kernel/config 2>/dev/null
mount -t tmpfs tmpfs /tmp
export PATH=/tests:/bin:/sbin:/usr/bin:/usr/sbin

stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec 3>/dev/ttyS1
echo "TAPI-VM-BEGIN $(uname -r)" >&3
sh /job.sh >&3 2>&1
rc=$?
echo "TAPI-VM-END rc=$rc" >&3
# Closing the port waits until every byte has left it.
exec 3>&-
echo "TAPI-VM-END rc=$rc"
reboot -f
