# SPDX-License-Identifier: LGPL-2.1-or-later
# The example programs (examples/) against tapi_sim in the test VMs, sourced
# by the VM's job after tapi_sim is loaded (lines 1001-1004 are device IDs
# 0-3), with its check() helper: each check prints a TAP line. The other ends
# of the calls are tapi_sim's scripted far ends, its debugfs telephones, and
# exphone (tests/examples/exphone.c), a libtapi telephone that records what
# it hears; wavtool measures the tones in recordings and messages.

D=/sys/kernel/debug/tapi_sim
CFG=/sys/kernel/config/tapi_sim
W=/tmp/examples
mkdir -p $W

# until FILE holds TEXT, or 20 s
waitfor() { i=0; while ! grep -q "$2" "$1" 2>/dev/null; do i=$((i+1)); [ $i -gt 200 ] && return 1; sleep 0.1; done; }
# wavtool's milliseconds of FREQ in FILE
tone_ms() { wavtool info "$1" "$2" | awk -v f="$2" '$1 == f { print $2 }'; }
# dialer's last line of output and its exit code, as "TEXT CODE"
dial() { dialer "$@" > $W/dial.out 2>&1; rc=$?; echo "$(tail -1 $W/dial.out) $rc"; }

# An exchange of our own (configfs), whose unanswered calls end after 5 s:
# line 2001, device ID 4 for applications started while it is live.
mkdir $CFG/ex && mkdir $CFG/ex/2001 && echo 5000 > $CFG/ex/no_answer_ms && echo 1 > $CFG/ex/live

# ---- dialer: each outcome, with its exit code
t_connected() { echo "answer 2" > $D/1002/far_end; r=$(dial 0 1002 1); echo none > $D/1002/far_end
	cat $W/dial.out; [ "$r" = "connected 0" ] && grep -q ringing $W/dial.out; }
t_busy() { echo busy > $D/1002/far_end; r=$(dial 0 1002); echo none > $D/1002/far_end
	cat $W/dial.out; [ "$r" = "busy 3" ]; }
t_in_call() { echo off > $D/1004/hook; r=$(dial 0 1004); echo on > $D/1004/hook
	cat $W/dial.out; [ "$r" = "busy 3" ]; }
t_no_answer() { r=$(dial 0 2001); cat $W/dial.out; [ "$r" = "no answer 4" ] && grep -q ringing $W/dial.out; }
t_vacant() { r=$(dial 0 999); cat $W/dial.out; [ "$r" = "unknown number 5" ]; }
t_usage() { dialer 0; [ $? = 2 ] || return 1; dialer 9 1002; [ $? = 2 ]; }
check "dialer: an answered call says connected and exits 0" t_connected
check "dialer: a busy far end says busy and exits 3" t_busy
check "dialer: a line in a call (its telephone off hook) is busy, exits 3" t_in_call
check "dialer: a call nobody answers says no answer (the exchange's 5 s) and exits 4" t_no_answer
check "dialer: a vacant number says unknown number and exits 5" t_vacant
check "dialer: bad arguments and a missing device exit 2" t_usage

echo 0 > $CFG/ex/live; rmdir $CFG/ex/2001 $CFG/ex

# ---- ivr on line 1002: exphone calls from 1001, sends a digit, records
wavtool tone $W/prompt.wav 440 800
ivr 1 $W/prompt.wav 3 > $W/ivr.log 2>&1 &
ivr=$!
waitfor $W/ivr.log "waiting for calls"
t_ivr_support() { exphone call 0 1002 $W/ivr2.wav -w 1800 -d 2 && waitfor $W/ivr.log 'branch: support' &&
	wavtool info $W/ivr2.wav 440 1000 600 && [ $(tone_ms $W/ivr2.wav 440) -ge 600 ] &&
	[ $(tone_ms $W/ivr2.wav 1000) -ge 800 ] && [ $(tone_ms $W/ivr2.wav 600) = 0 ]; }
t_ivr_sales() { exphone call 0 1002 $W/ivr1.wav -w 1800 -d 1 && waitfor $W/ivr.log 'branch: sales' &&
	wavtool info $W/ivr1.wav 600 1000 && [ $(tone_ms $W/ivr1.wav 600) -ge 800 ] &&
	[ $(tone_ms $W/ivr1.wav 1000) = 0 ]; }
t_ivr_goodbye() { exphone call 0 1002 $W/ivr9.wav -w 1800 -d 9 && waitfor $W/ivr.log 'branch: goodbye' && cat $W/ivr.log &&
	grep -q 'digit: 9' $W/ivr.log && grep -q 'branch: invalid' $W/ivr.log &&
	[ $(grep -c 'timeout: no digit' $W/ivr.log) = 2 ] && grep -q 'branch: goodbye' $W/ivr.log &&
	wavtool info $W/ivr9.wav 400 440 && [ $(tone_ms $W/ivr9.wav 400) -ge 800 ] &&
	[ $(tone_ms $W/ivr9.wav 440) -ge 1800 ]; }
