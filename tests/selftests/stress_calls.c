// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_stress: calls between live lines, driven on purpose rather than
 * by chance. Each thread picks a line A (one of the configfs exchanges'
 * lines mostly, which have call waiting) and two others, B and C, that
 * call it. A has two owners (priorities and names differ, so handoffs by
 * media mode and by name find a target, or themselves) and a monitor; B
 * and C own their calls. Then random steps: calls made and dropped, a
 * second call waiting, answered (which holds the first) or swapped by
 * hook flashes, hold and unhold, dialing, handoffs, privileges given up
 * and taken, call data, media control, gathering, tones, audio on a call,
 * files closing with their calls. The monitor tries everything an owner
 * does and must never succeed. Every outcome goes through the errno
 * tables and every event through the reader's invariants.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stress.h"

enum { A_OWN, A_ALT, A_MON, B, C, PARTIES };

struct party {
	int fd, dev;
	unsigned int number;
	struct evtrack t;
};

struct scene {
	char who[24];
	struct rng r;
	struct party p[PARTIES];
	unsigned char buf[4096];
};

/* Live lines, by number: how many, into @nums and @devs. */
static unsigned int live_lines(unsigned int *nums, int *devs)
{
	unsigned int n = 0;

	for (unsigned int num = NUM_FIRST; num <= NUM_LAST; num++) {
		int d = line_dev_of(num);

		if (d >= 0) {
			nums[n] = num;
			devs[n++] = d;
		}
	}
	return n;
}

static void call_ioctl(struct scene *s, struct party *p, unsigned long cmd)
{
	const struct ioc *io = ioc_of(cmd);

	if (p->fd < 0)
		return;
	fill_arg(io, s->buf, &p->t, &s->r);
	if (xioctl(s->who, p->fd, &p->t, cmd, s->buf, BAD_NONE) < 0)
		return;
	if (cmd == TAPI_IOC_HANDOFF || cmd == TAPI_IOC_HANDOFF_NAME)
		COUNT(handoffs);
	if (cmd == TAPI_IOC_AUDIO_OPEN)
		close(((struct tapi_audio_open *)s->buf)->fd);
	/* answering while another call talks or is held: the waiting call */
	if (cmd == TAPI_IOC_ANSWER && talking(&p->t, ((struct tapi_call_op *)s->buf)->call_id))
		COUNT(cw_answers);
}

/* Open party @p on line @dev as an owner of @media (0: a monitor) named @name. */
static void join(struct scene *s, struct party *p, uint32_t media, uint32_t prio,
		 const char *name)
{
	struct tapi_privileges pr = {
		.privileges = media ? TAPI_PRIV_OWNER : TAPI_PRIV_MONITOR,
		.media_modes = media, .priority = prio,
	};
	struct tapi_file_name fn;

	p->fd = open_dev(K_LINE, p->dev);
	evtrack_init(&p->t, K_LINE);
	if (p->fd < 0)
		return;
	memset(&fn, 0, sizeof(fn));
	snprintf(fn.name, sizeof(fn.name), "%s", name);
	xioctl(s->who, p->fd, &p->t, TAPI_IOC_SET_PRIVILEGES, &pr, BAD_NONE);
	xioctl(s->who, p->fd, &p->t, TAPI_IOC_SET_NAME, &fn, BAD_NONE);
	p->t.monitor_only = !media;
}

static void make_call(struct scene *s, struct party *from, unsigned int to)
{
	struct tapi_make_call m = { .media_mode = TAPI_MEDIA_INTERACTIVEVOICE };

	if (from->fd < 0)
		return;
	snprintf(m.dial, sizeof(m.dial), "%u", to);
	if (!xioctl(s->who, from->fd, &from->t, TAPI_IOC_MAKE_CALL, &m, BAD_NONE)) {
		learn_call(&from->t, m.call_id, TAPI_CALL_DIALING);
		COUNT(calls_made);
	}
}

