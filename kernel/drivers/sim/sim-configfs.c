// SPDX-License-Identifier: GPL-2.0-only
/*
 * tapi_sim: configuration through configfs,
 * /sys/kernel/config/tapi_sim/<exchange>/<line>/ (docs/tapi_sim.md).
 */
#include <linux/configfs.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "sim.h"

/*
 * configfs: /sys/kernel/config/tapi_sim/<exchange>/<line>/, one directory
 * per exchange and per line, attributes as the lines' specification, and
 * the exchange's "live" to bring them to life. A live exchange pins its
 * lines' directories and refuses changes (EBUSY).
 */
struct sim_cfg_line {
	struct config_item item;
	struct sim_exchange *ex;
	struct list_head node;		/* in ex->cfg, under sim_cfg_mutex */
	unsigned int index;		/* in ex->lines while live */
	struct sim_line_spec spec;
};

static struct sim_cfg_line *to_sim_cfg_line(struct config_item *item)
{
	return container_of(item, struct sim_cfg_line, item);
}

static struct sim_exchange *to_sim_exchange(struct config_item *item)
{
	return container_of(to_config_group(item), struct sim_exchange, group);
}

/* An attribute's text without the newline echo adds, or -EINVAL. */
static int sim_cfg_text(const char *page, size_t count, char *out, size_t size)
{
	if (count && page[count - 1] == '\n')
		count--;
	if (count >= size || memchr(page, 0, count))
		return -EINVAL;
	memcpy(out, page, count);
	out[count] = 0;
	return 0;
}

static bool sim_number_valid(const char *s)
{
	size_t i, len = strlen(s);

	if (!len || len > SIM_NUMBER_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!isdigit(s[i]))
			return false;
	return true;
}

/* Show the string at @off in a configfs line's specification. */
static ssize_t sim_cfg_show(struct config_item *item, char *page, size_t off)
{
	ssize_t ret;

	mutex_lock(&sim_cfg_mutex);
	ret = sysfs_emit(page, "%s\n", (char *)&to_sim_cfg_line(item)->spec + off);
	mutex_unlock(&sim_cfg_mutex);
	return ret;
}

/* Set the string at @off (@size bytes) to @val, unless the line is live. */
static ssize_t sim_cfg_store(struct config_item *item, size_t off, size_t size,
			     const char *val, size_t count)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	int ret = 0;

	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live)
		ret = -EBUSY;
	else
		strscpy((char *)&cl->spec + off, val, size);
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

static ssize_t cfg_line_number_show(struct config_item *item, char *page)
{
	return sim_cfg_show(item, page, offsetof(struct sim_line_spec, number));
}

static ssize_t cfg_line_number_store(struct config_item *item, const char *page, size_t count)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item), *o;
	char number[SIM_NUMBER_MAX + 1];
	int ret = sim_cfg_text(page, count, number, sizeof(number));

	if (ret || !sim_number_valid(number))
		return -EINVAL;
	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live) {
		ret = -EBUSY;
		goto out;
	}
	list_for_each_entry(o, &cl->ex->cfg, node)
		if (o != cl && !strcmp(o->spec.number, number))
			ret = -EEXIST;
	if (!ret)
		strscpy(cl->spec.number, number, sizeof(cl->spec.number));
out:
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

static ssize_t cfg_line_type_show(struct config_item *item, char *page)
{
	u32 type = READ_ONCE(to_sim_cfg_line(item)->spec.type);

	return sysfs_emit(page, "%s\n", type == TAPI_LINE_TYPE_TRUNK ? "trunk" : "subscriber");
}

static ssize_t cfg_line_type_store(struct config_item *item, const char *page, size_t count)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	u32 type;
	int ret = 0;

	if (sysfs_streq(page, "subscriber"))
		type = TAPI_LINE_TYPE_SUBSCRIBER;
	else if (sysfs_streq(page, "trunk"))
		type = TAPI_LINE_TYPE_TRUNK;
	else
		return -EINVAL;
	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live)
		ret = -EBUSY;
	else
		WRITE_ONCE(cl->spec.type, type);
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

static ssize_t cfg_line_zone_show(struct config_item *item, char *page)
{
	return sim_cfg_show(item, page, offsetof(struct sim_line_spec, zone));
}

static ssize_t cfg_line_zone_store(struct config_item *item, const char *page, size_t count)
{
	const struct dsp_zone *z;
	char code[8];
	int ret = sim_cfg_text(page, count, code, sizeof(code));

	z = ret ? NULL : dsp_zone_find(code);
	if (!z)
		return -EINVAL;
	return sim_cfg_store(item, offsetof(struct sim_line_spec, zone),
			     sizeof_field(struct sim_line_spec, zone), z->code, count);
}

static ssize_t cfg_line_caller_name_show(struct config_item *item, char *page)
{
	return sim_cfg_show(item, page, offsetof(struct sim_line_spec, caller_name));
}

