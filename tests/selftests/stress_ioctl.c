// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_stress: every ioctl of the uAPI with the errors docs/uapi.md gives
 * it (besides EFAULT for a bad pointer, ENODEV once the device is gone and
 * ENOTTY for another device's), and a mostly valid random argument for each.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "stress.h"

#define CALLCTL	(ERR_EINVAL | ERR_ENOENT | ERR_EPERM | ERR_EBUSY | ERR_EOPNOTSUPP)
#define RSV(s)	((int)offsetof(struct s, reserved))
#define IOC(c, k, e, r)	{ c, #c + 9, k, e, r }

const struct ioc iocs[] = {
	IOC(TAPI_IOC_GET_LINE_INFO, K_LINE, ERR_EINVAL, RSV(tapi_line_info)),
	IOC(TAPI_IOC_AUDIO_OPEN, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_EOPNOTSUPP |
	    ERR_ENOMEM | ERR_EMFILE, RSV(tapi_audio_open)),
	IOC(TAPI_IOC_GENERATE_DIGITS, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_EPERM |
	    ERR_EOPNOTSUPP, RSV(tapi_generate_digits)),
	IOC(TAPI_IOC_SET_PRIVILEGES, K_LINE, ERR_EINVAL, RSV(tapi_privileges)),
	IOC(TAPI_IOC_MAKE_CALL, K_LINE, ERR_EINVAL | ERR_EBUSY | ERR_ENOSPC | ERR_EOPNOTSUPP,
	    RSV(tapi_make_call)),
	IOC(TAPI_IOC_DIAL, K_LINE, CALLCTL, RSV(tapi_dial)),
	IOC(TAPI_IOC_ANSWER, K_LINE, CALLCTL, RSV(tapi_call_op)),
	IOC(TAPI_IOC_ACCEPT, K_LINE, CALLCTL, RSV(tapi_call_op)),
	IOC(TAPI_IOC_DROP, K_LINE, CALLCTL, RSV(tapi_call_op)),
	IOC(TAPI_IOC_SET_CALL_PRIVILEGE, K_LINE, CALLCTL, RSV(tapi_call_privilege)),
	IOC(TAPI_IOC_HANDOFF, K_LINE, CALLCTL | ERR_ESRCH | ERR_EALREADY, RSV(tapi_handoff)),
	IOC(TAPI_IOC_LIST_CALLS, K_LINE, ERR_EINVAL, RSV(tapi_call_list)),
	IOC(TAPI_IOC_CALL_INFO, K_LINE, ERR_EINVAL | ERR_ENOENT, RSV(tapi_call_info)),
	IOC(TAPI_IOC_GATHER_DIGITS, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_EOPNOTSUPP,
	    RSV(tapi_gather_digits)),
	IOC(TAPI_IOC_GATHER_RESULT, K_LINE, ERR_EINVAL | ERR_ENODATA, RSV(tapi_gather_result)),
	IOC(TAPI_IOC_GENERATE_TONE, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_EPERM |
	    ERR_EOPNOTSUPP, RSV(tapi_generate_tone)),
	IOC(TAPI_IOC_MONITOR_MEDIA, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_EOPNOTSUPP,
	    RSV(tapi_monitor_media)),
	IOC(TAPI_IOC_LINE_STATUS, K_LINE, ERR_EINVAL, RSV(tapi_line_status)),
	IOC(TAPI_IOC_MONITOR_TONES, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_EOPNOTSUPP |
	    ERR_ENOSPC, RSV(tapi_monitor_tones)),
	IOC(TAPI_IOC_MONITOR_DIGITS, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_EOPNOTSUPP,
	    RSV(tapi_monitor_digits)),
	IOC(TAPI_IOC_HOLD, K_LINE, CALLCTL, RSV(tapi_call_op)),
	IOC(TAPI_IOC_UNHOLD, K_LINE, CALLCTL, RSV(tapi_call_op)),
	IOC(TAPI_IOC_SET_STATUS_EVENTS, K_LINE, ERR_EINVAL, RSV(tapi_status_events)),
	IOC(TAPI_IOC_SET_CALL, K_LINE, CALLCTL | ERR_ENOMEM, RSV(tapi_call_set)),
	IOC(TAPI_IOC_CALL_DATA, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_ENOMEM,
	    RSV(tapi_call_data)),
	IOC(TAPI_IOC_HANDOFF_NAME, K_LINE, CALLCTL | ERR_ESRCH | ERR_EALREADY,
	    RSV(tapi_handoff_name)),
	IOC(TAPI_IOC_SET_NAME, K_LINE, ERR_EINVAL, RSV(tapi_file_name)),
	IOC(TAPI_IOC_SET_NUM_RINGS, K_LINE, 0, -1),
	IOC(TAPI_IOC_SET_LINE, K_LINE, ERR_EINVAL | ERR_EOPNOTSUPP, RSV(tapi_line_set)),
	IOC(TAPI_IOC_MEDIA_CONTROL, K_LINE, ERR_EINVAL | ERR_ENOENT | ERR_EPERM |
	    ERR_EOPNOTSUPP, RSV(tapi_media_control)),
	IOC(TAPI_IOC_AUDIO_STATS, K_AUDIO, 0, -1),
	IOC(TAPI_IOC_PHONE_INFO, K_PHONE, ERR_EINVAL, RSV(tapi_phone_info)),
	IOC(TAPI_IOC_PHONE_STATUS, K_PHONE, ERR_EINVAL | ERR_ENOMEM, RSV(tapi_phone_status)),
	IOC(TAPI_IOC_PHONE_SET, K_PHONE, ERR_EINVAL | ERR_EPERM | ERR_EOPNOTSUPP | ERR_EBUSY |
	    ERR_ENOMEM, RSV(tapi_phone_set)),
	IOC(TAPI_IOC_PHONE_GET_BUTTON, K_PHONE, ERR_EINVAL, RSV(tapi_phone_button)),
	IOC(TAPI_IOC_PHONE_SET_BUTTON, K_PHONE, ERR_EINVAL | ERR_EPERM, RSV(tapi_phone_button)),
	IOC(TAPI_IOC_PHONE_EVENTS, K_PHONE, ERR_EINVAL, RSV(tapi_phone_events)),
	IOC(TAPI_IOC_PHONE_PRIVILEGE, K_PHONE, ERR_EINVAL, -1),
};

const unsigned int n_iocs = sizeof(iocs) / sizeof(iocs[0]);

/* The entry of @cmd, or of the ioctl whose number it shares (another size). */
const struct ioc *ioc_of(unsigned long cmd)
{
	const struct ioc *near = NULL;

	for (unsigned int i = 0; i < n_iocs; i++) {
		if (iocs[i].cmd == cmd)
			return &iocs[i];
		if (_IOC_TYPE(iocs[i].cmd) == _IOC_TYPE(cmd) && _IOC_NR(iocs[i].cmd) == _IOC_NR(cmd))
			near = &iocs[i];
	}
	return near;
}

static const uint32_t media[] = {
	TAPI_MEDIA_INTERACTIVEVOICE, TAPI_MEDIA_DATAMODEM, TAPI_MEDIA_G3FAX,
	TAPI_MEDIA_AUTOMATEDVOICE,
};

static void digits(char *s, size_t size, struct rng *r, unsigned int max, const char *set)
{
	unsigned int n = pick(r, max + 1), i;

	for (i = 0; i < n && i + 1 < size; i++)
		s[i] = set[pick(r, strlen(set))];
	s[i] = 0;
}

/* A dial string: a line of the network mostly, else digits and controls. */
static void dial_string(char *s, size_t size, struct rng *r)
{
	if (!one_in(r, 4))
		snprintf(s, size, "%u", NUM_FIRST + pick(r, NUM_LAST - NUM_FIRST + 1));
	else
		digits(s, size, r, 8, "0123456789*#,W;P");
}

static void fill_call(void *buf, const struct ioc *io, struct evtrack *t, struct rng *r)
{
	static const uint32_t want[] = {
		[0] = TAPI_CALL_OFFERING | TAPI_CALL_ACCEPTED,	/* answer */
		[1] = TAPI_CALL_OFFERING,			/* accept */
		[2] = 0,					/* drop */
		[3] = TAPI_CALL_CONNECTED,			/* hold */
		[4] = TAPI_CALL_ONHOLD,				/* unhold */
	};
	struct tapi_call_op *op = buf;
	unsigned int w = io->cmd == TAPI_IOC_ANSWER ? 0 : io->cmd == TAPI_IOC_ACCEPT ? 1 :
			 io->cmd == TAPI_IOC_DROP ? 2 : io->cmd == TAPI_IOC_HOLD ? 3 : 4;

	op->call_id = known_call(t, r, want[w]);
}

static void fill_tone(struct tapi_generate_tone *g, struct evtrack *t, struct rng *r)
{
	static const uint32_t tones[] = {
		0, TAPI_TONE_CUSTOM, TAPI_TONE_RINGBACK, TAPI_TONE_BUSY, TAPI_TONE_BEEP,
		TAPI_TONE_DIAL, TAPI_TONE_CONGESTION, TAPI_TONE_SIT, TAPI_TONE_CALLWAIT,
	};
	static const char *const zones[] = { "", "us", "de", "uk", "jp", "xx" };

	g->call_id = one_in(r, 3) ? known_call(t, r, 0) : 0;
	g->tone = tones[pick(r, 9)];
	g->tag = rnd(r);
	if (!g->tone)
		return;		/* cancelling: nothing else may be set */
	g->duration_ms = one_in(r, 2) ? 0 : 20 + pick(r, 2000);
	/* the zone's tones only; a custom tone's fields for a custom tone only */
	if (g->tone != TAPI_TONE_CUSTOM && g->tone != TAPI_TONE_BEEP)
		memcpy(g->zone, zones[pick(r, 6)], 3);
	if (g->tone == TAPI_TONE_CUSTOM) {
		g->level1 = -(int16_t)pick(r, 401);
		g->level2 = -(int16_t)pick(r, 401);
		g->nseg = 1 + pick(r, TAPI_TONE_MAX_SEGS);
		g->repeat = pick(r, 4);
		for (unsigned int i = 0; i < g->nseg; i++) {
			g->seg[i].freq1 = one_in(r, 4) ? 0 : 300 + pick(r, 3000);
			g->seg[i].freq2 = one_in(r, 2) ? 0 : 300 + pick(r, 3000);
			g->seg[i].ms = g->nseg == 1 && one_in(r, 3) ? 0 : 1 + pick(r, 400);
		}
	}
}

static void fill_media_control(struct tapi_media_control *m, struct evtrack *t,
			       struct rng *r)
{
	static const uint32_t actions[] = {
		TAPI_MEDIACTL_NONE, TAPI_MEDIACTL_START, TAPI_MEDIACTL_RESET,
		TAPI_MEDIACTL_PAUSE, TAPI_MEDIACTL_RESUME, TAPI_MEDIACTL_VOLUMEUP,
		TAPI_MEDIACTL_VOLUMEDOWN, TAPI_MEDIACTL_VOLUMENORMAL,
	};

	m->call_id = one_in(r, 2) ? known_call(t, r, 0) : 0;
	m->count = pick(r, 5);
	for (unsigned int i = 0; i < m->count; i++) {
		struct tapi_media_rule *ru = &m->rules[i];

		ru->kind = 1 + pick(r, 2);
		if (ru->kind == TAPI_MEDIARULE_DIGIT) {
			ru->match = "0123456789*#ABCD"[pick(r, 16)];
			ru->modes = 1 + pick(r, 3) == 1 ? TAPI_DIGITMODE_DTMF :
				    one_in(r, 2) ? TAPI_DIGITMODE_DTMFEND :
				    TAPI_DIGITMODE_DTMF | TAPI_DIGITMODE_DTMFEND;
		} else {
			ru->match = 1u << pick(r, 15);
		}
		ru->action = actions[pick(r, 8)];
	}
}

static void fill_phone_set(struct tapi_phone_set *s, struct rng *r)
{
	static const uint32_t lamps[] = {
		TAPI_LAMP_OFF, TAPI_LAMP_STEADY, TAPI_LAMP_WINK, TAPI_LAMP_FLASH,
		TAPI_LAMP_FLUTTER, TAPI_LAMP_BROKENFLUTTER, TAPI_LAMP_DUMMY,
	};

	s->what = 1 + pick(r, 6);
	switch (s->what) {
	case TAPI_PHONE_SET_HOOKSWITCH:
		s->index = 1 + pick(r, 7);
		s->value = 1u << pick(r, 4);
		break;
	case TAPI_PHONE_SET_RING:
		s->value = pick(r, 4);
		s->value2 = pick(r, TAPI_PHONE_LEVEL_MAX + 1);
		break;
	case TAPI_PHONE_SET_VOLUME:
	case TAPI_PHONE_SET_GAIN:
		s->index = 1 + pick(r, 7);
		s->value = pick(r, TAPI_PHONE_LEVEL_MAX + 1);
		break;
	case TAPI_PHONE_SET_LAMP:
		s->index = pick(r, 16);
		s->value = lamps[pick(r, 7)];
		break;
	default:
		s->index = pick(r, 3);
		s->value = pick(r, 24);
		digits(s->text, sizeof(s->text), r, 30, "abc 0123-+:");
	}
}

void fill_arg(const struct ioc *io, void *buf, struct evtrack *t, struct rng *r)
{
	/* a user pointer inside the argument points here */
	static __thread unsigned char room[4096];

	memset(buf, 0, _IOC_SIZE(io->cmd));
	switch (io->cmd) {
	case TAPI_IOC_AUDIO_OPEN: {
		struct tapi_audio_open *a = buf;

		a->call_id = one_in(r, 4) ? known_call(t, r, 0) : 0;
		a->format = 1 + pick(r, 3);
		a->chunk_ms = one_in(r, 16) ? 21 : 1 + pick(r, 20);
		a->flags = O_CLOEXEC | (one_in(r, 4) ? 0 : O_NONBLOCK);
		break;
	}
	case TAPI_IOC_GENERATE_DIGITS: {
		struct tapi_generate_digits *g = buf;

		g->call_id = one_in(r, 3) ? known_call(t, r, 0) : 0;
		g->mode = one_in(r, 3) ? TAPI_DIGIT_PULSE : TAPI_DIGIT_DTMF;
		g->on_ms = g->mode == TAPI_DIGIT_DTMF ? 40 + pick(r, 100) : 0;
		g->off_ms = g->mode == TAPI_DIGIT_DTMF ? 40 + pick(r, 100) : 300 + pick(r, 200);
		g->level = g->mode == TAPI_DIGIT_DTMF ? -(int)pick(r, 401) : 0;
		g->tag = rnd(r);
		digits(g->digits, sizeof(g->digits), r, 6,
		       g->mode == TAPI_DIGIT_DTMF ? "0123456789*#ABCDabcd" : "0123456789");
		break;
	}
	case TAPI_IOC_SET_PRIVILEGES: {
		struct tapi_privileges *p = buf;
		static const uint32_t privs[] = {
			TAPI_PRIV_NONE, TAPI_PRIV_MONITOR, TAPI_PRIV_OWNER,
			TAPI_PRIV_OWNER | TAPI_PRIV_MONITOR,
		};

		p->privileges = privs[pick(r, 4)];
		if (p->privileges & TAPI_PRIV_OWNER) {
			p->media_modes = media[pick(r, 4)] | (one_in(r, 2) ? media[pick(r, 4)] : 0);
			p->priority = pick(r, 4);
		}
		break;
	}
	case TAPI_IOC_MAKE_CALL: {
		struct tapi_make_call *m = buf;

		m->media_mode = one_in(r, 2) ? 0 : media[pick(r, 4)];
		dial_string(m->dial, sizeof(m->dial), r);
		break;
	}
	case TAPI_IOC_DIAL: {
		struct tapi_dial *d = buf;

		d->call_id = known_call(t, r, TAPI_CALL_DIALTONE | TAPI_CALL_DIALING |
					TAPI_CALL_PROCEEDING | TAPI_CALL_CONNECTED);
		if (one_in(r, 2))
			dial_string(d->dial, sizeof(d->dial), r);
		else
			digits(d->dial, sizeof(d->dial), r, 4, "0123456789#*");
		break;
	}
	case TAPI_IOC_ANSWER:
	case TAPI_IOC_ACCEPT:
	case TAPI_IOC_DROP:
	case TAPI_IOC_HOLD:
	case TAPI_IOC_UNHOLD:
		fill_call(buf, io, t, r);
		break;
	case TAPI_IOC_SET_CALL_PRIVILEGE: {
		struct tapi_call_privilege *p = buf;

		p->call_id = known_call(t, r, 0);
		p->privilege = 1u << pick(r, 3);
		break;
	}
	case TAPI_IOC_HANDOFF: {
		struct tapi_handoff *h = buf;

		h->call_id = known_call(t, r, 0);
		h->media_mode = media[pick(r, 4)];
		break;
	}
	case TAPI_IOC_LIST_CALLS: {
		struct tapi_call_list *l = buf;

		l->ids = (uintptr_t)room;
		l->count = pick(r, KNOWN_CALLS + 1);
		l->flags = one_in(r, 4) ? TAPI_LIST_ADOPT : 0;
		break;
	}
	case TAPI_IOC_CALL_INFO:
		((struct tapi_call_info *)buf)->call_id = known_call(t, r, 0);
		break;
	case TAPI_IOC_GATHER_DIGITS: {
		struct tapi_gather_digits *g = buf;

		g->call_id = one_in(r, 3) ? known_call(t, r, 0) : 0;
		g->mode = 1 + pick(r, 3);
		g->max_digits = pick(r, 12);
		if (!g->max_digits && !one_in(r, 8))
			break;		/* cancelling: the rest must be 0 */
		g->first_ms = one_in(r, 2) ? 0 : pick(r, 3000);
		g->inter_ms = one_in(r, 2) ? 0 : pick(r, 1000);
		g->tag = rnd(r);
		digits(g->term_digits, sizeof(g->term_digits), r, 2, "#*0");
		break;
	}
	case TAPI_IOC_GENERATE_TONE:
		fill_tone(buf, t, r);
		break;
	case TAPI_IOC_MONITOR_MEDIA: {
		struct tapi_monitor_media *m = buf;

		m->call_id = one_in(r, 3) ? known_call(t, r, 0) : 0;
		m->media_modes = rnd(r) & TAPI_MONITOR_MEDIA_MODES;
		break;
	}
	case TAPI_IOC_MONITOR_TONES: {
		struct tapi_monitor_tones *m = buf;

		m->call_id = one_in(r, 3) ? known_call(t, r, 0) : 0;
		m->count = pick(r, TAPI_MONITOR_TONES_MAX + 1);
		for (unsigned int i = 0; i < m->count; i++) {
			m->tones[i].tag = rnd(r);
			m->tones[i].duration_ms = 20 + pick(r, 500);
			m->tones[i].freq[0] = 300 + pick(r, 3000);
			m->tones[i].freq[1] = one_in(r, 2) ? 0 : 300 + pick(r, 3000);
		}
		break;
	}
	case TAPI_IOC_MONITOR_DIGITS: {
		struct tapi_monitor_digits *m = buf;

		m->call_id = one_in(r, 3) ? known_call(t, r, 0) : 0;
		m->modes = pick(r, 8);
		break;
	}
	case TAPI_IOC_SET_STATUS_EVENTS:
		((struct tapi_status_events *)buf)->line_states = rnd(r) & TAPI_LINESTATES;
		break;
	case TAPI_IOC_SET_CALL: {
		struct tapi_call_set *s = buf;

		s->call_id = known_call(t, r, 0);
		s->what = 1 + pick(r, 15);
		if (s->what & TAPI_CALLSET_MEDIAMODE)
			s->media_mode = media[pick(r, 4)];
		if (s->what & TAPI_CALLSET_APPSPECIFIC)
			s->app_specific = rnd(r);
		if (s->what & TAPI_CALLSET_TREATMENT)
			s->treatment = 1 + pick(r, 4);
		if (s->what & TAPI_CALLSET_CALLDATA) {
			s->data_size = pick(r, 1024);
			s->data = (uintptr_t)room;
		}
		break;
	}
	case TAPI_IOC_CALL_DATA: {
		struct tapi_call_data *d = buf;

		d->call_id = known_call(t, r, 0);
		d->size = pick(r, 1024);
		d->data = (uintptr_t)room;
		break;
	}
	case TAPI_IOC_HANDOFF_NAME: {
		struct tapi_handoff_name *h = buf;

		h->call_id = known_call(t, r, 0);
		strcpy(h->name, one_in(r, 2) ? "alt" : "main");
		break;
	}
	case TAPI_IOC_SET_NAME:
		strcpy(((struct tapi_file_name *)buf)->name, one_in(r, 3) ? "" :
		       one_in(r, 2) ? "alt" : "main");
		break;
	case TAPI_IOC_SET_NUM_RINGS:
		*(uint32_t *)buf = one_in(r, 4) ? TAPI_NUM_RINGS_NONE : pick(r, 10);
		break;
	case TAPI_IOC_SET_LINE:
		((struct tapi_line_set *)buf)->what = TAPI_LINESET_MSGWAIT;
		((struct tapi_line_set *)buf)->value = pick(r, 2);
		break;
	case TAPI_IOC_MEDIA_CONTROL:
		fill_media_control(buf, t, r);
		break;
	case TAPI_IOC_PHONE_SET:
		fill_phone_set(buf, r);
		break;
	case TAPI_IOC_PHONE_GET_BUTTON:
	case TAPI_IOC_PHONE_SET_BUTTON: {
		struct tapi_phone_button *b = buf;

		b->button = pick(r, 16);
		if (io->cmd == TAPI_IOC_PHONE_SET_BUTTON) {
			b->mode = 1u << pick(r, 6);
			b->function = pick(r, TAPI_BUTTON_FUNCTION_NONE + 1);
			digits(b->text, sizeof(b->text), r, 8, "abcXYZ 12");
		}
		break;
	}
	case TAPI_IOC_PHONE_EVENTS: {
		struct tapi_phone_events *e = buf;

		e->phone_states = rnd(r) & TAPI_PHONESTATES;
		e->button_modes = rnd(r) & 0x3f;
		e->button_states = pick(r, 4);
		break;
	}
	case TAPI_IOC_PHONE_PRIVILEGE:
		*(uint32_t *)buf = one_in(r, 2) ? TAPI_PRIV_OWNER : TAPI_PRIV_MONITOR;
		break;
	}
}
