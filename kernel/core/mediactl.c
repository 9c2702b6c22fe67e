// SPDX-License-Identifier: GPL-2.0-only
/*
 * Media control (TAPI_IOC_MEDIA_CONTROL, TAPI's lineSetMediaControl): rules
 * that pause, resume, reset or change the volume of a line's audio streams
 * when a DTMF digit is heard or a call enters a state. The rules are checked
 * by the tick, after the DTMF detector; what they do to the streams is
 * audio.c's (tapi_audio_control_locked()).
 *
 * A line has one set of rules, for one call or for the whole line. They end
 * when they are replaced, when their call goes idle, or when the file that
 * set them closes.
 *
 * Locking: line->audio_lock guards the rules (line->mctl and its companions)
 * as it guards the streams they act on.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "tapi_core.h"

/* The rules end: their streams play again, at their level. Holds audio_lock. */
static void tapi_mctl_end(struct tapi_line *line)
{
	lockdep_assert_held(&line->audio_lock);
	if (!line->mctl.count)
		return;
	tapi_audio_control_locked(line, line->mctl.call_id, TAPI_MEDIACTL_RESUME);
	tapi_audio_control_locked(line, line->mctl.call_id, TAPI_MEDIACTL_VOLUMENORMAL);
	memset(&line->mctl, 0, sizeof(line->mctl));
	line->mctl_owner = NULL;
}

/*
 * The tick, after the DTMF detector: apply the rules that match the
 * digits just heard and the call's state, if it changed.
 */
void tapi_mediactl_tick(struct tapi_line *line, const struct dsp_dtmf_event *ev,
			unsigned int n)
{
	struct tapi_media_control *m = &line->mctl;
	u32 changes = READ_ONCE(line->call_changes), state = 0;
	unsigned int i, k;

	if (!READ_ONCE(m->count))
		return;
	spin_lock(&line->audio_lock);
	if (m->count && m->call_id && changes != line->mctl_changes) {
		line->mctl_changes = changes;
		state = tapi_call_state_of(line, m->call_id);
		if (!state || state == TAPI_CALL_IDLE) {
			tapi_mctl_end(line);	/* its call is over */
		} else if (state != line->mctl_state) {
			line->mctl_state = state;
			for (k = 0; k < m->count; k++)
				if (m->rules[k].kind == TAPI_MEDIARULE_CALLSTATE &&
				    (m->rules[k].match & state))
					tapi_audio_control_locked(line, m->call_id,
								  m->rules[k].action);
		}
	}
	for (i = 0; i < n && m->count; i++) {
		u32 mode = ev[i].end ? TAPI_DIGITMODE_DTMFEND : TAPI_DIGITMODE_DTMF;

		for (k = 0; k < m->count; k++)
			if (m->rules[k].kind == TAPI_MEDIARULE_DIGIT &&
			    m->rules[k].match == (u8)ev[i].digit && (m->rules[k].modes & mode))
				tapi_audio_control_locked(line, m->call_id, m->rules[k].action);
	}
	spin_unlock(&line->audio_lock);
}

/* The states a call can enter while the rules last (idle ends them). */
#define TAPI_MCTL_STATES	(TAPI_CALL_OFFERING | TAPI_CALL_ACCEPTED | TAPI_CALL_DIALTONE | \
				 TAPI_CALL_DIALING | TAPI_CALL_RINGBACK | TAPI_CALL_BUSY | \
				 TAPI_CALL_SPECIALINFO | TAPI_CALL_CONNECTED | \
				 TAPI_CALL_PROCEEDING | TAPI_CALL_ONHOLD | TAPI_CALL_DISCONNECTED)

/* A rule's parts; call state rules need a call. */
static bool tapi_mctl_rule_valid(const struct tapi_media_rule *r, u32 call_id)
{
	switch (r->action) {
	case TAPI_MEDIACTL_NONE:
	case TAPI_MEDIACTL_START:
	case TAPI_MEDIACTL_RESET:
	case TAPI_MEDIACTL_PAUSE:
	case TAPI_MEDIACTL_RESUME:
	case TAPI_MEDIACTL_VOLUMEUP:
	case TAPI_MEDIACTL_VOLUMEDOWN:
	case TAPI_MEDIACTL_VOLUMENORMAL:
		break;
	default:
		return false;
	}
	if (r->kind == TAPI_MEDIARULE_DIGIT)
		return r->match < 128 && strchr("0123456789*#ABCD", r->match) && r->match &&
		       r->modes && !(r->modes & ~(TAPI_DIGITMODE_DTMF | TAPI_DIGITMODE_DTMFEND));
	if (r->kind == TAPI_MEDIARULE_CALLSTATE)
		return call_id && r->match && !(r->match & ~TAPI_MCTL_STATES) && !r->modes;
	return false;
}

long tapi_media_control(struct tapi_line_file *tf, void __user *argp)
{
	struct tapi_line *line = tf->line;
	struct tapi_media_control *req;
	unsigned int i;
	long ret = 0;

	req = memdup_user(argp, sizeof(*req));
	if (IS_ERR(req))
		return PTR_ERR(req);
	if (req->count > TAPI_MEDIA_RULES_MAX ||
	    memchr_inv(req->reserved, 0, sizeof(req->reserved)) ||
	    memchr_inv(req->rules + req->count, 0,
		       (TAPI_MEDIA_RULES_MAX - req->count) * sizeof(req->rules[0]))) {
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < req->count; i++)
		if (!tapi_mctl_rule_valid(&req->rules[i], req->call_id)) {
			ret = -EINVAL;
			goto out;
		}
	/* a call's owner, or for the whole line a file that owns calls */
	spin_lock_irq(&line->tdev.lock);
	if (req->call_id && !tapi_call_known_locked(tf, req->call_id))
		ret = -ENOENT;
	else if (req->call_id ? !tapi_call_owned_locked(tf, req->call_id) :
				!(tf->privileges & TAPI_PRIV_OWNER))
		ret = -EPERM;
	spin_unlock_irq(&line->tdev.lock);
	if (ret)
		goto out;
	if (!(line->caps & TAPI_LINE_CAP_AUDIO)) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	spin_lock_bh(&line->audio_lock);
	tapi_mctl_end(line);
	if (req->count) {
		line->mctl = *req;
		line->mctl_owner = tf;
		line->mctl_state = 0;
		/* the tick looks at the call's state at once */
		line->mctl_changes = READ_ONCE(line->call_changes) - 1;
	}
	spin_unlock_bh(&line->audio_lock);
out:
	kfree(req);
	return ret;
}

/* A file is closing: the rules it set end with it. */
void tapi_mediactl_file_closed(struct tapi_line_file *tf)
{
	struct tapi_line *line = tf->line;

	spin_lock_bh(&line->audio_lock);
	if (line->mctl_owner == tf)
		tapi_mctl_end(line);
	spin_unlock_bh(&line->audio_lock);
}