static ssize_t cfg_line_caller_name_store(struct config_item *item, const char *page,
					  size_t count)
{
	char name[DSP_CID_NAME_MAX + 1];
	size_t i;
	int ret = sim_cfg_text(page, count, name, sizeof(name));

	for (i = 0; !ret && name[i]; i++)
		if (!isprint(name[i]))
			ret = -EINVAL;	/* caller ID carries printable ASCII */
	if (ret)
		return ret;
	return sim_cfg_store(item, offsetof(struct sim_line_spec, caller_name),
			     sizeof_field(struct sim_line_spec, caller_name), name, count);
}

/* Set the flag at @off of the line's specification, unless the line is live. */
static ssize_t sim_cfg_store_bool(struct config_item *item, size_t off, const char *page,
				  size_t count)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	bool on;
	int ret = kstrtobool(page, &on);

	if (ret)
		return ret;
	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live)
		ret = -EBUSY;
	else
		*(bool *)((char *)&cl->spec + off) = on;
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

static ssize_t cfg_line_call_waiting_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_sim_cfg_line(item)->spec.call_waiting));
}

static ssize_t cfg_line_call_waiting_store(struct config_item *item, const char *page,
					   size_t count)
{
	return sim_cfg_store_bool(item, offsetof(struct sim_line_spec, call_waiting), page,
				  count);
}

static ssize_t cfg_line_withheld_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_sim_cfg_line(item)->spec.withheld));
}

static ssize_t cfg_line_withheld_store(struct config_item *item, const char *page,
				       size_t count)
{
	return sim_cfg_store_bool(item, offsetof(struct sim_line_spec, withheld), page, count);
}

/* The line's device while live ("tapi5"), else empty. */
static ssize_t cfg_line_dev_show(struct config_item *item, char *page)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	ssize_t ret;

	mutex_lock(&sim_cfg_mutex);
	if (cl->ex->live)
		ret = sysfs_emit(page, "tapi%u\n",
				 tapi_line_id(cl->ex->lines[cl->index].line));
	else
		ret = sysfs_emit(page, "\n");
	mutex_unlock(&sim_cfg_mutex);
	return ret;
}

CONFIGFS_ATTR(cfg_line_, number);
CONFIGFS_ATTR(cfg_line_, type);
CONFIGFS_ATTR(cfg_line_, zone);
CONFIGFS_ATTR(cfg_line_, caller_name);
CONFIGFS_ATTR(cfg_line_, call_waiting);
CONFIGFS_ATTR(cfg_line_, withheld);
CONFIGFS_ATTR_RO(cfg_line_, dev);

static struct configfs_attribute *cfg_line_attrs[] = {
	&cfg_line_attr_number,
	&cfg_line_attr_type,
	&cfg_line_attr_zone,
	&cfg_line_attr_caller_name,
	&cfg_line_attr_call_waiting,
	&cfg_line_attr_withheld,
	&cfg_line_attr_dev,
	NULL,
};

static void cfg_line_release(struct config_item *item)
{
	kfree(to_sim_cfg_line(item));
}

static struct configfs_item_operations cfg_line_item_ops = {
	.release = cfg_line_release,
};

static const struct config_item_type cfg_line_type = {
	.ct_item_ops = &cfg_line_item_ops,
	.ct_attrs = cfg_line_attrs,
	.ct_owner = THIS_MODULE,
};

/* Bring @ex live from its configuration. Holds sim_cfg_mutex. */
static int sim_cfg_go_live(struct sim_exchange *ex)
{
	struct sim_line_spec *spec;
	struct sim_cfg_line *cl;
	unsigned int n = 0;
	int ret = 0;

	lockdep_assert_held(&sim_cfg_mutex);
	list_for_each_entry(cl, &ex->cfg, node) {
		if (!cl->spec.number[0])
			return -EINVAL;		/* every line needs its number */
		n++;
	}
	if (!n || n > SIM_MAX_LINES)
		return -EINVAL;
	spec = kcalloc(n, sizeof(*spec), GFP_KERNEL);
	if (!spec)
		return -ENOMEM;
	n = 0;
	list_for_each_entry(cl, &ex->cfg, node) {
		cl->index = n;
		spec[n++] = cl->spec;
	}
	ret = sim_exchange_start(ex, spec, n);
	if (!ret)
		ex->live = true;
	kfree(spec);
	return ret;
}

static ssize_t cfg_ex_live_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_sim_exchange(item)->live));
}

static ssize_t cfg_ex_live_store(struct config_item *item, const char *page, size_t count)
{
	struct sim_exchange *ex = to_sim_exchange(item);
	bool on;
	int ret = kstrtobool(page, &on);

	if (ret)
		return ret;
	mutex_lock(&sim_cfg_mutex);
	if (on && !ex->live) {
		ret = sim_cfg_go_live(ex);
	} else if (!on && ex->live) {
		sim_exchange_stop(ex, ex->nlines);
		WRITE_ONCE(ex->live, false);
	}
	mutex_unlock(&sim_cfg_mutex);
	return ret ?: count;
}

