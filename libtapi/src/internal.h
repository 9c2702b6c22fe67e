/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libtapi's insides: the objects behind TAPI's handles, one lock over them,
 * the engine thread that turns the kernel's event records into messages.
 *
 * Locking: everything here is under tl_lib.lock, a plain mutex, and no
 * function holds it across a call that can sleep long in the kernel.
 *
 * The requests that reach the driver (the kernel takes the line's gate,
 * kernel/core/gate.c, and waits there for any driver operation in
 * progress on that line, which may itself sleep: a modem's answer,
 * tapi_sim's reply_delay fault) go through tl_line_ioctl(), which releases
 * the lock for the ioctl. While one is in the kernel its line counts it in
 * requests and the engine leaves the line's events unread, so the engine
 * still reads a device's events either before a request changed anything
 * or after the request's result (a new call's handle, LINE_REPLY) is in
 * place: no event can name a call before its reply. Objects may go while
 * the lock is free: the caller looks its call up again by handle after.
 *
 * The other ioctls stay under the lock: the kernel answers them from the
 * line's state under its spinlock or a short mutex of the core (status,
 * call info and lists, events and media settings, audio open), without
 * the gate or any wait for a driver or for events. close() of a line's
 * file is no final release while the engine polls it (the kernel's release
 * waits at the gate); read() of events is non-blocking (O_NONBLOCK).
 * lineInitialize holds it across the first scan of the devices (udev's
 * enumeration, sysfs attributes the kernel shows from memory).
 *
 * The other mutexes are each file's own. tl_init_lock (app.c) orders
 * lineInitialize and lineShutdown and is taken before tl_lib.lock.
 * tl_conf_lock, tl_loc_lock, tl_prio_lock and tl_prov_lock keep a
 * read-modify-write of a configuration file whole (ordinary file I/O, no
 * device); lineOpen, lineMakeCall and lineDial read the priorities and the
 * line's configuration under tl_lib.lock, so tl_prio_lock and tl_conf_lock
 * nest inside it and never the other way. tl_prov_lock is also held across lineAddProvider's loading of the
 * module, which can sleep as long as the module's init: the check that the
 * provider is not registered, the load and the file's update must be one
 * step; it holds up only the provider functions, no line or message.
 */
#ifndef LIBTAPI_INTERNAL_H
#define LIBTAPI_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/tapi.h>

#include "tapi.h"

/* An exported function: also listed by name in libtapi/libtapi.map. */
#define EXPORT __attribute__((visibility("default")))
/* The SDK's ...A name for a function whose plain name is the same thing here. */
#define ALIAS_A(f) extern __typeof__(f) f##A __attribute__((alias(#f), visibility("default")))

/* What this library speaks: TAPI 1.3 to 2.2. */
#define API_LOW		0x00010003
#define API_HIGH	0x00020002

enum tl_obj_type { OBJ_FREE, OBJ_LINEAPP, OBJ_LINE, OBJ_CALL };

struct tl_msg {
	struct tl_msg *next;
	LINEMESSAGE m;
	/*
	 * A LINE_REPLY waits for the thread that made the request to be past
	 * storing its ID (callbacks.c): that thread, and how often it had
	 * blocked when the reply was queued.
	 */
	bool held;
	pid_t tid;
	long nvcsw;
};

/* A device the library found: line devices get dwDeviceIDs in order. */
struct tl_device {
	char path[64];		/* /dev/tapiN */
	char sysname[32];
	unsigned int minor_no;	/* N */
	bool removed;
	bool usable;		/* its sysfs attributes could be read when found */
	struct tapi_line_info info;	/* from sysfs when found (devices.c) */
};

struct tl_lineapp {
	DWORD handle;
	DWORD options;		/* LINEINITIALIZEEXOPTION_* */
	DWORD api_version;	/* the highest the application said it knows */
	LINECALLBACK callback;
	char name[64];
	struct tl_msg *head, *tail;
	unsigned int queued;
	int efd;		/* eventfd: readable while messages are pending */
	pthread_cond_t cond;	/* messages came, or shutdown */
	pthread_t cb_thread;	/* hidden-window option: runs the callback */
	bool cb_running;
	bool in_cb;		/* cb_thread is in the callback */
	/* libtapi_lineCallbacksOnThread: the callback runs in libtapi_lineDispatch */
	bool own_thread;
	bool dispatching;	/* a thread is in libtapi_lineDispatch */
	pthread_t dispatcher;
	bool dispatch_frees;	/* shut down from a callback there: it frees it */
	bool orphan;		/* shut down from its callback: the thread frees it */
	bool shutting;
	unsigned int waiters;	/* threads in lineGetMessage */
	unsigned int known_devs;	/* LINE_CREATE told of devices up to this */
};

struct tl_line {
	DWORD handle;
	struct tl_lineapp *app;
	unsigned int dev;	/* device ID */
	int fd;
	DWORD api_version;
	DWORD callback_instance;
	DWORD privileges;	/* LINECALLPRIVILEGE_* asked at lineOpen */
	DWORD media_modes;
	DWORD line_states;	/* lineSetStatusMessages */
	DWORD address_states;
	bool removed;
	/* tl_line_ioctl()s in the kernel: the engine leaves the events unread */
	unsigned int requests;
	bool freed;		/* lineClose came meanwhile: the last request closes, frees it */
	/*
	 * Generation requests whose end has not come: the kernel tells every
	 * file of the line, by tag and without the call.
	 */
	struct {
		uint32_t tag;
		DWORD call;	/* HCALL */
	} gen[4];
};

