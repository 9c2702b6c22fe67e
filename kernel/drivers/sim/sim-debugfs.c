// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim: the test interface, /sys/kernel/debug/tapi_sim/
 * (docs/tapi_sim.md): ring, in-band digits, cross-connections, the
 * telephone's hook, service, a scripted far end, faults and statistics.
 */
#include <linux/debugfs.h>
#include <linux/kstrtox.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim.h"

static struct dentry *sim_debugfs;

enum hrtimer_restart sim_ring_fn(struct hrtimer *t)
{
	struct sim_line *sl = container_of(t, struct sim_line, ring_timer);
	int i, n = min(atomic_read(&sl->pending), SIM_RINGS_PER_TICK);

	for (i = 0; i < n; i++) {
		u32 param = ++sl->ring_no;

		tapi_line_report(sl->line, TAPI_EVENT_RING, 0, &param, 1);
	}
	/* Spread large bursts over several timer runs, 10 us apart. */
	if (atomic_sub_return(n, &sl->pending) > 0) {
		hrtimer_forward_now(t, ns_to_ktime(10 * NSEC_PER_USEC));
		return HRTIMER_RESTART;
	}
	wake_up_all(&sl->idle);
	return HRTIMER_NORESTART;
}

/*
 * A debugfs write's text, NUL-terminated, without the newline echo adds:
 * 0, -EINVAL when empty or too long for @size, -EFAULT.
 */
static int sim_user_text(const char __user *ubuf, size_t count, char *buf, size_t size)
{
	if (!count || count >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = 0;
	if (buf[count - 1] == '\n')
		buf[count - 1] = 0;
	return buf[0] ? 0 : -EINVAL;
}

/* The file operations of a write-only debugfs file with its _write(). */
#define SIM_WRITE_FOPS(name)					\
static const struct file_operations name##_fops = {		\
	.owner = THIS_MODULE,					\
	.open = simple_open,					\
	.write = name##_write,					\
	.llseek = default_llseek,				\
}

static ssize_t sim_ring_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	unsigned int n;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &n);
	if (ret)
		return ret;
	if (!n || n > SIM_MAX_RING_WRITE)
		return -EINVAL;
	if (atomic_add_return(n, &sl->pending) > SIM_MAX_RING_WRITE) {
		atomic_sub(n, &sl->pending);
		return -EBUSY;
	}
	hrtimer_start(&sl->ring_timer, 0, HRTIMER_MODE_REL_SOFT);
	ret = wait_event_interruptible(sl->idle, !atomic_read(&sl->pending));
	return ret ? ret : count;
}

static ssize_t sim_dtmf_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char digits[DSP_DTMF_TX_QLEN + 2];
	int ret = sim_user_text(ubuf, count, digits, sizeof(digits));

	if (ret)
		return ret;

	spin_lock_bh(&sim_lock);
	ret = dsp_dtmf_tx_queue(&sl->audio.far_dtmf, digits);
	spin_unlock_bh(&sim_lock);
	if (ret == -1)
		return -EINVAL;
	if (ret)
		return -ENOSPC;
	return count;
}

SIM_WRITE_FOPS(sim_dtmf);

static ssize_t sim_hook_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char buf[48], *cmd = buf;
	unsigned int at = 0;
	bool later = false;
	int ret = sim_user_text(ubuf, count, buf, sizeof(buf));

	if (ret)
		return ret;
	if (!strncmp(cmd, "keys ", 5)) {
		/* the keypad: DTMF in what the line sends, 70 ms on and off */
		if (!sim_keys_valid(cmd + 5))
			return -EINVAL;
		spin_lock_bh(&sim_lock);
		ret = dsp_dtmf_tx_queue(&sl->audio.phone_keys, cmd + 5);
		sl->audio.keys_on |= !ret;
		spin_unlock_bh(&sim_lock);
		if (!ret)
			sim_phone_keys(sl, cmd + 5);
		return ret ? -ENOSPC : count;
	}
	if (!strncmp(cmd, "at ", 3)) {
		/* later, without waiting for it */
		cmd = strchr(cmd + 3, ' ');
		if (!cmd)
			return -EINVAL;
		*cmd++ = 0;
		if (kstrtouint(buf + 3, 10, &at) || at > SIM_HOOK_MAX_AT_MS)
			return -EINVAL;
		later = true;
	}

	ret = mutex_lock_interruptible(&sl->hook_mutex);
	if (ret)
		return ret;
	/* a write interrupted before its steps ended leaves them running */
	if (atomic_read(&sl->hook_busy))
		ret = -EBUSY;
	else
		ret = sim_hook_parse(sl, cmd);
	if (!ret)
		sim_hook_play(sl, at);
	mutex_unlock(&sl->hook_mutex);
	/* hook_busy keeps the steps for themselves while they play */
	if (!ret && !later)
		ret = wait_event_interruptible(sl->idle, !atomic_read(&sl->hook_busy));
	return ret ? ret : count;
}