static const unsigned long owner_ops[] = {
	TAPI_IOC_ANSWER, TAPI_IOC_ANSWER, TAPI_IOC_ACCEPT, TAPI_IOC_HOLD, TAPI_IOC_HOLD,
	TAPI_IOC_UNHOLD, TAPI_IOC_UNHOLD, TAPI_IOC_DROP, TAPI_IOC_DIAL, TAPI_IOC_HANDOFF,
	TAPI_IOC_HANDOFF_NAME, TAPI_IOC_SET_CALL_PRIVILEGE, TAPI_IOC_SET_CALL,
	TAPI_IOC_CALL_DATA, TAPI_IOC_CALL_INFO, TAPI_IOC_LIST_CALLS, TAPI_IOC_MEDIA_CONTROL,
	TAPI_IOC_GENERATE_DIGITS, TAPI_IOC_GENERATE_TONE, TAPI_IOC_GATHER_DIGITS,
	TAPI_IOC_GATHER_RESULT, TAPI_IOC_MONITOR_DIGITS, TAPI_IOC_MONITOR_MEDIA,
	TAPI_IOC_MONITOR_TONES, TAPI_IOC_AUDIO_OPEN, TAPI_IOC_LINE_STATUS,
	TAPI_IOC_SET_NUM_RINGS, TAPI_IOC_SET_LINE, TAPI_IOC_SET_STATUS_EVENTS,
};

/* What only owners may do: the monitor tries them all. */
static const unsigned long monitor_ops[] = {
	TAPI_IOC_ANSWER, TAPI_IOC_ACCEPT, TAPI_IOC_HOLD, TAPI_IOC_UNHOLD, TAPI_IOC_DROP,
	TAPI_IOC_DIAL, TAPI_IOC_HANDOFF, TAPI_IOC_HANDOFF_NAME, TAPI_IOC_SET_CALL,
};

/* What an application would do next with one of its calls. */
static unsigned long natural_op(struct evtrack *t, struct rng *r)
{
	uint32_t st = 0;

	for (unsigned int i = 0; i < KNOWN_CALLS && t->calls[i]; i++)
		if (one_in(r, 2) || !st)
			st = t->state[i];
	switch (st) {
	case TAPI_CALL_OFFERING:
		return one_in(r, 4) ? TAPI_IOC_ACCEPT : TAPI_IOC_ANSWER;
	case TAPI_CALL_ACCEPTED:
		return TAPI_IOC_ANSWER;
	case TAPI_CALL_CONNECTED:
		switch (pick(r, 6)) {
		case 0:
		case 1:
			return TAPI_IOC_HOLD;
		case 2:
			return TAPI_IOC_HANDOFF;
		case 3:
			return TAPI_IOC_HANDOFF_NAME;
		case 4:
			return TAPI_IOC_DIAL;
		default:
			return TAPI_IOC_DROP;
		}
	case TAPI_CALL_ONHOLD:
		return one_in(r, 4) ? TAPI_IOC_DROP : TAPI_IOC_UNHOLD;
	case TAPI_CALL_DIALTONE:
		return TAPI_IOC_DIAL;
	case 0:
		return TAPI_IOC_LIST_CALLS;
	case TAPI_CALL_DISCONNECTED:
	case TAPI_CALL_BUSY:
	case TAPI_CALL_SPECIALINFO:
		return TAPI_IOC_DROP;
	default:
		/* dialing, proceeding, ringback: wait, mostly */
		return one_in(r, 6) ? TAPI_IOC_DROP : TAPI_IOC_CALL_INFO;
	}
}

/* A call's maker: it hangs up what it has, or places a new call to @to. */
static void caller(struct scene *s, struct party *p, unsigned int to)
{
	if (p->t.calls[0] && !one_in(&s->r, 3))
		call_ioctl(s, p, one_in(&s->r, 3) ? TAPI_IOC_DROP : natural_op(&p->t, &s->r));
	else
		make_call(s, p, to);
}