t_ivr_done() { wait $ivr; cat $W/ivr.log; [ $(grep -c 'call: ended' $W/ivr.log) = 3 ]; }
check "ivr: digit 2 takes the support branch (the caller hears the prompt, then 1000 Hz)" t_ivr_support
check "ivr: digit 1 takes the sales branch (600 Hz)" t_ivr_sales
check "ivr: an invalid digit, then two timeouts, end in goodbye (400 Hz)" t_ivr_goodbye
check "ivr: took 3 calls, logged each, and exited" t_ivr_done

# ---- voicemail on line 1003: two messages from 1001, then played to 1004
mkdir -p $W/box
wavtool tone $W/greeting.wav 440 1000
wavtool tone $W/msg1.wav 700 1500
wavtool tone $W/msg2.wav 500 1000
voicemail answer 2 $W/box $W/greeting.wav 2 2 > $W/vm.log 2>&1 &
vm=$!
waitfor $W/vm.log "waiting for calls"
t_vm_hangup() { exphone call 0 1003 $W/caller1.wav -w 1800 -p $W/msg1.wav -h 4500 &&
	waitfor $W/vm.log 'ended by hang-up' && cat $W/vm.log && grep -q '^ring 2' $W/vm.log &&
	! grep -q '^ring 3' $W/vm.log && grep -q 'answering call from 1001' $W/vm.log &&
	wavtool info $W/caller1.wav 440 1000 && [ $(tone_ms $W/caller1.wav 440) -ge 800 ] &&
	[ $(tone_ms $W/caller1.wav 1000) -ge 200 ]; }
t_vm_stored() { f=$(ls $W/box/1001-*.wav | head -1) && wavtool info $f 700 440 &&
	wavtool info $f | grep -q '^comment voice message from 1001 at ' &&
	[ $(tone_ms $f 700) -ge 1300 ] && [ $(tone_ms $f 440) = 0 ]; }
t_vm_silence() { exphone call 0 1003 $W/caller2.wav -w 1800 -p $W/msg2.wav &&
	waitfor $W/vm.log 'ended by silence' && wait $vm && cat $W/vm.log &&
	[ $(ls $W/box/1001-*.wav | wc -l) = 2 ]; }
t_vm_play() { exphone answer 3 $W/owner.wav > $W/owner.log 2>&1 &
	owner=$!
	waitfor $W/owner.log ready && voicemail play 0 $W/box 1004 > $W/play.log 2>&1 && wait $owner &&
	cat $W/play.log $W/owner.log && grep -q 'caller 1001' $W/owner.log &&
	[ $(grep -c '^playing 1001-' $W/play.log) = 2 ] && wavtool info $W/owner.wav 700 500 &&
	[ $(tone_ms $W/owner.wav 700) -ge 1300 ] && [ $(tone_ms $W/owner.wav 500) -ge 800 ]; }
check "voicemail: answers after 2 rings, greets, beeps, records until the caller hangs up" t_vm_hangup
check "voicemail: the message is 1001-<time>.wav, caller in its comment, the caller's 700 Hz in it" t_vm_stored
check "voicemail: a caller who stays silent is cut off after 4 s of silence" t_vm_silence
check "voicemail play: calls the owner (1004), who hears both messages" t_vm_play

# ---- callmonitor: watches every line while the others call each other; each
# check makes one kind of call and reads the line the monitor logged for it
# (the record on the line named, once that call ended), "TIME line N: DIR
# from A [(NAME)] to B, OUTCOME[, talked T s], S s in all"
# the last record in the monitor's log matching PATTERN (grep -E), waited for
mrec() { i=0; while ! grep -Eq "$1" $W/mon.log; do i=$((i+1)); [ $i -gt 200 ] && cat $W/mon.log && return 1; sleep 0.1; done
	grep -E "$1" $W/mon.log | tail -1 | tee $W/rec; }
# the seconds before " s in all" / " s," after "talked" in the record last read
total() { sed -n 's/.*, \([0-9.]*\) s in all$/\1/p' $W/rec; }
talked() { sed -n 's/.*, talked \([0-9.]*\) s,.*/\1/p' $W/rec; }
# X within [LO, HI]
within() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x != "" && x >= lo && x <= hi) }'; }
DATE='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} '

