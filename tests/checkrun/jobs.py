# SPDX-License-Identifier: GPL-2.0-only
"""The VM jobs: the shell scripts each kernel's VM runs, and which tests
run on which kernel."""

import os
import shlex

from .kernels import LIBTAPI_PROGRAMS, plain_and_san, plan
from .kselftests import (CALL_PROGRAMS, HARDEN_PROGRAM, LINE_PROGRAMS, PROVIDER_PROGRAMS,
                         SIM_PROGRAMS, SIM_RACE_PROGRAM, named_sections, section)

# tapictl on libtapi, run in the VM without high-resolution timers (a 4 ms
# tick: the harder case for audio): it lists the devices, makes and answers
# calls, sends DTMF, plays and records files, works on other processes'
# calls and configures the exchange.
# The shell function both scripts below use to wait for a background tapictl.
WAIT_FOR_SH = r"""
# wait (up to 20 s) for a background tapictl to print TEXT into FILE
wait_for() { i=0; until grep -q "$2" "$1" || [ $i = 200 ]; do sleep 0.1; i=$((i+1)); done; }
"""

TAPICTL_JOB = WAIT_FOR_SH + r"""
echo "@@tap tapictl"
check "tapictl list shows the 4 lines" test "$(tapictl list | grep -c '^/dev/tapi[0-9]')" = 4
check "tapictl list shows the 4 phones, each on its line" sh -c 'test "$(tapictl list | grep -c "^/dev/tapiphone")" = 4 && tapictl info tapiphone1 | grep -q "line: */dev/tapi1" && tapictl info tapiphone1 | grep -q "handset  *on-hook mic+speaker"'
check "tapictl info tapi1 shows number 1002, its capabilities and status" sh -c 'tapictl info tapi1 > /tmp/info.out && grep -q "address: *1002" /tmp/info.out && grep -q "media modes: .*INTERACTIVEVOICE" /tmp/info.out && grep -q "digits: *detect .*DTMF" /tmp/info.out && grep -q "lineGetID: .*tapi/audio" /tmp/info.out && grep -q "status: .*INSERVICE" /tmp/info.out'
tapictl answer tapi1 -t 10 > /tmp/answer.out 2>&1 &
wait_for /tmp/answer.out "waiting for a call"
check "tapictl call tapi0 1002 connects and hangs up" sh -c 'tapictl call tapi0 1002 -h 0 > /tmp/call.out 2>&1 && grep -q "LINE_CALLSTATE .* CONNECTED" /tmp/call.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/call.out'
wait
check "tapictl answer tapi1 showed the caller ID, answered, saw the hang-up and dropped" sh -c 'grep -q "caller ID: call from 1001.* to 1002" /tmp/answer.out && grep -q "DISCONNECTED (NORMAL)" /tmp/answer.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/answer.out'
check "tapictl call to an unknown number fails with bad address" sh -c 'tapictl call tapi0 999 > /tmp/bad.out 2>&1; [ $? = 1 ] && grep -q "BADADDRESS" /tmp/bad.out'
tapictl watch tapi1 -t 3 > /tmp/watch.out 2>&1 &
wait_for /tmp/watch.out "watching"
echo 2 > /sys/kernel/debug/tapi_sim/1002/ring
wait $!; echo $? > /tmp/watch.rc
check "tapictl watch tapi1 prints a timeline of both rings, then times out (exit 4)" sh -c 'cat /tmp/watch.out; test "$(cat /tmp/watch.rc)" = 4 && test "$(grep -c "^ *[0-9.]* *1002 *LINE_LINEDEVSTATE RINGING" /tmp/watch.out)" = 2'
tapictl answer tapi1 -n 1 -D 3 -p /tests/hello.wav -h 1 > /tmp/b.out 2>&1 &
wait_for /tmp/b.out "waiting for a call"
tapictl call tapi0 1002 -d 159 -r /tmp/rec.wav -h 30 > /tmp/a.out 2>&1; echo $? > /tmp/a.rc
wait $!; echo $? > /tmp/b.rc
check "tapictl call -d -r and answer -n -D -p both succeed" sh -c 'cat /tmp/a.out /tmp/b.out; test "$(cat /tmp/a.rc)" = 0 && test "$(cat /tmp/b.rc)" = 0'
check "tapictl answer -n 1 waited for a ring and showed the caller ID" sh -c 'grep -q "RINGING" /tmp/b.out && grep -q "caller ID: call from 1001" /tmp/b.out'
check "tapictl answer -D 3 detected the DTMF 159 that call -d sent" grep -q "DTMF detected: 159" /tmp/b.out
check "tapictl: the recording holds the played file bit-exact (compare)" tapictl compare /tests/hello.wav /tmp/rec.wav
check "tapictl: both ends went idle, the caller saw the far end hang up" sh -c 'grep -q "DISCONNECTED (NORMAL)" /tmp/a.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/a.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/b.out'
tapictl answer tapi1 -D 2 -t 30 > /tmp/b2.out 2>&1 &
wait_for /tmp/b2.out "waiting for a call"
tapictl call tapi0 1002 -h 60 -t 60 > /tmp/a2.out 2>&1 &
wait_for /tmp/b2.out "waiting for 2 DTMF digits"
check "tapictl dtmf sends digits on another process's call" sh -c 'tapictl dtmf tapi0 7 && tapictl dtmf tapi0 8 && sleep 0.5 && grep -q "DTMF detected: 78" /tmp/b2.out'
# the recording goes on until the call ends: play's start-up (converting
# the file) takes seconds in a slow VM
tapictl record tapi0 /tmp/rec2.flac -s 120 > /tmp/rec2.out 2>&1 &
rec=$!
wait_for /tmp/rec2.out "recording to"
check "tapictl play plays a file into another process's call" tapictl play tapi1 /tests/hello.wav
check "tapictl hangup drops another process's call" tapictl hangup tapi0
wait $rec
check "tapictl record recorded the play until the hang-up (FLAC), bit-exact" sh -c 'cat /tmp/rec2.out; tapictl compare /tests/hello.wav /tmp/rec2.flac'
wait
check "after tapictl hangup both processes saw their call end" sh -c 'cat /tmp/a2.out /tmp/b2.out; grep -q "LINE_CALLSTATE .* IDLE" /tmp/a2.out && grep -q "DISCONNECTED (NORMAL)" /tmp/b2.out && grep -q "LINE_CALLSTATE .* IDLE" /tmp/b2.out'
check "tapictl hangup on a line without a call fails" sh -c 'tapictl hangup tapi2; [ $? = 1 ]'
check "tapictl sim add makes a live exchange whose lines are TAPI lines, set as asked" sh -c 'tapictl sim add check 2001 2 zone=de no_answer_ms=3000 && tapictl sim list > /tmp/sim.out && cat /tmp/sim.out && grep -q "check  live  no_answer_ms=3000" /tmp/sim.out && test "$(grep -c "zone=de  type=subscriber" /tmp/sim.out)" = 2 && tapictl list | grep -q "address: *2002"'
check "tapictl sim set changes a live exchange's own setting without taking it down" sh -c 'tapictl sim set check no_answer_ms=0 > /tmp/set.out && ! grep -q "taking" /tmp/set.out && tapictl sim list | grep -q "check  live  no_answer_ms=0"'
check "tapictl sim set changes one line, taking the exchange down and up again" sh -c 'tapictl sim set check 2002 withheld=1 "caller_name=Front desk" > /tmp/set.out && cat /tmp/set.out && grep -q "taking check down" /tmp/set.out && grep -q "check is live again" /tmp/set.out && tapictl sim list > /tmp/sim.out && grep -q "^  2002 .*caller_name=Front desk  call_waiting=0  withheld=1" /tmp/sim.out && grep -q "^  2001 .*withheld=0" /tmp/sim.out && tapictl list | grep -q "address: *2002"'
check "tapictl sim set passes on the module's refusal of a bad value (exit 1)" sh -c 'tapictl sim set check zone=nowhere; [ $? = 1 ] && tapictl sim list | grep -q "check  live"'
check "tapictl sim add refuses a number already taken" sh -c 'tapictl sim add dup 1001 1; r=$?; tapictl sim remove dup; [ $r = 1 ]'
check "tapictl sim remove takes the exchange away" sh -c 'tapictl sim remove check && ! tapictl list | grep -q "address: *2002" && test "$(tapictl list | grep -c "^/dev/tapi[0-9]")" = 4'
"""

