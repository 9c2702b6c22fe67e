#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Makes the talk-off corpus: synthetic speech (espeak-ng) in several voices
# and speeds, as 8 kHz 16-bit mono raw files, for the DTMF benchmark to count
# false digits on. The classic talk-off tapes are not redistributable; this
# is a free stand-in. Usage: talkoff-corpus.sh OUTDIR
set -eu
out=$1
mkdir -p "$out"
text='Thank you for calling. Please listen carefully, as our menu options
have changed. For billing questions, say billing or press one. The number
you have dialled, four seven one, nine two eight three, is not in service.
Good morning, this is the answering service; leave your name, number and a
short message after the tone, and we will return your call. Seven hundred
and seventy seven ships sailed east at eleven; nine nurses sang quietly.
Whistling, humming and laughing are hard on tone receivers: oh, ah, ee, oo.
Children shouted, the kettle whistled, and the bells rang six times.'
for voice in en-us en mb-en1 de fr es it nl; do
	for speed in 120 175 240; do
		f="$out/$voice-$speed.raw"
		[ -s "$f" ] && continue
		espeak-ng -v "$voice" -s "$speed" -w "$out/tmp.wav" "$text" 2>/dev/null || continue
		sox "$out/tmp.wav" -r 8000 -c 1 -b 16 -e signed-integer -t raw "$f" 2>/dev/null
	done
done
rm -f "$out/tmp.wav"
ls "$out"/*.raw | wc -l
