// SPDX-License-Identifier: GPL-2.0-only
/*
 * Phone devices: /dev/tapiphoneN, a telephone set as TAPI 2.2's phone
 * device sees it (hookswitch devices, ringer, display, buttons and lamps,
 * volume and gain).
 *
 * A phone embeds a device (device.c) for its node, open files, event
 * queues, read() and poll() and hot removal, as a line does; its files
 * (struct tapi_phone_file) and ioctls are its own.
 * The core keeps the phone's state: owners change it through the driver
 * (TAPI_IOC_PHONE_SET: the driver makes it so, or refuses), the driver
 * reports what the set did by itself (tapi_phone_update(): a handset
 * lifted, caller ID on the display) and its buttons (tapi_phone_button()).
 * Each change is told to the files that asked for it
 * (TAPI_IOC_PHONE_EVENTS), as phoneSetStatusMessages does: none by default.
 *
 * Locking: tdev.lock (interrupts off) guards the state and the files'
 * phone fields, so drivers report from any context; owners' changes go
 * through the driver one at a time, through the gate (gate.c).
 */
#include <linux/ctype.h>
#include <linux/export.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "tapi_core.h"
#include "tapi_driver.h"

/* PHONEBUTTONFUNCTION_* run from 0 to 0x2f (SEND) in TAPI 2.2 */
#define TAPI_BUTTON_FUNCTION_MAX	0x2f

/* An open file of a phone device; its fields under the phone's lock. */
struct tapi_phone_file {
	struct tapi_fh fh;
	struct tapi_phone *phone;
	u32 priv;			/* TAPI_PRIV_OWNER or _MONITOR */
	u32 states;			/* TAPI_PHONESTATE_* told */
	u32 button_modes;		/* buttons whose changes are told */
	u32 button_states;
};

static struct tapi_phone_file *to_phone_file(struct tapi_fh *fh)
{
	return container_of(fh, struct tapi_phone_file, fh);
}

#define tapi_for_each_phone_file(pf, ph) \
	list_for_each_entry(pf, &(ph)->tdev.files, fh.node)

/* PHONESTATE_* of each hookswitch device's hookswitch, volume and gain */
static const u32 tapi_phone_dev_states[TAPI_HOOKSWITCH_DEVS][3] = {
	{ TAPI_PHONESTATE_HANDSETHOOKSWITCH, TAPI_PHONESTATE_HANDSETVOLUME,
	  TAPI_PHONESTATE_HANDSETGAIN },
	{ TAPI_PHONESTATE_SPEAKERHOOKSWITCH, TAPI_PHONESTATE_SPEAKERVOLUME,
	  TAPI_PHONESTATE_SPEAKERGAIN },
	{ TAPI_PHONESTATE_HEADSETHOOKSWITCH, TAPI_PHONESTATE_HEADSETVOLUME,
	  TAPI_PHONESTATE_HEADSETGAIN },
};

static struct tapi_phone *to_phone(struct device *dev)
{
	return container_of(dev, struct tapi_phone, tdev.dev);
}

static ssize_t name_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_phone(dev)->tdev.name);
}
static DEVICE_ATTR_RO(name);

static ssize_t driver_name_show(struct device *dev, struct device_attribute *attr,
				char *buf)
{
	return sysfs_emit(buf, "%s\n", to_phone(dev)->tdev.driver);
}
static DEVICE_ATTR_RO(driver_name);

/* The line the telephone is on ("tapi0"), or empty. */
static ssize_t line_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct tapi_phone *ph = to_phone(dev);

	if (ph->line_id == TAPI_PHONE_NO_LINE)
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "tapi%u\n", ph->line_id);
}
static DEVICE_ATTR_RO(line);

static struct attribute *tapi_phone_attrs[] = {
	&dev_attr_name.attr,
	&dev_attr_driver_name.attr,
	&dev_attr_line.attr,
	NULL,
};
ATTRIBUTE_GROUPS(tapi_phone);