# tapi-compliance on lines of an exchange of their own (configfs), so that
# what it changes, and the removal it ends with, touch no other test's
# lines: 3001 with its telephone, called from 3002 and removed by removing
# its directory; the trunk 3003, removed with the exchange.
COMPLIANCE_SH = r"""
CX=/sys/kernel/config/tapi_sim/compl
compliance_exchange() {
  mkdir $CX $CX/3001 $CX/3002 $CX/3003 && echo trunk > $CX/3003/type && echo 1 > $CX/live
  # devtmpfs makes the nodes after the lines exist
  i=0; until [ -c "/dev/$(cat $CX/3003/dev)" ] || [ $i = 100 ]; do sleep 0.1; i=$((i+1)); done
}
dev_of() { echo "/dev/$(cat $CX/$1/dev)"; }
phone_of() { for p in /sys/class/tapi/tapiphone*; do [ "$(cat $p/line)" = "$(cat $CX/$1/dev)" ] && echo "/dev/${p##*/}"; done; }
compliance_gone() { echo 0 > $CX/live 2>/dev/null; rmdir $CX/*/ $CX 2>/dev/null; }
"""


def compliance_job(k, checks=()):
    """tapi-compliance's checks, as TAP, on a subscriber line with its phone and
    on a trunk (Plan.compliance_trunk; Plan.bits32: the 32-bit build too).
    @checks: only these (its -t), from --test compliance.NAME."""
    only = "".join(f" -t {shlex.quote(c)}" for c in checks)
    sub = ('compliance_exchange\n'
           '{bin}{only} --tap -p "$(phone_of 3001)" -c "$(dev_of 3002)" -n 3001 '
           '-r "rmdir $CX/3001" "$(dev_of 3001)"\n')
    # the trunk's run, a second line type, on the kernels off make check's
    # longest path; the others take the subscriber line with its phone
    trunk = 'echo "@@tap compliance-trunk"\n' + \
        f'tapi-compliance{only} --tap -c "$(dev_of 3002)" -n 3003 ' + \
        '-r "echo 0 > $CX/live" "$(dev_of 3003)"\n' if plan(k).compliance_trunk or checks else ""
    # a line of a user-space provider (/dev/utapi): the example provider's
    utapi = 'echo "@@tap compliance-utapi"\n' \
        'tapi-loopback 5550199 > /tmp/loopback.dev & LB=$!\n' \
        'for i in 1 2 3 4 5 6 7 8 9 10; do [ -s /tmp/loopback.dev ] && break; sleep 0.5; done\n' \
        f'tapi-compliance{only} --tap -r "kill $LB && sleep 1" "$(cat /tmp/loopback.dev)"\n' \
        'kill $LB 2>/dev/null; wait $LB 2>/dev/null\n'
    job = COMPLIANCE_SH + 'echo "@@tap compliance"\n' + \
        sub.format(bin="tapi-compliance", only=only) + trunk + 'compliance_gone\n' + utapi
    if plan(k).bits32:
        job += 'echo "@@tap compliance-32"\n' + \
            sub.format(bin="tapi-compliance_32", only=only) + 'compliance_gone\n'
    return job