struct tl_call {
	DWORD handle;
	struct tl_line *line;
	uint32_t id;		/* the kernel's */
	bool valid;		/* its async request has had its reply */
	DWORD privilege;
	DWORD state, state_mode;
	DWORD media_mode;
	bool gone;		/* the kernel's call ended (idle) */
	DWORD digit_modes;	/* lineMonitorDigits */
	void *gather_buf;	/* lineGatherDigits' buffer, until LINE_GATHERDIGITS */
	bool gather_wide;	/* of WCHARs (lineGatherDigitsW) */
	DWORD gather_size;
	uint32_t gather_tag;
	/* the kernel's last word on it, for lineGetCallInfo once it ended */
	struct tapi_call_info last;
	bool have_last;
};

struct tl_lib {
	pthread_mutex_t lock;
	unsigned int nobj;	/* slots in use or free, in objs */
	struct {
		enum tl_obj_type type;
		uint16_t gen;
		void *p;
	} *objs;
	struct tl_device *devs;
	unsigned int ndevs;
	unsigned int napps;
	DWORD next_request;
	pthread_t engine;
	bool engine_running;
	int wake_fd;		/* eventfd: the set of open lines changed */
};

extern struct tl_lib tl_lib;

/* handles.c */
DWORD tl_handle_new(enum tl_obj_type type, void *p);
void *tl_handle_get(DWORD h, enum tl_obj_type type);
void tl_handle_free(DWORD h);
void tl_handles_each(enum tl_obj_type type, void (*fn)(void *p, void *arg), void *arg);

/* queue.c */
void tl_post(struct tl_lineapp *app, DWORD dev, DWORD msg, DWORD_PTR instance,
	  DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3);
LONG tl_post_reply(struct tl_line *l, LONG result);
DWORD tl_request_id(void);
uint32_t tl_gen_tag(void);
struct tl_msg *tl_queue_take(struct tl_lineapp *app);
void tl_queue_efd_set(struct tl_lineapp *app, bool pending);
void tl_queue_flush(struct tl_lineapp *app);

/* callbacks.c */
int tl_callback_start(struct tl_lineapp *app);

/* devices.c */
int tl_devices_scan(void);
struct tl_device *tl_device_get(DWORD id);
LONG tl_app_device(HLINEAPP app, DWORD id, struct tl_device **d);
LONG tl_device_phone(const struct tl_device *d, DWORD *phone_id);

/* provider.c */
LONG tl_provider_id(const char *driver, DWORD *id);

/* engine.c */
int tl_engine_start(void);
void tl_engine_stop(void);
void tl_engine_wake(void);

/* varstruct.c: TAPI's variable-size structures */
struct tl_vs {
	void *base;		/* the structure, dwTotalSize bytes */
	DWORD total;
	DWORD used;		/* the fixed part, then what was appended */
	DWORD needed;
};
LONG tl_vs_begin(struct tl_vs *v, void *s, DWORD fixed, DWORD min_fixed);
void tl_vs_string(struct tl_vs *v, DWORD *size, DWORD *offset, const char *s);
void tl_vs_bytes(struct tl_vs *v, DWORD *size, DWORD *offset, const void *p, DWORD n);
void tl_vs_end(struct tl_vs *v);

/* line.c */
struct tl_call *tl_call_find(struct tl_line *l, uint32_t id);
struct tl_call *tl_call_lookup(struct tl_line *l, uint32_t id, bool ended);
struct tl_call *tl_call_add(struct tl_line *l, uint32_t id, DWORD privilege, bool valid);
void tl_call_free(struct tl_call *c);
void tl_line_event(struct tl_line *l, const struct tapi_event *ev);
struct tl_call *tl_call_usable(HCALL h);
bool tl_media_event(struct tl_line *l, const struct tapi_event *ev);
void tl_line_removed(struct tl_line *l);
void tl_line_free(struct tl_line *l);
int tl_line_ioctl(struct tl_line *l, unsigned long ioc, void *arg);
LONG tl_caps_begin(HLINEAPP app, DWORD id, DWORD version, DWORD ext, void *s, DWORD fixed,
		struct tl_device **d, struct tl_vs *v);
LONG tl_errno(int e);

/* priority.c */
uint32_t tl_app_priority(DWORD media_modes);
void tl_app_name_key(const char *name, char *key, size_t size);

/* country.c: the countries and their dialing rules (E, F, G as in TAPI) */
struct tl_country {
	DWORD id;		/* TAPI's country ID */
	DWORD code;		/* E.164 calling code */
	const char *name;
	const char *same_area, *long_distance, *international;
};
extern const struct tl_country tl_countries[];
extern const unsigned int tl_ncountries;
const struct tl_country *tl_country_by_id(DWORD id);
const struct tl_country *tl_country_by_code(DWORD code);

/* location_default.c: the country the system is in (a country ID), or 0 */
DWORD tl_system_country(void);

/* conffile.c: the configuration files, /etc/tapi/NAME or the user's own */
/* the system's file (@user false, or root), else the user's; -1: none */
int tl_conf_path(const char *name, char *buf, size_t size, bool user);
/* the file this process writes, or (@write false) reads: its own if there */
int tl_conf_own_path(const char *name, char *buf, size_t size, bool write);
/* create the directories above @path */
int tl_conf_mkdirs(const char *path);
/* replace @path's contents with @text at once: 0 or -1 */
int tl_conf_replace(const char *path, const char *text);
/* create @path with @text unless it exists: 0, 1 when it does, or -1 */
int tl_conf_create(const char *path, const char *text);
/* the whole of @path in a new string (empty when there is no file), or NULL */
char *tl_conf_slurp(const char *path);

/* devconfig.c: what a line's configuration says */
const char *tl_devconfig_dial_prefix(const struct tl_device *d);

#endif