SIM_WRITE_FOPS(sim_hook);

static ssize_t sim_service_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	bool on;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &on);
	if (ret)
		return ret;
	tapi_line_set_in_service(sl->line, on);
	return count;
}

SIM_WRITE_FOPS(sim_service);

/*
 * debugfs far_end: "none" (the line's applications decide), "busy",
 * "reject", or "answer N [digits D] [tone F1[+F2] | pattern] [hangup MS]":
 * answer after N rings (0: at once), then key D in-band to the caller,
 * play a tone (Hz, -10 dBm0 each) or the LFSR pattern (sim_lfsr_next())
 * to it until the call ends, hang up MS later.
 */
static ssize_t sim_far_end_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char buf[80], *p, *tok, digits[SIM_HOOK_DIGITS + 1] = "";
	u32 mode, rings = 0, hangup = 0, play = SIM_PLAY_NONE, hz[2] = { 0, 0 };
	struct dsp_dtmf_tx check;
	int ret = sim_user_text(ubuf, count, buf, sizeof(buf));

	if (ret)
		return ret;
	p = strim(buf);
	tok = strsep(&p, " ");
	if (!strcmp(tok, "none"))
		mode = SIM_FAR_NONE;
	else if (!strcmp(tok, "busy"))
		mode = SIM_FAR_BUSY;
	else if (!strcmp(tok, "reject"))
		mode = SIM_FAR_REJECT;
	else if (!strcmp(tok, "answer") && p && !kstrtou32(strsep(&p, " "), 10, &rings) &&
		 rings <= 100)
		mode = SIM_FAR_ANSWER;
	else
		return -EINVAL;
	while (p && mode == SIM_FAR_ANSWER) {
		char *key = strsep(&p, " "), *val;

		if (!strcmp(key, "pattern") && !play) {
			play = SIM_PLAY_PATTERN;
			continue;
		}
		val = p ? strsep(&p, " ") : NULL;
		if (!val)
			return -EINVAL;
		if (!strcmp(key, "tone") && !play) {
			char *f2 = strchr(val, '+');

			if (f2)
				*f2++ = 0;
			if (kstrtou32(val, 10, &hz[0]) || !hz[0] || hz[0] >= 4000 ||
			    (f2 && (kstrtou32(f2, 10, &hz[1]) || !hz[1] || hz[1] >= 4000)))
				return -EINVAL;
			play = SIM_PLAY_TONE;
		} else if (!strcmp(key, "hangup")) {
			if (kstrtou32(val, 10, &hangup) || !hangup || hangup > 3600000)
				return -EINVAL;
		} else if (!strcmp(key, "digits") && strlen(val) <= SIM_HOOK_DIGITS) {
			dsp_dtmf_tx_init(&check, -100, -100, 560, 560);
			if (dsp_dtmf_tx_queue(&check, val))
				return -EINVAL;
			strscpy(digits, val, sizeof(digits));
		} else {
			return -EINVAL;
		}
	}
	if (p)
		return -EINVAL;	/* words after none, busy or reject */

	mutex_lock(&sim_call_mutex);
	sl->call.far_mode = mode;
	sl->call.far_rings = rings;
	sl->call.far_hangup_ms = hangup;
	strscpy(sl->call.far_digits, digits, sizeof(sl->call.far_digits));
	sl->call.far_play_mode = play;
	/* -10 dBm0 each, continuous */
	sl->call.far_tone_def = (struct dsp_tone_def){
		.level1 = -100, .level2 = -100, .nseg = 1,
		.seg = { { .f1 = hz[0] * 100, .f2 = hz[1] * 100 } },
	};
	mutex_unlock(&sim_call_mutex);
	return count;
}