# libtapi's tests, plain and with ASan+UBSan (the library's code compiled in)
LIBTAPI_TESTS = plain_and_san(*LIBTAPI_PROGRAMS)


# The example applications (examples/) and their tests' helpers; the test
# script, sourced by the VM's job, runs them against tapi_sim (Plan.examples).
EXAMPLE_BINS = ("dialer", "ivr", "voicemail", "callmonitor", "exphone", "wavtool")


def examples_job(k):
    return 'echo "@@tap examples"\n. /tests/examples_test.sh\n' if plan(k).examples else ""

# The 32-bit runs are there for the compat ioctl path: they skip the tests
# that spend seconds listening to signals through ioctls the others cover.
SLOW_SIGNAL_TESTS = ("clock_keeps_time", "a_generated_tone_reaches_the_connected_line",
                     "the_zones_tones_have_their_cadence",
                     "media_monitoring_hears_fax_modem_and_voice",
                     "tone_monitoring_hears_the_tones_asked_for",
                     "gathering_times_out_before_and_between_digits",
                     "caller_id_is_heard_in_band", "digits_on_a_call_carry_its_id",
                     "the_telephone_s_hook_flash_and_dial_pulses",
                     "pulse_digits_follow_monitoring_and_gathering",
                     "pulse_dialing_reaches_the_called_line",
                     "the_exchange_plays_its_tones_and_hears_dtmf_dialing",
                     "scripted_far_ends_answer_key_digits_hang_up_refuse",
                     "faults_dropped_audio_is_silence_the_rest_exact",
                     "faults_delayed_audio_comes_late_and_whole")