static void step(struct scene *s)
{
	struct party *p = &s->p[pick(&s->r, PARTIES)];
	struct party *a = &s->p[A_OWN];
	unsigned int what = pick(&s->r, 40);

	if (what < 12) {
		/* A's applications answer, hold, hand off... what they have */
		p = one_in(&s->r, 4) ? &s->p[A_ALT] : a;
		call_ioctl(s, p, p->t.calls[0] ? natural_op(&p->t, &s->r) :
			   owner_ops[pick(&s->r, sizeof(owner_ops) / sizeof(owner_ops[0]))]);
	} else if (what < 20) {
		/* B or C calls A, the one without a call first: the second waits */
		p = &s->p[B + pick(&s->r, 2)];
		if (p->t.calls[0] && !one_in(&s->r, 4))
			p = p == &s->p[B] ? &s->p[C] : &s->p[B];
		caller(s, p, a->number);
	} else if (what < 22) {
		caller(s, a, s->p[pick(&s->r, 2) ? B : C].number);
	} else if (what < 24) {
		/* A's telephone: a flash swaps the waiting (or held) call in */
		static const char *const hook[] = { "at 20 flash", "at 20 off", "at 20 on" };

		sim_debugfs(a->number, "hook", hook[pick(&s->r, 3)]);
	} else if (what < 25 && one_in(&s->r, 2)) {
		/* a file leaves: the calls only it owned are dropped */
		uint32_t media = p == a ? TAPI_MEDIA_INTERACTIVEVOICE :
				 p == &s->p[A_ALT] ? TAPI_MEDIA_DATAMODEM | TAPI_MEDIA_INTERACTIVEVOICE :
				 p == &s->p[A_MON] ? 0 : TAPI_MEDIA_INTERACTIVEVOICE;

		if (p->fd >= 0)
			close(p->fd);
		/*
		 * each party comes back under its own name: the monitor under
		 * none, or a handoff by name could make it an owner
		 */
		join(s, p, media, p == a, p == &s->p[A_ALT] ? "alt" :
		     p == &s->p[A_MON] ? "" : "main");
	} else if (what < 29) {
		/* a monitor's requests must fail, whatever its calls' states */
		call_ioctl(s, &s->p[A_MON],
			   monitor_ops[pick(&s->r, sizeof(monitor_ops) / sizeof(monitor_ops[0]))]);
	} else {
		/* anything, by anyone */
		call_ioctl(s, p, owner_ops[pick(&s->r, sizeof(owner_ops) / sizeof(owner_ops[0]))]);
	}
	for (unsigned int i = 0; i < PARTIES; i++)
		if (s->p[i].fd >= 0 && !read_events(s->who, s->p[i].fd, &s->p[i].t, &s->r)) {
			close(s->p[i].fd);
			s->p[i].fd = -1;
		}
	usleep(pick(&s->r, 20000));
}

static void scene(struct scene *s)
{
	unsigned int nums[NUM_LAST - NUM_FIRST + 1], n, i, k, jb, jc, steps;
	int devs[NUM_LAST - NUM_FIRST + 1];

	n = live_lines(nums, devs);
	if (n < 3) {
		usleep(100000);
		return;
	}
	/* A: a configfs line often (call waiting); B, C: two others */
	k = pick(&s->r, n);
	for (i = 0; i < 2 && nums[k] < 1005; i++)
		k = pick(&s->r, n);
	s->p[A_OWN].number = s->p[A_ALT].number = s->p[A_MON].number = nums[k];
	s->p[A_OWN].dev = s->p[A_ALT].dev = s->p[A_MON].dev = devs[k];
	jb = (k + 1 + pick(&s->r, n - 1)) % n;
	do
		jc = pick(&s->r, n);
	while (jc == k || jc == jb);
	s->p[B].number = nums[jb];
	s->p[B].dev = devs[jb];
	s->p[C].number = nums[jc];
	s->p[C].dev = devs[jc];
	join(s, &s->p[A_OWN], TAPI_MEDIA_INTERACTIVEVOICE, 1, "main");
	join(s, &s->p[A_ALT], TAPI_MEDIA_DATAMODEM | TAPI_MEDIA_INTERACTIVEVOICE, 0, "alt");
	join(s, &s->p[A_MON], 0, 0, "");
	join(s, &s->p[B], TAPI_MEDIA_INTERACTIVEVOICE, 0, "main");
	join(s, &s->p[C], TAPI_MEDIA_INTERACTIVEVOICE, 0, "main");
	COUNT(call_scenes);
	for (steps = 20 + pick(&s->r, 60); steps && !stopping(); steps--) {
		step(s);
		COUNT(call_steps);
	}
	for (i = 0; i < PARTIES; i++)
		if (s->p[i].fd >= 0)
			close(s->p[i].fd);
}

static void *calls_thread(void *arg)
{
	static struct scene scenes[2];
	unsigned int idx = (uintptr_t)arg;
	struct scene *s = &scenes[idx & 1];

	snprintf(s->who, sizeof(s->who), "calls.%u", idx);
	rng_init(&s->r, idx);
	while (!stopping())
		scene(s);
	return NULL;
}

void calls_worker(unsigned int idx)
{
	static void *(*const fn[])(void *) = { calls_thread, calls_thread };

	run_threads("calls", fn, 2, idx);
}
