# SPDX-License-Identifier: GPL-2.0-only
#
# TAPI for Linux: top-level build. Kbuild (beside this file) describes the
# kernel modules; this Makefile drives them and builds the userspace parts.
#
#   make                 modules for KDIR, and the userspace tools
#   make modules         kernel modules only (KDIR=<kernel build dir>)
#   make tools           userspace tools only
#   make compliance      tapi-compliance, 64- and 32-bit (static)
#   make selftests       kselftest binaries (KSFT_DIR=<dir with kselftest_harness.h>)
#   make dsp-tests       the DSP's host tests, plain and under ASan/UBSan (KSFT_DIR too)
#   make fuzzers         libFuzzer targets for the DSP's decoders (clang)
#   make bench           build and run the DSP benchmarks (ours beside spandsp)
#   make examples        the example applications on libtapi (examples/)
#   make check           everything make check does (see README.md)
#   make demo            build and show the stack working
#   make dkms-install    install the module source for DKMS and build it

KDIR ?= /lib/modules/$(shell uname -r)/build
OUT ?= $(CURDIR)/out
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(CURDIR)/dkms.conf)
PREFIX ?= /usr/local
# Where make install puts things, each overridable (DESTDIR prefixes them all)
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
# udev reads rules from /etc and /usr/lib only: a distribution's package
# (PREFIX=/usr) puts them in /usr/lib, a local install in /etc
UDEVRULESDIR ?= $(if $(filter /usr,$(PREFIX)),/usr/lib/udev/rules.d,/etc/udev/rules.d)

CC ?= gcc
# clang builds the fuzzers; make check passes "ccache clang" (and "ccache cc"):
# every object is compiled apart from its link, so ccache can keep it.
CLANG ?= clang
USER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I$(CURDIR)/uapi
USER_LDFLAGS :=

.PHONY: all modules modules_install tools compliance providers demo-audio selftests dsp-tests fuzzers benchmarks bench check demo clean \
	dkms-install install libtapi libtapi-tests examples

all: modules tools libtapi

# objects are kept between builds (make would delete them as intermediates)
.SECONDARY:

modules:
	@test -d "$(KDIR)" || { echo "No kernel build directory at $(KDIR)." \
	  "Install your kernel's headers (apt-get install linux-headers-$$(uname -r))" \
	  "or pass KDIR=<path>." >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

tools: $(OUT)/tapictl $(OUT)/tapi-compliance

# libtapi: TAPI 2.2 over the devices. Only what works is exported (hidden
# visibility, EXPORT in the sources); the version script names the ABI.
LIBTAPI_SO := 1
LIBTAPI_SRCS := $(wildcard libtapi/src/*.c)
LIBTAPI_OBJS := $(patsubst libtapi/src/%.c,$(OUT)/obj/libtapi/%.o,$(LIBTAPI_SRCS))
# the library once more under ASan+UBSan, for the tests' _san builds
LIBTAPI_SAN_OBJS := $(patsubst libtapi/src/%.c,$(OUT)/obj/libtapi-san/%.o,$(LIBTAPI_SRCS))
LIBTAPI_HDRS := libtapi/include/tapi.h $(wildcard libtapi/src/*.h) uapi/linux/tapi.h
LIBTAPI_CFLAGS := $(USER_CFLAGS) -fPIC -fvisibility=hidden -pthread -Ilibtapi/include
LIBTAPI_LDFLAGS := -shared -Wl,-soname,libtapi.so.$(LIBTAPI_SO) -Wl,-z,defs \
	-Wl,--version-script=libtapi/libtapi.map -Wl,--no-undefined-version -pthread -ludev -lkmod -lm

libtapi: $(OUT)/libtapi/libtapi.so $(OUT)/libtapi/libtapi.pc

$(OUT)/obj/libtapi/%.o: libtapi/src/%.c $(LIBTAPI_HDRS)
	@mkdir -p $(@D)
	$(CC) $(LIBTAPI_CFLAGS) -c -o $@ $<

$(OUT)/libtapi/libtapi.so.$(VERSION): $(LIBTAPI_OBJS) libtapi/libtapi.map
	@mkdir -p $(@D)
	$(CC) $(LIBTAPI_CFLAGS) -o $@ $(LIBTAPI_OBJS) $(LIBTAPI_LDFLAGS)

$(OUT)/libtapi/libtapi.so: $(OUT)/libtapi/libtapi.so.$(VERSION)
	ln -sf libtapi.so.$(VERSION) $(OUT)/libtapi/libtapi.so.$(LIBTAPI_SO)
	ln -sf libtapi.so.$(LIBTAPI_SO) $@

# libtapi's tests, run in the VMs against tapi_sim (dynamic: the VM gets the
# libraries ldd names); the _san build has the library's sources compiled in
# under AddressSanitizer and UndefinedBehaviorSanitizer.
LIBTAPI_TESTS := line_init_test line_call_test line_sharing_test line_media_test \
	line_messages_test line_provider_test translate_test locations_file_test config_test callbacks_test \
	windows_programs_test wide_test location_test
libtapi-tests: $(foreach t,$(LIBTAPI_TESTS),$(OUT)/libtapi-tests/$(t) $(OUT)/libtapi-tests/$(t)_san)

LIBTAPI_SAN_CFLAGS := $(USER_CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all -pthread -Ilibtapi/include

$(OUT)/obj/libtapi-san/%.o: libtapi/src/%.c $(LIBTAPI_HDRS)
	@mkdir -p $(@D)
	$(CC) $(LIBTAPI_SAN_CFLAGS) -c -o $@ $<

# wide_*: Unicode programs as on Windows, L"..." strings of 16-bit WCHARs
$(OUT)/obj/libtapi-tests/wide_%.o: USER_CFLAGS += -fshort-wchar
$(OUT)/obj/libtapi-tests/wide_%.o: LIBTAPI_SAN_CFLAGS += -fshort-wchar

$(OUT)/obj/libtapi-tests/%.o: tests/libtapi/%.c $(LIBTAPI_HDRS)
	@test -n "$(KSFT_DIR)" || { echo "KSFT_DIR is not set" >&2; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -pthread -Ilibtapi/include -isystem $(KSFT_DIR) -c -o $@ $<

$(OUT)/obj/libtapi-tests/%_san.o: tests/libtapi/%.c $(LIBTAPI_HDRS)
	@test -n "$(KSFT_DIR)" || { echo "KSFT_DIR is not set" >&2; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(LIBTAPI_SAN_CFLAGS) -isystem $(KSFT_DIR) -c -o $@ $<

$(OUT)/libtapi-tests/%: $(OUT)/obj/libtapi-tests/%.o $(OUT)/libtapi/libtapi.so
	@mkdir -p $(@D)
	$(CC) -pthread -o $@ $< -L$(OUT)/libtapi -ltapi -lm

$(OUT)/libtapi-tests/%_san: $(OUT)/obj/libtapi-tests/%_san.o $(LIBTAPI_SAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(LIBTAPI_SAN_CFLAGS) -o $@ $^ -ludev -lkmod -lm

# The examples (examples/): small applications on libtapi, each linked as a
# user's would be, with libsndfile for audio files. Their test helpers
# (tests/examples/) play the other end of their calls in the VMs.
EXAMPLES := dialer ivr voicemail callmonitor
EXAMPLE_HELPERS := exphone wavtool
examples: $(foreach e,$(EXAMPLES),$(OUT)/examples/$(e)) \
	$(foreach h,$(EXAMPLE_HELPERS),$(OUT)/examples/$(h))

$(OUT)/examples/%: examples/%.c libtapi/include/tapi.h $(OUT)/libtapi/libtapi.so
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Ilibtapi/include -o $@ $< -L$(OUT)/libtapi -ltapi -lsndfile -lm

$(OUT)/examples/%: tests/examples/%.c libtapi/include/tapi.h $(OUT)/libtapi/libtapi.so
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Ilibtapi/include -o $@ $< -L$(OUT)/libtapi -ltapi -lsndfile -lm

$(OUT)/libtapi/libtapi.pc: libtapi/libtapi.pc.in
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# tapictl: on libtapi; audio files through libsndfile, resampled by libsamplerate.
# One file per command group (tools/tapictl.h says which), as v4l2-ctl has them.
TAPICTL_PKGS := sndfile samplerate
TAPICTL_SRCS := tools/tapictl.c tools/tapictl_devices.c tools/tapictl_calls.c \
	tools/tapictl_audio.c tools/tapictl_exchange.c tools/tapictl_location.c
$(OUT)/tapictl: $(TAPICTL_SRCS) tools/tapictl.h uapi/linux/tapi.h \
		libtapi/include/tapi.h $(OUT)/libtapi/libtapi.so
	@mkdir -p $(OUT)
	$(CC) $(USER_CFLAGS) -Ilibtapi/include $(shell pkg-config --cflags $(TAPICTL_PKGS)) \
		-o $@ $(TAPICTL_SRCS) -L$(OUT)/libtapi -ltapi $(shell pkg-config --libs $(TAPICTL_PKGS)) \
		$(USER_LDFLAGS)

# tapi-compliance: the uAPI's conformance checks, on the devices alone (no
# libtapi). Static, so the test VMs need no libraries; make check runs the
# 32-bit build too, through the compat ioctl path.
COMPLIANCE_SRCS := $(wildcard tools/tapi-compliance/*.c)
COMPLIANCE_HDRS := tools/tapi-compliance/compliance.h uapi/linux/tapi.h
compliance: $(OUT)/tapi-compliance $(OUT)/tapi-compliance_32

$(OUT)/obj/compliance/%.o: tools/tapi-compliance/%.c $(COMPLIANCE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -pthread -c -o $@ $<

$(OUT)/obj/compliance-32/%.o: tools/tapi-compliance/%.c $(COMPLIANCE_HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -m32 -pthread -c -o $@ $<

$(OUT)/tapi-compliance: $(patsubst tools/tapi-compliance/%.c,$(OUT)/obj/compliance/%.o,$(COMPLIANCE_SRCS))
	$(CC) -static -pthread -o $@ $^

$(OUT)/tapi-compliance_32: $(patsubst tools/tapi-compliance/%.c,$(OUT)/obj/compliance-32/%.o,$(COMPLIANCE_SRCS))
	$(CC) -m32 -static -pthread -o $@ $^

# Providers on /dev/utapi (docs/utapi.md). tapi-loopback, the example, is
# static: the test VMs run tapi-compliance against its line.
providers: $(OUT)/tapi-loopback

$(OUT)/tapi-loopback: providers/loopback/tapi-loopback.c uapi/linux/utapi.h uapi/linux/tapi.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ $<

# What the demo and the VM tests play into a call: speech, made here
# (espeak-ng, 22050 Hz: tapictl converts it to the line's 8 kHz).
DEMO_SPEECH := This is TAPI for Linux. Line one thousand and two plays this message, \
	and line one thousand and one records it.
demo-audio: $(OUT)/demo/hello.wav

$(OUT)/demo/hello.wav:
	@mkdir -p $(@D)
	espeak-ng -w $@ "$(DEMO_SPEECH)"

# The kselftest harness comes from the kernel source package; make check
# extracts it and passes KSFT_DIR. Binaries are static so the test VMs need
# no libraries; the 32-bit build exercises the compat ioctl path.
KSFT_DIR ?=
# One program per concern, each a file (the harness keeps its list of tests in
# statics): lines, calls, phones, tapi_sim, and what a user must not do.
SELFTESTS := tapi_line_events_test tapi_line_audio_test tapi_line_signals_test \
	tapi_line_device_test tapi_call_states_test tapi_call_privilege_test \
	tapi_call_info_test tapi_call_media_test tapi_call_exchange_test tapi_phone_test \
	tapi_sim_config_test tapi_sim_exchange_test tapi_sim_race_test tapi_harden_test \
	tapi_utapi_test tapi_utapi_audio_test
SELFTEST_BINS := $(foreach t,$(SELFTESTS),$(OUT)/selftests/$(t) $(OUT)/selftests/$(t)_32) \
	$(OUT)/selftests/tapi_stress

VM_BENCHES := $(OUT)/selftests/tapi_clock_bench $(OUT)/selftests/tapi_audio_bench

selftests: $(SELFTEST_BINS) $(VM_BENCHES)

# Benchmarks that need the modules run in a VM: tests/check.py bench-vm.
$(OUT)/selftests/tapi_%_bench: tests/selftests/tapi_%_bench.c uapi/linux/tapi.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -static -o $@ $<

SELFTEST_HDRS := uapi/linux/tapi.h uapi/linux/utapi.h tests/dsp/g711_ref.h $(wildcard tests/selftests/*.h)

$(OUT)/obj/selftests/%_32.o: tests/selftests/%.c $(SELFTEST_HDRS)
	@test -f "$(KSFT_DIR)/kselftest_harness.h" || { echo "KSFT_DIR must hold kselftest_harness.h" >&2; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Itests/dsp -m32 -pthread -isystem $(KSFT_DIR) -c -o $@ $<

$(OUT)/obj/selftests/%.o: tests/selftests/%.c $(SELFTEST_HDRS)
	@test -f "$(KSFT_DIR)/kselftest_harness.h" || { echo "KSFT_DIR must hold kselftest_harness.h" >&2; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -Itests/dsp -pthread -isystem $(KSFT_DIR) -c -o $@ $<

# The randomised stress (debug kernel, 64-bit): its own main, one file per concern.
STRESS_SRCS := tests/selftests/tapi_stress.c $(wildcard tests/selftests/stress_*.c)

$(OUT)/selftests/tapi_stress: $(STRESS_SRCS) tests/selftests/stress.h uapi/linux/tapi.h
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -pthread -static -o $@ $(STRESS_SRCS)

# tapi_sim's programs share their configfs helpers, compiled once
SIM_SELFTESTS := $(filter tapi_sim_%,$(SELFTESTS))
$(foreach t,$(SIM_SELFTESTS),$(OUT)/selftests/$(t)): $(OUT)/obj/selftests/sim_configfs.o
$(foreach t,$(SIM_SELFTESTS),$(OUT)/selftests/$(t)_32): $(OUT)/obj/selftests/sim_configfs_32.o

$(OUT)/selftests/%_32: $(OUT)/obj/selftests/%_32.o
	@mkdir -p $(@D)
	$(CC) -m32 -static -pthread -o $@ $(filter %.o,$^) -lm

$(OUT)/selftests/%: $(OUT)/obj/selftests/%.o
	@mkdir -p $(@D)
	$(CC) -static -pthread -o $@ $(filter %.o,$^) -lm

# The DSP (kernel/dsp/) is plain C: its host tests link the very files that
# go into tapi.ko. Each test is built twice: optimised, and under ASan+UBSan.
# Its driver-facing part is kernel/include/tapi_dsp.h, hence DSP_INC.
DSP_SRCS := $(wildcard kernel/dsp/*.c)
DSP_HDRS := $(wildcard kernel/dsp/*.h tests/dsp/*.h) kernel/include/tapi_dsp.h
DSP_TESTS := $(patsubst tests/dsp/%.c,%,$(wildcard tests/dsp/test_*.c))
DSP_INC := -Ikernel/dsp -Ikernel/include -Itests/dsp
DSP_CFLAGS := $(USER_CFLAGS) $(DSP_INC) -isystem $(KSFT_DIR)
SANITIZE := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

dsp-tests: $(foreach t,$(DSP_TESTS),$(OUT)/dsp/$(t) $(OUT)/dsp-san/$(t))

DSP_OBJS := $(patsubst kernel/dsp/%.c,$(OUT)/obj/dsp/%.o,$(DSP_SRCS))
DSP_SAN_OBJS := $(patsubst kernel/dsp/%.c,$(OUT)/obj/dsp-san/%.o,$(DSP_SRCS))

$(OUT)/obj/dsp/%.o: kernel/dsp/%.c $(DSP_HDRS)
	@mkdir -p $(@D)
	$(CC) $(DSP_CFLAGS) -c -o $@ $<

$(OUT)/obj/dsp-san/%.o: kernel/dsp/%.c $(DSP_HDRS)
	@mkdir -p $(@D)
	$(CC) $(DSP_CFLAGS) $(SANITIZE) -c -o $@ $<

$(OUT)/obj/dsp-tests/%.o: tests/dsp/%.c $(DSP_HDRS)
	@test -f "$(KSFT_DIR)/kselftest_harness.h" || { echo "KSFT_DIR must hold kselftest_harness.h" >&2; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(DSP_CFLAGS) -c -o $@ $<

$(OUT)/obj/dsp-tests-san/%.o: tests/dsp/%.c $(DSP_HDRS)
	@test -f "$(KSFT_DIR)/kselftest_harness.h" || { echo "KSFT_DIR must hold kselftest_harness.h" >&2; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(DSP_CFLAGS) $(SANITIZE) -c -o $@ $<

$(OUT)/dsp/%: $(OUT)/obj/dsp-tests/%.o $(DSP_OBJS)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ -lm

$(OUT)/dsp-san/%: $(OUT)/obj/dsp-tests-san/%.o $(DSP_SAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(SANITIZE) -o $@ $^ -lm

# libFuzzer targets: one per decoder of signals or frames, all DSP files linked.
FUZZERS := $(patsubst tests/dsp/%.c,%,$(wildcard tests/dsp/fuzz_*.c))
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror $(DSP_INC) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# libtapi's: kernel event records and structure sizes into its translation code
LIBTAPI_FUZZERS := fuzz_events

fuzzers: $(foreach f,$(FUZZERS) $(LIBTAPI_FUZZERS),$(OUT)/fuzz/$(f))

# the code under test is built with the fuzzer's coverage, without its main()
FUZZ_LIB_CFLAGS = $(subst -fsanitize=fuzzer$(COMMA),-fsanitize=fuzzer-no-link$(COMMA),$(1))
COMMA := ,
LIBTAPI_FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -pthread -Iuapi -Ilibtapi/include -Ilibtapi/src
LIBTAPI_FUZZ_OBJS := $(patsubst libtapi/src/%.c,$(OUT)/obj/libtapi-fuzz/%.o,$(LIBTAPI_SRCS))
DSP_FUZZ_OBJS := $(patsubst kernel/dsp/%.c,$(OUT)/obj/dsp-fuzz/%.o,$(DSP_SRCS))

$(OUT)/obj/libtapi-fuzz/%.o: libtapi/src/%.c $(LIBTAPI_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(call FUZZ_LIB_CFLAGS,$(LIBTAPI_FUZZ_CFLAGS)) -c -o $@ $<

$(OUT)/obj/dsp-fuzz/%.o: kernel/dsp/%.c $(DSP_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(call FUZZ_LIB_CFLAGS,$(FUZZ_CFLAGS)) -c -o $@ $<

$(OUT)/obj/fuzz/fuzz_events.o: tests/libtapi/fuzz_events.c $(LIBTAPI_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(LIBTAPI_FUZZ_CFLAGS) -c -o $@ $<

$(OUT)/obj/fuzz/%.o: tests/dsp/%.c $(DSP_HDRS)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -c -o $@ $<

$(OUT)/fuzz/fuzz_events: $(OUT)/obj/fuzz/fuzz_events.o $(LIBTAPI_FUZZ_OBJS)
	@mkdir -p $(@D)
	$(CLANG) $(LIBTAPI_FUZZ_CFLAGS) -o $@ $^ -ludev -lkmod -lm

$(OUT)/fuzz/%: $(OUT)/obj/fuzz/%.o $(DSP_FUZZ_OBJS)
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -o $@ $^

# Benchmarks time and measure; they never pass or fail on speed. Those that
# compare with spandsp link Debian's libspandsp.
BENCHES := $(patsubst tests/dsp/%.c,%,$(wildcard tests/dsp/bench_*.c))
BENCH_LIBS := $(shell pkg-config --libs spandsp 2>/dev/null) -lm

benchmarks: $(foreach b,$(BENCHES),$(OUT)/bench/$(b))

$(OUT)/bench/%: tests/dsp/%.c $(DSP_SRCS) $(DSP_HDRS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(DSP_INC) -o $@ $< $(DSP_SRCS) $(BENCH_LIBS)

bench: benchmarks
	@tests/dsp/talkoff-corpus.sh $(OUT)/talkoff >/dev/null
	@set -e; for b in $(foreach b,$(BENCHES),$(OUT)/bench/$(b)); do \
		echo "== $$b"; TAPI_TALKOFF=$(OUT)/talkoff $$b; done

# make check and make demo install what they need first, python3 included.
check:
	@command -v python3 >/dev/null || { apt-get update && apt-get install -y python3; }
	python3 tests/check.py check $(CHECK_ARGS)

demo:
	@command -v python3 >/dev/null || { apt-get update && apt-get install -y python3; }
	python3 tests/check.py demo

install: tools libtapi
	install -D -m 0755 $(OUT)/tapictl $(DESTDIR)$(BINDIR)/tapictl
	install -D -m 0755 $(OUT)/tapi-compliance $(DESTDIR)$(BINDIR)/tapi-compliance
	install -D -m 0755 $(OUT)/libtapi/libtapi.so.$(VERSION) \
		$(DESTDIR)$(LIBDIR)/libtapi.so.$(VERSION)
	ln -sf libtapi.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libtapi.so.$(LIBTAPI_SO)
	ln -sf libtapi.so.$(LIBTAPI_SO) $(DESTDIR)$(LIBDIR)/libtapi.so
	install -D -m 0644 libtapi/include/tapi.h $(DESTDIR)$(INCLUDEDIR)/libtapi/tapi.h
	mkdir -p $(DESTDIR)$(LIBDIR)/pkgconfig
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    libtapi/libtapi.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libtapi.pc
	for m in docs/man/*.[1-9]; do \
		install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/} || exit 1; \
	done
	install -D -m 0644 uapi/linux/tapi.h $(DESTDIR)$(INCLUDEDIR)/linux/tapi.h
	install -D -m 0644 uapi/linux/utapi.h $(DESTDIR)$(INCLUDEDIR)/linux/utapi.h
	install -D -m 0644 udev/60-tapi.rules $(DESTDIR)$(UDEVRULESDIR)/60-tapi.rules

# Copies the module source to /usr/src/tapi-$(VERSION) and lets DKMS build
# and install it for the running kernel (and rebuild it on kernel updates).
dkms-install:
	rm -rf /usr/src/tapi-$(VERSION)
	mkdir -p /usr/src/tapi-$(VERSION)
	cp -r Kbuild dkms.conf kernel uapi tests /usr/src/tapi-$(VERSION)/
	dkms add -m tapi -v $(VERSION)
	dkms install -m tapi -v $(VERSION)

clean:
	rm -rf $(OUT)
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