# The smoke set (Plan.smoke), for a kernel that has just appeared: the
# modules load, a line describes itself, hears the far end's DTMF and
# carries audio bit-exact, a call rings, connects and hangs up, calls end
# when the driver goes, a line goes while open; then tapi-compliance on a
# subscriber line, and the modules unload.
SMOKE_LINE_TESTS = ("info_describes_the_line", "far_end_dtmf_is_reported_as_digits",
                    "audio_linear_is_bit_exact_across_a_connection",
                    "line_removed_while_open")
SMOKE_CALL_TESTS = ("a_call_rings_connects_and_hangs_up", "calls_end_when_the_driver_goes")


# The randomised stress, on the debug and RT kernels: seconds it runs, and whether it
# also closes the descriptor number each new audio stream is about to get
# (the race of a descriptor installed before its stream was complete).
# TAPI_STRESS_SECONDS, TAPI_STRESS_FD_RACE=0/1 and TAPI_STRESS_SEED in the
# environment override them for a run (--test tapi_stress runs it alone).
STRESS = "tapi_stress"
STRESS_SECONDS = 30
STRESS_FD_RACE = True


def stress_job():
    seconds = int(os.environ.get("TAPI_STRESS_SECONDS", STRESS_SECONDS))
    race = os.environ.get("TAPI_STRESS_FD_RACE", "1" if STRESS_FD_RACE else "0") == "1"
    seed = os.environ.get("TAPI_STRESS_SEED", "")
    seed = f" -s {int(seed)}" if seed else ""
    return f'echo "@@tap stress"\n/tests/tapi_stress -t {seconds}{" -r" if race else " -R"}{seed}\n'


def selftests_job(k, selftest_filter=()):
    """The kselftest programs kernel @k runs: those @selftest_filter names,
    or what its Plan says."""
    p = plan(k)
    if selftest_filter:
        return named_sections(selftest_filter, p.bits32)
    if p.smoke:
        return named_sections(SMOKE_LINE_TESTS + SMOKE_CALL_TESTS)
    # A kernel without the slow signal tests keeps the clock's.
    slow = () if p.slow_signal_tests else \
        tuple(t for t in SLOW_SIGNAL_TESTS if t != "clock_keeps_time")
    job = ""
    for programs in (LINE_PROGRAMS, CALL_PROGRAMS, PROVIDER_PROGRAMS):
        if p.selftests64:
            job += "".join(section(prog, skip=slow) for prog in programs)
        if p.bits32:
            job += "".join(section(prog, True, skip=SLOW_SIGNAL_TESTS) for prog in programs)
    if p.sim:
        job += "".join(section(prog) for prog in SIM_PROGRAMS) + \
            (section(SIM_RACE_PROGRAM) if p.sim_races else "")
    return job + (section(HARDEN_PROGRAM) if p.harden else "")