SIM_WRITE_FOPS(sim_far_end);

/*
 * debugfs faults: "reply_delay MS" (the line's call operations answer the
 * core MS late), "audio_drop N" (every Nth tick's received audio is lost:
 * silence), "audio_delay MS" (received audio comes MS late, up to
 * SIM_DELAY_MAX_MS), "sent_drop N" and "sent_delay MS" (the same for what
 * the line sends, before the far end or the exchange hear it); 0 for any
 * of them: off; "none": all off. (Event floods: debugfs ring.)
 */
static ssize_t sim_faults_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data;
	char buf[48], *p, *key;
	s16 *old[2] = { NULL, NULL }, *fresh = NULL;
	struct sim_audio_fault *f = NULL;
	bool none, delay;
	u32 v = 0;
	int ret = sim_user_text(ubuf, count, buf, sizeof(buf));

	if (ret)
		return ret;
	p = strim(buf);
	key = strsep(&p, " ");
	none = !strcmp(key, "none");
	if (none ? !!p : !p || kstrtou32(p, 10, &v))
		return -EINVAL;
	if (!strcmp(key, "reply_delay")) {
		if (v > 10000)
			return -EINVAL;
		WRITE_ONCE(sl->fault_reply_ms, v);
		return count;
	}
	if (!strcmp(key, "audio_drop") || !strcmp(key, "audio_delay"))
		f = &sl->audio.rx_fault;
	else if (!strcmp(key, "sent_drop") || !strcmp(key, "sent_delay"))
		f = &sl->audio.tx_fault;
	else if (!none)
		return -EINVAL;
	delay = f && strstr(key, "_delay");
	if (delay && v > SIM_DELAY_MAX_MS)
		return -EINVAL;
	if (delay && v) {
		fresh = kcalloc(v * 8, sizeof(*fresh), GFP_KERNEL);
		if (!fresh)
			return -ENOMEM;
	}

	spin_lock_bh(&sim_lock);
	if (none) {
		old[0] = sl->audio.rx_fault.delay_buf;
		old[1] = sl->audio.tx_fault.delay_buf;
		memset(&sl->audio.rx_fault, 0, sizeof(sl->audio.rx_fault));
		memset(&sl->audio.tx_fault, 0, sizeof(sl->audio.tx_fault));
		WRITE_ONCE(sl->fault_reply_ms, 0);
	} else if (delay) {
		old[0] = f->delay_buf;
		f->delay_buf = fresh;
		f->delay_samples = v * 8;
		f->delay_pos = 0;
	} else {
		f->drop_every = v;
		f->drop_count = 0;
	}
	spin_unlock_bh(&sim_lock);
	kfree(old[0]);
	kfree(old[1]);
	return count;
}

SIM_WRITE_FOPS(sim_faults);

/* The statistics, in the order and with the names debugfs shows them. */
static const char * const sim_stat_names[] = {
	"calls_placed", "calls_connected", "calls_busy", "calls_vacant",
	"calls_no_answer", "calls_rejected", "calls_unreachable",
	"ticks", "ticks_late", "audio_overruns", "audio_underruns",
};

/* Add @sl's statistics to @v. Holds sim_call_mutex. */
static void sim_stats_add(struct sim_line *sl, u64 *v)
{
	u64 over, under;

	lockdep_assert_held(&sim_call_mutex);
	v[0] += sl->st.placed;
	v[1] += sl->st.connected;
	v[2] += sl->st.busy;
	v[3] += sl->st.vacant;
	v[4] += sl->st.no_answer;
	v[5] += sl->st.rejected;
	v[6] += sl->st.unreachable;
	/* the tick writes these: a reader may see one tick old */
	v[7] += READ_ONCE(sl->st.ticks);
	v[8] += READ_ONCE(sl->st.late);
	/* its applications' audio streams: readers and writers behind */
	tapi_line_audio_totals(sl->line, &over, &under);
	v[9] += over;
	v[10] += under;
}