callmonitor -s > $W/mon.log 2> $W/mon.err &
mon=$!
waitfor $W/mon.log "monitoring line 1004"
t_mon_answered() { exphone answer 1 $W/m1.wav > $W/m1.log 2>&1 &
	a=$!
	waitfor $W/m1.log ready && exphone call 0 1002 $W/m0.wav -h 3000 && wait $a &&
	mrec "${DATE}line 1001: out from 1001 to 1002, answered, talked" &&
	within "$(talked)" 2 8 && within "$(total)" "$(talked)" 10 &&
	mrec "${DATE}line 1002: in from 1001 to 1002, answered, talked" &&
	within "$(talked)" 2 8 && grep -Eq "${DATE}line 1002: in from 1001 to 1002, begins$" $W/mon.log; }
t_mon_busy() { echo busy > $D/1002/far_end; dialer 0 1002 > /dev/null; r=$?; echo none > $D/1002/far_end
	[ $r = 3 ] && mrec "${DATE}line 1001: out from 1001 to 1002, busy, [0-9.]+ s in all$" &&
	within "$(total)" 0 5; }
t_mon_vacant() { dialer 0 999 > /dev/null; [ $? = 5 ] &&
	mrec "${DATE}line 1001: out from 1001 to 999, unknown number, [0-9.]+ s in all$"; }
# exphone on 1002 hangs up on the call without answering it
t_mon_rejected() { exphone reject 1 > $W/rj.log 2>&1 &
	r=$!
	waitfor $W/rj.log ready && dialer 0 1002 > /dev/null; [ $? = 6 ] && wait $r &&
	mrec "${DATE}line 1001: out from 1001 to 1002, rejected, [0-9.]+ s in all$" &&
	mrec "${DATE}line 1002: in from 1001 to 1002, rejected, [0-9.]+ s in all$"; }
# 1003 rings (nobody answers it), hears caller ID after the first ring; the
# caller gives up after 5 s
t_mon_abandoned() { exphone call 0 1003 $W/x.wav -g 5000 > /dev/null
	mrec "${DATE}line 1003: in from 1001 \(Line 1001\) to 1003, abandoned, [0-9.]+ s in all$" &&
	within "$(total)" 4 10 &&
	mrec "${DATE}line 1001: out from 1001 to 1003, abandoned, [0-9.]+ s in all$" &&
	within "$(total)" 4 10; }
# the records (ended calls) of line N logged after the monitor's log had L lines
since() { tail -n +$(($2 + 1)) $W/mon.log | grep "line $1: .* in all$"; }
# wait until there are C of them
nsince() { i=0; while [ $(since $1 $2 | wc -l) -lt $3 ]; do i=$((i+1)); [ $i -gt 200 ] && cat $W/mon.log && return 1; sleep 0.1; done; since $1 $2; }
# hung up as soon as lineMakeCall returned: often gone from the kernel before
# the monitor's libtapi could ask about it, which still describes it (1.8)
t_mon_at_once() { l=$(wc -l < $W/mon.log); exphone call 0 1004 $W/x.wav -g 0 > /dev/null
	nsince 1001 $l 1 | grep -Eq "${DATE}line 1001: out from 1001 to 1004, abandoned, [0-9.]+ s in all$"; }
# a call made outside TAPI: 1004's telephone calls 1003, hangs up while it rings
t_mon_phone() { l=$(wc -l < $W/mon.log); echo "call 1003" > $D/1004/hook && sleep 1 && echo on > $D/1004/hook &&
	nsince 1004 $l 1 | grep -Eq "${DATE}line 1004: out from 1004 to unknown, abandoned, [0-9.]+ s in all$" &&
	nsince 1003 $l 1 | grep -Eq "${DATE}line 1003: in from 1004 to 1003, abandoned"; }
# the monitor stopped (SIGSTOP) while calls come and go: when it runs again
# the calls are long gone from the kernel, yet each is logged, with its
# parties (the kernel still describes a file's last ended calls)
t_mon_behind() { l=$(wc -l < $W/mon.log); kill -STOP $mon
	dialer 0 999 > /dev/null; exphone call 0 1002 $W/x.wav -g 1000 > /dev/null
	kill -CONT $mon
	nsince 1001 $l 2 > $W/rec && nsince 1002 $l 1 >> $W/rec &&
	grep -Eq "${DATE}line 1001: out from 1001 to 999, unknown number," $W/rec &&
	grep -Eq "${DATE}line 1001: out from 1001 to 1002, abandoned," $W/rec &&
	grep -Eq "${DATE}line 1002: in from 1001 to 1002, abandoned," $W/rec; }
check "callmonitor: an answered call of 3 s, on both lines, with its talk time" t_mon_answered
check "callmonitor: a busy call" t_mon_busy
check "callmonitor: a call to an unknown number" t_mon_vacant
check "callmonitor: a call the called line hangs up on unanswered: rejected, on both lines" t_mon_rejected
check "callmonitor: a caller who hangs up while it rings: abandoned, caller ID and name" t_mon_abandoned
check "callmonitor: a call dropped as soon as it was made is logged" t_mon_at_once
check "callmonitor: a call from the line's telephone (outside TAPI)" t_mon_phone
check "callmonitor: a monitor that fell behind still logs every call" t_mon_behind