def job_for(k, selftest_filter=(), tapictl=False):
    # --test compliance (or compliance.CHECK): tapi-compliance alone
    if selftest_filter and all(t.split(".")[0] == "compliance" for t in selftest_filter):
        return """
echo "@@tap setup"
check "insmod tapi.ko" insmod /modules/tapi.ko
check "insmod tapi_sim.ko" insmod /modules/tapi_sim.ko
check "insmod utapi.ko" insmod /modules/utapi.ko
""" + compliance_job(k, [t.split(".", 1)[1] for t in selftest_filter if "." in t]) + """
echo "@@tap teardown"
check "rmmod tapi_sim" rmmod tapi_sim
check "rmmod utapi" rmmod utapi
check "rmmod tapi" rmmod tapi
"""
    if list(selftest_filter) == [STRESS]:
        selftest_filter = ()
        only_stress = True
    else:
        only_stress = False
    p = plan(k)
    others = "" if selftest_filter else \
        "".join(f'echo "@@tap libtapi-{t}"\n/tests/{t}\n' for t in p.libtapi) + \
        examples_job(k) + compliance_job(k)
    job = """
# kmemleak scans when asked, at the end: its own periodic scan, a nice-10
# thread inside an RCU read section, starves behind the stress's busy threads
# and stalls RCU grace periods (module unload then waits for minutes)
[ -w /sys/kernel/debug/kmemleak ] && echo scan=off > /sys/kernel/debug/kmemleak
[ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak
echo "@@tap setup"
check "insmod tapi.ko" insmod /modules/tapi.ko
check "insmod tapi_sim.ko" insmod /modules/tapi_sim.ko
check "insmod utapi.ko" insmod /modules/utapi.ko
check "tapi_sim created /dev/tapi0../dev/tapi3" test -c /dev/tapi3
check "sysfs class lists 4 lines" test "$(ls /sys/class/tapi | grep -c '^tapi[0-9]')" = 4
check "tapi_sim created 4 phones, one per line" sh -c 'test "$(cat /sys/class/tapi/tapiphone*/line | sort | tr "\n" " ")" = "tapi0 tapi1 tapi2 tapi3 " && test -c /dev/tapiphone3'
export TAPI_SIM_KO=/modules/tapi_sim.ko
"""
    if not only_stress:
        job += selftests_job(k, selftest_filter) + others + (TAPICTL_JOB if tapictl else "")
    if p.stress and not selftest_filter:
        job += stress_job()
    if k["debug"] and not selftest_filter and not only_stress:
        job += """
echo "@@kunit kunit"
dmesg -c >/dev/null
insmod /modules/tapi_kunit.ko
dmesg
rmmod tapi_kunit
"""
    job += """
echo "@@tap teardown"
check "rmmod tapi_sim" rmmod tapi_sim
check "rmmod utapi" rmmod utapi
check "rmmod tapi" rmmod tapi
"""
    if k["debug"]:
        job += """
echo "@@kmemleak kmemleak"
sleep 6
echo scan > /sys/kernel/debug/kmemleak
sleep 1
echo scan > /sys/kernel/debug/kmemleak
cat /sys/kernel/debug/kmemleak
"""
    return job


LOWRES_TESTS = ("clock_keeps_time", "far_end_dtmf_is_reported_as_digits",
                "audio_linear_is_bit_exact_across_a_connection",
                "generated_digits_reach_the_connected_line")
