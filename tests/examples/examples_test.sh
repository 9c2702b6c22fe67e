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