/* Printable, NUL-terminated within @size: what a display or label shows. */
static bool printable(const char *s, size_t size)
{
	size_t i, len = strnlen(s, size);

	if (len == size)
		return false;
	for (i = 0; i < len; i++)
		if (!isprint(s[i]))
			return false;
	return true;
}

/* Whether @r is a change this phone can take. */
static int tapi_phone_check(const struct tapi_phone *ph, const struct tapi_phone_set *r)
{
	unsigned int i;

	if (memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->what != TAPI_PHONE_SET_DISPLAY && memchr_inv(r->text, 0, sizeof(r->text)))
		return -EINVAL;
	if (r->what != TAPI_PHONE_SET_RING && r->value2)
		return -EINVAL;
	switch (r->what) {
	case TAPI_PHONE_SET_HOOKSWITCH:
		if (!r->index || (r->index & ~ph->devs) || !is_power_of_2(r->value))
			return -EINVAL;
		for (i = 0; i < TAPI_HOOKSWITCH_DEVS; i++)
			if ((r->index & BIT(i)) && !(r->value & ph->dev_modes[i]))
				return -EINVAL;
		return 0;
	case TAPI_PHONE_SET_VOLUME:
	case TAPI_PHONE_SET_GAIN:
		if (!r->index || (r->index & ~ph->devs) || r->value > TAPI_PHONE_LEVEL_MAX)
			return -EINVAL;
		return 0;
	case TAPI_PHONE_SET_RING:
		if (r->index || r->value > ph->nring || r->value2 > TAPI_PHONE_LEVEL_MAX)
			return -EINVAL;
		return 0;
	case TAPI_PHONE_SET_LAMP:
		if (r->index >= ph->nbuttons || !is_power_of_2(r->value) ||
		    !(r->value & ph->buttons[r->index].lamp_modes))
			return -EINVAL;
		return 0;
	case TAPI_PHONE_SET_DISPLAY:
		if (!ph->rows || r->index >= ph->rows || r->value >= ph->cols ||
		    !printable(r->text, sizeof(r->text)) ||
		    strlen(r->text) > (ph->rows - r->index) * ph->cols - r->value)
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

/* Tell the files that asked for @state. Caller holds tdev.lock. */
static void tapi_phone_notify(struct tapi_phone *ph, u32 state, u32 p1, u32 p2)
{
	struct tapi_event ev = {
		.type = TAPI_EVENT_PHONE_STATE,
		.timestamp_ns = ktime_get_ns(),
		.param = { state, p1, p2 },
	};
	struct tapi_phone_file *pf;

	lockdep_assert_held(&ph->tdev.lock);
	tapi_for_each_phone_file(pf, ph)
		if ((pf->states & state) || state == TAPI_PHONESTATE_REMOVED)
			tapi_fh_push(&pf->fh, &ev);
}

/* Record a checked change and tell who asked. Caller holds tdev.lock. */
static void tapi_phone_apply(struct tapi_phone *ph, const struct tapi_phone_set *r)
{
	unsigned int i, k;
	u32 *v;
	size_t len;

	lockdep_assert_held(&ph->tdev.lock);
	switch (r->what) {
	case TAPI_PHONE_SET_HOOKSWITCH:
	case TAPI_PHONE_SET_VOLUME:
	case TAPI_PHONE_SET_GAIN:
		/* k: the column of tapi_phone_dev_states */
		k = r->what == TAPI_PHONE_SET_HOOKSWITCH ? 0 :
		    r->what == TAPI_PHONE_SET_VOLUME ? 1 : 2;
		v = k == 0 ? ph->hook : k == 1 ? ph->volume : ph->gain;
		for (i = 0; i < TAPI_HOOKSWITCH_DEVS; i++) {
			if (!(r->index & BIT(i)) || v[i] == r->value)
				continue;
			v[i] = r->value;
			tapi_phone_notify(ph, tapi_phone_dev_states[i][k], r->value, 0);
		}
		break;
	case TAPI_PHONE_SET_RING:
		if (ph->ring_mode != r->value) {
			ph->ring_mode = r->value;
			tapi_phone_notify(ph, TAPI_PHONESTATE_RINGMODE, r->value, r->value2);
		}
		if (ph->ring_volume != r->value2) {
			ph->ring_volume = r->value2;
			tapi_phone_notify(ph, TAPI_PHONESTATE_RINGVOLUME, r->value2, 0);
		}
		break;
	case TAPI_PHONE_SET_LAMP:
		if (ph->buttons[r->index].lamp != r->value) {
			ph->buttons[r->index].lamp = r->value;
			tapi_phone_notify(ph, TAPI_PHONESTATE_LAMP, r->index, r->value);
		}
		break;
	case TAPI_PHONE_SET_DISPLAY:
		/* the text replaces what it covers; an empty one clears the display */
		len = strlen(r->text);
		if (!len)
			memset(ph->display, ' ', ph->rows * ph->cols);
		else
			memcpy(ph->display + r->index * ph->cols + r->value, r->text, len);
		tapi_phone_notify(ph, TAPI_PHONESTATE_DISPLAY, r->index, r->value);
		break;
	}
}

/**
 * tapi_phone_change_valid() - whether a change fits the phone
 * @phone: the phone
 * @change: a change as tapi_phone_update() takes it
 *
 * For drivers that pass on changes they did not make themselves (a
 * user-space provider's): tapi_phone_update() warns about an impossible
 * one, as a driver's bug.
 *
 * Context: any.
 * Return: true when tapi_phone_update() would take @change.
 */
bool tapi_phone_change_valid(struct tapi_phone *phone, const struct tapi_phone_set *change)
{
	return !tapi_phone_check(phone, change);
}
EXPORT_SYMBOL_NS_GPL(tapi_phone_change_valid, TAPI_NS);

/**
 * tapi_phone_update() - the phone changed by itself
 * @phone: the phone
 * @change: what changed, as a TAPI_IOC_PHONE_SET request would say it
 *	(the handset lifted, caller ID written on the display, a ringer
 *	ringing); an impossible one is refused with a warning
 *
 * Context: any, interrupt handlers included; never sleeps. Not from a
 * context that stays atomic on PREEMPT_RT (a HRTIMER_MODE_*_HARD callback,
 * under a raw spinlock): the core takes ordinary spinlocks.
 */
void tapi_phone_update(struct tapi_phone *phone, const struct tapi_phone_set *change)
{
	unsigned long flags;

	if (WARN_ON_ONCE(tapi_phone_check(phone, change)))
		return;
	spin_lock_irqsave(&phone->tdev.lock, flags);
	if (!phone->tdev.dead)
		tapi_phone_apply(phone, change);
	spin_unlock_irqrestore(&phone->tdev.lock, flags);
	wake_up_interruptible(&phone->tdev.wait);
}
EXPORT_SYMBOL_NS_GPL(tapi_phone_update, TAPI_NS);

/**
 * tapi_phone_button() - a button went down or up
 * @phone: the phone
 * @button: its ID, below the description's num_buttons
 * @state: TAPI_BUTTON_DOWN or TAPI_BUTTON_UP
 *
 * Context: any, interrupt handlers included; never sleeps. Not from a
 * context that stays atomic on PREEMPT_RT (a HRTIMER_MODE_*_HARD callback,
 * under a raw spinlock): the core takes ordinary spinlocks.
 */
void tapi_phone_button(struct tapi_phone *phone, u32 button, u32 state)
{
	struct tapi_event ev = {
		.type = TAPI_EVENT_PHONE_BUTTON,
		.param = { button, 0, state },
	};
	struct tapi_phone_file *pf;
	unsigned long flags;

	if (WARN_ON_ONCE(button >= phone->nbuttons ||
			 (state != TAPI_BUTTON_DOWN && state != TAPI_BUTTON_UP)))
		return;
	spin_lock_irqsave(&phone->tdev.lock, flags);
	if (!phone->tdev.dead) {
		phone->buttons[button].state = state;
		ev.param[1] = phone->buttons[button].mode;
		ev.timestamp_ns = ktime_get_ns();
		tapi_for_each_phone_file(pf, phone)
			if ((pf->button_modes & ev.param[1]) && (pf->button_states & state))
				tapi_fh_push(&pf->fh, &ev);
	}
	spin_unlock_irqrestore(&phone->tdev.lock, flags);
	wake_up_interruptible(&phone->tdev.wait);
}
EXPORT_SYMBOL_NS_GPL(tapi_phone_button, TAPI_NS);

/* N of the phone's /dev/tapiphoneN. */
unsigned int tapi_phone_id(const struct tapi_phone *phone)
{
	return phone->tdev.id;
}
EXPORT_SYMBOL_NS_GPL(tapi_phone_id, TAPI_NS);

void *tapi_phone_priv(const struct tapi_phone *phone)
{
	return phone->tdev.priv;
}
EXPORT_SYMBOL_NS_GPL(tapi_phone_priv, TAPI_NS);

static long tapi_phone_info(struct tapi_phone_file *pf, void __user *argp)
{
	struct tapi_phone *ph = pf->phone;
	struct tapi_phone_info info;

	if (copy_from_user(&info, argp, sizeof(info)))
		return -EFAULT;
	if (info.flags || memchr_inv(info.reserved, 0, sizeof(info.reserved)))
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.phone_id = ph->tdev.id;
	info.line_id = ph->line_id;
	info.hookswitch_devs = ph->devs;
	memcpy(info.hookswitch_modes, ph->dev_modes, sizeof(info.hookswitch_modes));
	info.display_rows = ph->rows;
	info.display_cols = ph->cols;
	info.num_buttons = ph->nbuttons;
	info.num_ring_modes = ph->nring;
	info.event_queue_len = pf->fh.events.size;
	strscpy(info.name, ph->tdev.name, sizeof(info.name));
	strscpy(info.driver, ph->tdev.driver, sizeof(info.driver));
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

static long tapi_phone_status(struct tapi_phone_file *pf, void __user *argp)
{
	struct tapi_phone *ph = pf->phone;
	struct tapi_phone_status *st;
	struct tapi_phone_file *f;
	long ret = 0;

	/* too big for the stack */
	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	if (copy_from_user(st, argp, sizeof(*st))) {
		ret = -EFAULT;
		goto out;
	}
	if (st->flags || memchr_inv(st->reserved, 0, sizeof(st->reserved))) {
		ret = -EINVAL;
		goto out;
	}
	memset(st, 0, sizeof(*st));
	spin_lock_irq(&ph->tdev.lock);
	memcpy(st->hookswitch, ph->hook, sizeof(st->hookswitch));
	st->ring_mode = ph->ring_mode;
	st->ring_volume = ph->ring_volume;
	memcpy(st->volume, ph->volume, sizeof(st->volume));
	memcpy(st->gain, ph->gain, sizeof(st->gain));
	tapi_for_each_phone_file(f, ph) {
		if (f->priv == TAPI_PRIV_OWNER)
			st->owners++;
		else
			st->monitors++;
	}
	memcpy(st->display, ph->display, ph->rows * ph->cols);
	spin_unlock_irq(&ph->tdev.lock);
	if (copy_to_user(argp, st, sizeof(*st)))
		ret = -EFAULT;
out:
	kfree(st);
	return ret;
}

/* An owner changes the phone: the driver first, then the record. */
static long tapi_phone_set(struct tapi_phone_file *pf, void __user *argp)
{
	struct tapi_phone *ph = pf->phone;
	struct tapi_phone_set *r;
	long ret;

	r = memdup_user(argp, sizeof(*r));
	if (IS_ERR(r))
		return PTR_ERR(r);
	ret = tapi_phone_check(ph, r);
	if (ret)
		goto out;
	if (READ_ONCE(pf->priv) != TAPI_PRIV_OWNER) {
		ret = -EPERM;
		goto out;
	}
	if (!ph->ops || !ph->ops->set) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	ret = tapi_gate_lock(&ph->tdev);
	if (ret)
		goto out;
	ret = tapi_drv_phone_set(ph, r);
	if (!ret) {
		spin_lock_irq(&ph->tdev.lock);
		if (!ph->tdev.dead)
			tapi_phone_apply(ph, r);
		spin_unlock_irq(&ph->tdev.lock);
		wake_up_interruptible(&ph->tdev.wait);
	}
	tapi_gate_unlock(&ph->tdev);
out:
	kfree(r);
	return ret;
}

static long tapi_phone_get_button(struct tapi_phone_file *pf, void __user *argp)
{
	struct tapi_phone *ph = pf->phone;
	struct tapi_phone_button b;

	if (copy_from_user(&b, argp, sizeof(b)))
		return -EFAULT;
	/* only @button is input: the rest must be zero, as the header says */
	if (b.button >= ph->nbuttons || b.mode || b.function || b.state || b.lamp_modes ||
	    b.lamp || memchr_inv(b.reserved, 0, sizeof(b.reserved)) ||
	    memchr_inv(b.text, 0, sizeof(b.text)))
		return -EINVAL;
	spin_lock_irq(&ph->tdev.lock);
	b = ph->buttons[b.button];
	spin_unlock_irq(&ph->tdev.lock);
	return copy_to_user(argp, &b, sizeof(b)) ? -EFAULT : 0;
}

/* An owner relabels a button: its mode, function and text. */
static long tapi_phone_set_button(struct tapi_phone_file *pf, void __user *argp)
{
	struct tapi_phone *ph = pf->phone;
	struct tapi_phone_button b;

	if (copy_from_user(&b, argp, sizeof(b)))
		return -EFAULT;
	if (b.button >= ph->nbuttons || !is_power_of_2(b.mode) ||
	    b.mode > TAPI_BUTTON_MODE_DISPLAY || b.function > TAPI_BUTTON_FUNCTION_MAX ||
	    b.state || b.lamp_modes || b.lamp ||
	    memchr_inv(b.reserved, 0, sizeof(b.reserved)) || !printable(b.text, sizeof(b.text)))
		return -EINVAL;
	if (READ_ONCE(pf->priv) != TAPI_PRIV_OWNER)
		return -EPERM;
	spin_lock_irq(&ph->tdev.lock);
	ph->buttons[b.button].mode = b.mode;
	ph->buttons[b.button].function = b.function;
	memcpy(ph->buttons[b.button].text, b.text, sizeof(b.text));
	spin_unlock_irq(&ph->tdev.lock);
	return 0;
}

static long tapi_phone_events(struct tapi_phone_file *pf, void __user *argp)
{
	struct tapi_phone_events e;

	if (copy_from_user(&e, argp, sizeof(e)))
		return -EFAULT;
	if ((e.phone_states & ~TAPI_PHONESTATES) ||
	    (e.button_modes & ~(TAPI_BUTTON_MODE_DISPLAY * 2 - 1)) ||
	    (e.button_states & ~(TAPI_BUTTON_UP | TAPI_BUTTON_DOWN)) ||
	    memchr_inv(e.reserved, 0, sizeof(e.reserved)))
		return -EINVAL;
	spin_lock_irq(&pf->phone->tdev.lock);
	pf->states = e.phone_states;
	pf->button_modes = e.button_modes;
	pf->button_states = e.button_states;
	spin_unlock_irq(&pf->phone->tdev.lock);
	return 0;
}

static long tapi_phone_privilege(struct tapi_phone_file *pf, void __user *argp)
{
	u32 priv;

	if (get_user(priv, (u32 __user *)argp))
		return -EFAULT;
	if (priv != TAPI_PRIV_OWNER && priv != TAPI_PRIV_MONITOR)
		return -EINVAL;
	spin_lock_irq(&pf->phone->tdev.lock);
	pf->priv = priv;
	spin_unlock_irq(&pf->phone->tdev.lock);
	return 0;
}

/* The ioctls of a phone device's file; the device layer checked it is live. */
static long tapi_phone_ioctl(struct tapi_fh *fh, unsigned int cmd, void __user *argp)
{
	struct tapi_phone_file *pf = to_phone_file(fh);

	switch (cmd) {
	case TAPI_IOC_PHONE_INFO:
		return tapi_phone_info(pf, argp);
	case TAPI_IOC_PHONE_STATUS:
		return tapi_phone_status(pf, argp);
	case TAPI_IOC_PHONE_SET:
		return tapi_phone_set(pf, argp);
	case TAPI_IOC_PHONE_GET_BUTTON:
		return tapi_phone_get_button(pf, argp);
	case TAPI_IOC_PHONE_SET_BUTTON:
		return tapi_phone_set_button(pf, argp);
	case TAPI_IOC_PHONE_EVENTS:
		return tapi_phone_events(pf, argp);
	case TAPI_IOC_PHONE_PRIVILEGE:
		return tapi_phone_privilege(pf, argp);
	}
	return -ENOTTY;
}

static struct tapi_fh *tapi_phone_fh_alloc(struct tapi_device *tdev)
{
	struct tapi_phone_file *pf;

	/* a user's files are charged to the user's memory cgroup */
	pf = kzalloc(sizeof(*pf), GFP_KERNEL_ACCOUNT);
	if (!pf)
		return NULL;
	pf->phone = container_of(tdev, struct tapi_phone, tdev);
	return &pf->fh;
}

static void tapi_phone_fh_free(struct tapi_fh *fh)
{
	kfree(to_phone_file(fh));
}

static void tapi_phone_release(struct tapi_device *tdev)
{
	kfree(container_of(tdev, struct tapi_phone, tdev));
}

static struct tapi_device_type tapi_phone_type = {
	.name = "tapiphone",
	.minor_base = TAPI_PHONE_MINOR_BASE,
	.max_ids = TAPI_MAX_MINORS - TAPI_PHONE_MINOR_BASE,
	.ida = IDA_INIT(tapi_phone_type.ida),
	.groups = tapi_phone_groups,
	.fh_alloc = tapi_phone_fh_alloc,
	.fh_free = tapi_phone_fh_free,
	.ioctl = tapi_phone_ioctl,
	.release = tapi_phone_release,
};

static bool tapi_phone_desc_valid(const struct tapi_phone_desc *d)
{
	unsigned int i;

	if (!d || !tapi_device_name_valid(d->driver, d->name))
		return false;
	if (!d->hookswitch_devs || (d->hookswitch_devs & ~(BIT(TAPI_HOOKSWITCH_DEVS) - 1)))
		return false;
	if (d->display_rows * d->display_cols >= TAPI_PHONE_DISPLAY_MAX ||
	    d->display_rows > TAPI_PHONE_DISPLAY_MAX || d->display_cols > TAPI_PHONE_DISPLAY_MAX ||
	    (d->display_rows && !d->display_cols))
		return false;
	if (d->num_buttons > TAPI_PHONE_MAX_BUTTONS || (d->num_buttons && !d->buttons))
		return false;
	for (i = 0; i < d->num_buttons; i++)
		if (!printable(d->buttons[i].text, sizeof(d->buttons[i].text)))
			return false;
	return true;
}

/**
 * tapi_phone_register() - create a phone device /dev/tapiphoneN
 * @desc: what the phone is; copied, so it may be freed afterwards
 *
 * Every hookswitch device starts on-hook, the ringer silent, the display
 * blank, the lamps off, volume and gain at half.
 *
 * Context: process context; may sleep.
 * Return: the phone, or an ERR_PTR: -EINVAL for a bad description, -ENOSPC
 * when every phone ID is in use, -ENOMEM.
 */
struct tapi_phone *tapi_phone_register(const struct tapi_phone_desc *desc)
{
	struct tapi_phone *ph;
	unsigned int i;
	int ret;

	if (!tapi_phone_desc_valid(desc))
		return ERR_PTR(-EINVAL);
	ph = kzalloc(sizeof(*ph), GFP_KERNEL_ACCOUNT);
	if (!ph)
		return ERR_PTR(-ENOMEM);
	strscpy(ph->tdev.driver, desc->driver, sizeof(ph->tdev.driver));
	strscpy(ph->tdev.name, desc->name, sizeof(ph->tdev.name));
	ph->tdev.priv = desc->priv;
	ret = tapi_device_init(&ph->tdev, &tapi_phone_type, desc->parent);
	if (ret) {
		kfree(ph);
		return ERR_PTR(ret);
	}
	ph->ops = desc->ops;
	ph->line_id = desc->line ? tapi_line_id(desc->line) : TAPI_PHONE_NO_LINE;
	ph->devs = desc->hookswitch_devs;
	for (i = 0; i < TAPI_HOOKSWITCH_DEVS; i++) {
		if (!(ph->devs & BIT(i)))
			continue;
		ph->dev_modes[i] = desc->hookswitch_modes[i] | TAPI_HOOKSWITCH_ONHOOK;
		ph->hook[i] = TAPI_HOOKSWITCH_ONHOOK;
		ph->volume[i] = TAPI_PHONE_LEVEL_MAX / 2;
		ph->gain[i] = TAPI_PHONE_LEVEL_MAX / 2;
	}
	ph->rows = desc->display_rows;
	ph->cols = desc->display_cols;
	memset(ph->display, ' ', ph->rows * ph->cols);
	ph->nbuttons = desc->num_buttons;
	for (i = 0; i < ph->nbuttons; i++) {
		ph->buttons[i] = desc->buttons[i];
		ph->buttons[i].button = i;
		ph->buttons[i].state = TAPI_BUTTON_UP;
		ph->buttons[i].lamp = ph->buttons[i].lamp_modes ? TAPI_LAMP_OFF : 0;
		ph->buttons[i].lamp_modes |= ph->buttons[i].lamp_modes ? TAPI_LAMP_OFF : 0;
		memset(ph->buttons[i].reserved, 0, sizeof(ph->buttons[i].reserved));
	}
	ph->nring = desc->num_ring_modes;

	ret = tapi_device_add(&ph->tdev);
	if (ret) {
		tapi_device_put(&ph->tdev);
		return ERR_PTR(ret);
	}
	return ph;
}
EXPORT_SYMBOL_NS_GPL(tapi_phone_register, TAPI_NS);

/**
 * tapi_phone_unregister() - remove a phone device
 * @phone: the phone
 *
 * Every open file gets a TAPI_PHONESTATE_REMOVED record last; blocked
 * readers wake; everything else fails with ENODEV. The driver's set
 * operation is not called again once this returns.
 *
 * Context: process context; may sleep.
 */
void tapi_phone_unregister(struct tapi_phone *phone)
{
	tapi_device_del(&phone->tdev);
	spin_lock_irq(&phone->tdev.lock);
	tapi_phone_notify(phone, TAPI_PHONESTATE_REMOVED, 0, 0);
	phone->tdev.dead = true;
	spin_unlock_irq(&phone->tdev.lock);
	wake_up_interruptible_all(&phone->tdev.wait);
	tapi_device_put(&phone->tdev);
}
EXPORT_SYMBOL_NS_GPL(tapi_phone_unregister, TAPI_NS);