static void sim_stats_print(struct seq_file *m, const u64 *v)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sim_stat_names); i++)
		seq_printf(m, "%s %llu\n", sim_stat_names[i], v[i]);
}

static int sim_stats_show(struct seq_file *m, void *unused)
{
	u64 v[ARRAY_SIZE(sim_stat_names)] = { 0 };

	mutex_lock(&sim_call_mutex);
	sim_stats_add(m->private, v);
	mutex_unlock(&sim_call_mutex);
	sim_stats_print(m, v);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_stats);

/* /sys/kernel/debug/tapi_sim/stats: every live line's, summed. */
static int sim_total_stats_show(struct seq_file *m, void *unused)
{
	u64 v[ARRAY_SIZE(sim_stat_names)] = { 0 };
	struct sim_exchange *ex;
	unsigned int i, n = 0;

	mutex_lock(&sim_call_mutex);
	list_for_each_entry(ex, &sim_exchanges, node) {
		for (i = 0; i < ex->nlines; i++) {
			if (ex->lines[i].gone)
				continue;
			sim_stats_add(&ex->lines[i], v);
			n++;
		}
	}
	mutex_unlock(&sim_call_mutex);
	seq_printf(m, "lines %u\n", n);
	sim_stats_print(m, v);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_total_stats);

static ssize_t sim_connect_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct sim_line *sl = file->private_data, *peer = NULL;
	char number[TAPI_ADDRESS_LEN];
	int ret = sim_user_text(ubuf, count, number, sizeof(number));

	if (ret)
		return ret;
	/* the mutex keeps @peer's exchange from going away meanwhile */
	mutex_lock(&sim_call_mutex);
	if (strcmp(number, "0")) {
		peer = sim_find(number);
		if (!peer || peer == sl) {
			mutex_unlock(&sim_call_mutex);
			return -ENOENT;
		}
	}

	spin_lock_bh(&sim_lock);
	if (peer && peer->audio.peer && peer->audio.peer != sl) {
		spin_unlock_bh(&sim_lock);
		mutex_unlock(&sim_call_mutex);
		return -EBUSY;
	}
	if (sl->audio.peer)
		sl->audio.peer->audio.peer = NULL;
	sl->audio.peer = peer;
	if (peer)
		peer->audio.peer = sl;
	spin_unlock_bh(&sim_lock);
	mutex_unlock(&sim_call_mutex);
	return count;
}

SIM_WRITE_FOPS(sim_connect);

SIM_WRITE_FOPS(sim_ring);

/* Debugfs: the test interface of each line, by number. */
void sim_debugfs_add(struct sim_line *sl)
{
	struct dentry *dir = debugfs_create_dir(sl->conf.number, sim_debugfs);

	sl->debugfs = dir;
	debugfs_create_file("ring", 0200, dir, sl, &sim_ring_fops);
	debugfs_create_file("dtmf", 0200, dir, sl, &sim_dtmf_fops);
	debugfs_create_file("connect", 0200, dir, sl, &sim_connect_fops);
	debugfs_create_file("hook", 0200, dir, sl, &sim_hook_fops);
	debugfs_create_file("service", 0200, dir, sl, &sim_service_fops);
	debugfs_create_file("far_end", 0200, dir, sl, &sim_far_end_fops);
	debugfs_create_file("stats", 0400, dir, sl, &sim_stats_fops);
	debugfs_create_file("faults", 0200, dir, sl, &sim_faults_fops);
}

/* The root directory, and the statistics summed over every line. */
void sim_debugfs_init(void)
{
	sim_debugfs = debugfs_create_dir("tapi_sim", NULL);
	debugfs_create_file("stats", 0400, sim_debugfs, NULL, &sim_total_stats_fops);
}

void sim_debugfs_exit(void)
{
	debugfs_remove_recursive(sim_debugfs);
}
