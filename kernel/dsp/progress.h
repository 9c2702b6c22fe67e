/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Detectors of what comes back from the network: call-progress tones of a
 * zone (classified by frequency and cadence), fax CNG and CED/ANS tones,
 * and voice activity. All are streaming: feed samples in chunks of any
 * size; results do not depend on the chunking.
 *
 * Each detector's process function consumes samples until it has an event
 * to report, so a caller loops:
 *
 *	while (n) {
 *		k = dsp_vad_process(&v, x, n, &ev);
 *		x += k;
 *		n -= k;
 *		if (ev.kind != DSP_CPD_NONE)
 *			handle(&ev);
 *	}
 *
 * A call may consume no samples when it reports an event left over from
 * the previous block (at most a few).
 */
#ifndef TAPI_DSP_PROGRESS_H
#define TAPI_DSP_PROGRESS_H

#include "dsp.h"
#include "tone.h"

enum dsp_cpd_kind {
	DSP_CPD_NONE,
	DSP_CPD_DIAL,		/* call progress: the zone's tones */
	DSP_CPD_BUSY,
	DSP_CPD_RINGBACK,
	DSP_CPD_CONGESTION,
	DSP_CPD_SIT,
	DSP_CPD_SILENCE,	/* nothing heard for DSP_CPD_SILENCE_MS */
	DSP_CPD_UNKNOWN,	/* sound that is none of the zone's tones */
	DSP_FAX_CNG,		/* calling fax: 1100 Hz bursts */
	DSP_FAX_CED,		/* answering fax or modem: 2100 Hz */
	DSP_FAX_CED_PR,		/* ... with phase reversals (V.25 ANS/, ANSam/) */
	DSP_VAD_START,		/* voice (any sound above the noise) begins */
	DSP_VAD_END,
	DSP_CPD_NKINDS
};

/**
 * struct dsp_cpd_event - what a detector found
 * @kind: enum dsp_cpd_kind, DSP_CPD_NONE if nothing
 * @pos: sample count (since init) at which it was decided
 * @at: estimated start of what was found (end, for DSP_VAD_END), <= @pos
 */
struct dsp_cpd_event {
	u32 kind;
	u64 pos;
	u64 at;
};

#define DSP_CPD_QUEUE		4
struct dsp_cpd_queue {
	struct dsp_cpd_event ev[DSP_CPD_QUEUE];
	u8 head, n;
};

/* Voice activity: energy per 10 ms against an adaptive noise floor. */
#define DSP_VAD_BLOCK		80
#define DSP_VAD_HANGOVER_MS	300

struct dsp_vad {
	u64 floor;		/* noise energy per block */
	u64 acc;		/* energy of the block so far */
	u64 pos;		/* samples consumed */
	u64 run_start;	/* first sample of the current voiced run */
	u64 last_voice;	/* end of the last voiced block */
	u32 fill;
	u32 run;		/* voiced blocks in a row */
	u32 quiet;		/* unvoiced blocks since the last voiced one */
	bool active;
	bool inited;
	struct dsp_cpd_queue q;
};

void dsp_vad_init(struct dsp_vad *v);
size_t dsp_vad_process(struct dsp_vad *v, const s16 *x, size_t n,
		       struct dsp_cpd_event *ev);

/* Call progress. Tones are judged per 20 ms block. */
#define DSP_CPD_BLOCK		160
#define DSP_CPD_MAX_BINS	32
#define DSP_CPD_TONES		5	/* dial, busy, ringback, congestion, SIT */
#define DSP_CPD_RUNS		8
#define DSP_CPD_PAIRS		4
#define DSP_CPD_SILENCE_MS	6000
#define DSP_CPD_UNKNOWN_MS	1500

/* bins (bitmasks over struct dsp_cpd's bins) of one frequency pair */
struct dsp_cpd_pair {
	u32 all, a, b;
	bool each;		/* far enough apart to check each on its own */
};

struct dsp_cpd_track {
	u16 pat[DSP_CPD_RUNS];	/* on, off, on, ... in ms */
	u8 npat;
	bool continuous;
	bool used;
	u32 any;			/* the bins of all pairs */
	u8 npair;
	struct dsp_cpd_pair pair[DSP_CPD_PAIRS];
	u16 run_ms[DSP_CPD_RUNS];	/* last completed runs, ring */
	bool run_on[DSP_CPD_RUNS];
	u8 run_head, nrun;
	bool on;			/* state of the current run */
	bool partial;			/* the current run began before we did */
	u32 cur_ms;
};

struct dsp_cpd {
	const struct dsp_zone *zone;
	struct dsp_goertzel g[DSP_CPD_MAX_BINS];
	u64 pw[DSP_CPD_MAX_BINS];
	u8 nbins;
	u64 energy;
	u64 emin;
	u32 fill;
	u64 pos;
	u32 cont_ms;
	struct dsp_cpd_track t[DSP_CPD_TONES];
	u32 cur;
	u64 cur_start;
	u32 silent_ms, unknown_ms;
	struct dsp_vad vad;
	struct dsp_cpd_queue q;
};

/* Set up for a zone's tones; false (and a detector of nothing) if NULL. */
bool dsp_cpd_init(struct dsp_cpd *c, const struct dsp_zone *zone);
size_t dsp_cpd_process(struct dsp_cpd *c, const s16 *x, size_t n,
		       struct dsp_cpd_event *ev);

/* Fax and modem tones: CNG 1100 Hz 0.5 s bursts; CED/ANS 2100 Hz. */
struct dsp_fax {
	struct dsp_goertzel g[6];	/* 1050, 1100, 1150; 2050, 2100, 2150 Hz */
	u64 energy, emin;
	u32 fill;
	u64 pos;
	u32 cng_on, cng_off;
	u64 cng_start;
	bool cng_armed;
	u32 ced_on, ced_gap;
	u64 ced_start;
	bool ced_gap_loud;		/* the gap looks like a phase reversal */
	bool ced_pr, ced_reported, ced_pr_reported;
	struct dsp_cpd_queue q;
};

void dsp_fax_init(struct dsp_fax *f);
size_t dsp_fax_process(struct dsp_fax *f, const s16 *x, size_t n,
		       struct dsp_cpd_event *ev);

#endif /* TAPI_DSP_PROGRESS_H */