# Lines that appear while it runs (LINE_CREATE): an exchange with 2001,
# 2002 ("Front Desk") and 2003 (its number withheld), whose unanswered
# calls end after 5 s
mkdir $CFG/mon $CFG/mon/2001 $CFG/mon/2002 $CFG/mon/2003 &&
	echo "Front Desk" > $CFG/mon/2002/caller_name && echo 1 > $CFG/mon/2003/withheld &&
	echo 5000 > $CFG/mon/no_answer_ms && echo 1 > $CFG/mon/live
# a fresh application's device ID for tapiN: its place among the devices
devid() { ls /sys/class/tapi | sed -n 's/^tapi\([0-9]*\)$/\1/p' | sort -n | grep -nx "${1#tapi}" | awk -F: '{ print $1 - 1 }'; }
t_mon_no_answer() { waitfor $W/mon.log "monitoring line 2002" && id=$(devid $(cat $CFG/mon/2002/dev)) &&
	dialer $id 2001 > /dev/null; [ $? = 4 ] &&
	mrec "${DATE}line 2001: in from 2002 \(Front Desk\) to 2001, no answer, [0-9.]+ s in all$" &&
	within "$(total)" 4 12 &&
	mrec "${DATE}line 2002: out from 2002 to 2001, no answer, [0-9.]+ s in all$" && within "$(total)" 4 12; }
# 2001 rings, hears caller ID (withheld) after the first ring; 2003 gives up after 4 s
t_mon_private() { waitfor $W/mon.log "monitoring line 2003" && id=$(devid $(cat $CFG/mon/2003/dev)) &&
	exphone call $id 2001 $W/x.wav -g 4000 > /dev/null
	mrec "${DATE}line 2001: in from private to 2001, abandoned, [0-9.]+ s in all$" &&
	mrec "${DATE}line 2003: out from 2003 to 2001, abandoned, [0-9.]+ s in all$"; }
check "callmonitor: watches lines that appear (LINE_CREATE); a call nobody answers" t_mon_no_answer
check "callmonitor: a caller who withheld the number is private" t_mon_private
echo 0 > $CFG/mon/live; rmdir $CFG/mon/2001 $CFG/mon/2002 $CFG/mon/2003 $CFG/mon

t_mon_stop() { kill -TERM $mon && wait $mon && cat $W/mon.err && [ ! -s $W/mon.err ] &&
	[ $(grep -c ' in all$' $W/mon.log) = $(grep -c ', begins$' $W/mon.log) ]; }
check "callmonitor: SIGTERM ends it (exit 0); every call begun was logged ended" t_mon_stop
t_mon_count() { callmonitor -c 2 -t 20 > $W/mc.log 2>&1 &
	m=$!
	waitfor $W/mc.log "monitoring line 1004" && dialer 0 999 > /dev/null; dialer 0 998 > /dev/null
	wait $m && cat $W/mc.log &&
	[ $(grep -c ' in all$' $W/mc.log) = 2 ]; }
t_mon_time() { s=$(date +%s); callmonitor -t 2 > /dev/null && within $(($(date +%s) - s)) 2 6; }
t_mon_usage() { callmonitor -x; [ $? = 2 ] || return 1; callmonitor extra; [ $? = 2 ]; }
check "callmonitor -c 2: exits after logging two calls" t_mon_count
check "callmonitor -t 2: exits after 2 s" t_mon_time
check "callmonitor: bad arguments exit 2" t_mon_usage
# a monitor started during a call (1001 talks to 1002 for 4 s) logs it too,
# timed from its start (lineGetNewCalls)
t_mon_joined() { exphone answer 1 $W/j1.wav > $W/j1.log 2>&1 &
	a=$!
	waitfor $W/j1.log ready || return 1
	exphone call 0 1002 $W/j0.wav -h 4000 > /dev/null &
	c=$!
	waitfor $W/j1.log caller || return 1
	callmonitor -c 2 -t 20 > $W/j.log 2>&1 &
	m=$!
	wait $c; wait $a; wait $m && cat $W/j.log &&
	grep -E "${DATE}line 1001: out from 1001 to 1002, answered, talked" $W/j.log > $W/rec &&
	within "$(sed 's/ (under way.*//' $W/rec | talked)" 0.5 4.5 &&
	grep -q "in all (under way when the monitor started)$" $W/rec &&
	grep -Eq "${DATE}line 1002: in from 1001 to 1002, answered, talked [0-9.]+ s, [0-9.]+ s in all \(under way when the monitor started\)$" $W/j.log; }
check "callmonitor: a call under way when it starts is logged (lineGetNewCalls)" t_mon_joined