CONFIGFS_ATTR(cfg_ex_, live);

static ssize_t cfg_ex_no_answer_ms_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(to_sim_exchange(item)->no_answer_ms));
}

/* Takes effect for calls offered from then on, live or not. */
static ssize_t cfg_ex_no_answer_ms_store(struct config_item *item, const char *page,
					 size_t count)
{
	unsigned int ms;
	int ret = kstrtouint(page, 10, &ms);

	if (ret)
		return ret;
	if (ms > 3600000)
		return -EINVAL;
	mutex_lock(&sim_call_mutex);
	to_sim_exchange(item)->no_answer_ms = ms;
	mutex_unlock(&sim_call_mutex);
	return count;
}

CONFIGFS_ATTR(cfg_ex_, no_answer_ms);

static struct configfs_attribute *cfg_ex_attrs[] = {
	&cfg_ex_attr_live,
	&cfg_ex_attr_no_answer_ms,
	NULL,
};

static struct config_item *cfg_ex_make_line(struct config_group *group, const char *name)
{
	struct sim_exchange *ex = to_sim_exchange(&group->cg_item);
	struct sim_cfg_line *cl = kzalloc(sizeof(*cl), GFP_KERNEL);

	if (!cl)
		return ERR_PTR(-ENOMEM);
	cl->ex = ex;
	cl->spec.type = TAPI_LINE_TYPE_SUBSCRIBER;
	strscpy(cl->spec.zone, "us", sizeof(cl->spec.zone));
	config_item_init_type_name(&cl->item, name, &cfg_line_type);

	mutex_lock(&sim_cfg_mutex);
	if (ex->live) {
		mutex_unlock(&sim_cfg_mutex);
		kfree(cl);
		return ERR_PTR(-EBUSY);
	}
	/* a directory named by a free number is that number */
	if (sim_number_valid(name)) {
		struct sim_cfg_line *o;
		bool taken = false;

		list_for_each_entry(o, &ex->cfg, node)
			taken |= !strcmp(o->spec.number, name);
		if (!taken)
			strscpy(cl->spec.number, name, sizeof(cl->spec.number));
	}
	list_add_tail(&cl->node, &ex->cfg);
	mutex_unlock(&sim_cfg_mutex);
	return &cl->item;
}

/*
 * A line's directory goes: when live, the line goes with it, open and in
 * calls or not (a fault tests inject); the last one takes the exchange
 * down.
 */
static void cfg_ex_drop_line(struct config_group *group, struct config_item *item)
{
	struct sim_cfg_line *cl = to_sim_cfg_line(item);
	struct sim_exchange *ex = cl->ex;

	mutex_lock(&sim_cfg_mutex);
	list_del(&cl->node);
	if (ex->live && list_empty(&ex->cfg)) {
		sim_exchange_stop(ex, ex->nlines);
		WRITE_ONCE(ex->live, false);
	} else if (ex->live) {
		sim_line_remove(&ex->lines[cl->index]);
	}
	mutex_unlock(&sim_cfg_mutex);
	config_item_put(item);
}

static void cfg_ex_release(struct config_item *item)
{
	kfree(to_sim_exchange(item));
}

static struct configfs_group_operations cfg_ex_group_ops = {
	.make_item = cfg_ex_make_line,
	.drop_item = cfg_ex_drop_line,
};

static struct configfs_item_operations cfg_ex_item_ops = {
	.release = cfg_ex_release,
};

static const struct config_item_type cfg_ex_type = {
	.ct_group_ops = &cfg_ex_group_ops,
	.ct_item_ops = &cfg_ex_item_ops,
	.ct_attrs = cfg_ex_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *cfg_make_exchange(struct config_group *group, const char *name)
{
	struct sim_exchange *ex = kzalloc(sizeof(*ex), GFP_KERNEL);

	if (!ex)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&ex->cfg);
	ex->no_answer_ms = 60000;
	config_group_init_type_name(&ex->group, name, &cfg_ex_type);
	return &ex->group;
}

static struct configfs_group_operations cfg_root_ops = {
	.make_group = cfg_make_exchange,
};

static const struct config_item_type cfg_root_type = {
	.ct_group_ops = &cfg_root_ops,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem sim_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "tapi_sim",
			.ci_type = &cfg_root_type,
		},
	},
};

int sim_configfs_register(void)
{
	config_group_init(&sim_subsys.su_group);
	mutex_init(&sim_subsys.su_mutex);
	return configfs_register_subsystem(&sim_subsys);
}

void sim_configfs_unregister(void)
{
	configfs_unregister_subsystem(&sim_subsys);
}
