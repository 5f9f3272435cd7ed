# The POSIX host's modules (see ../Makefile), over the host's C library: -> $(OUT)
POSIX_CFLAGS := -O2 -fPIC -fvisibility=hidden -ffunction-sections -D_GNU_SOURCE -Ishared -Iposix -I$(ABI) $(WARNINGS)
POSIX_LDFLAGS := -shared -Wl,--gc-sections --host-lib libc.so.6
# Linked into every module (--gc-sections keeps what each uses).
POSIX_COMMON := shared/register.c shared/guestmem.c shared/timespec.c posix/host.c posix/errno.c posix/oflags.c \
                posix/stat.c posix/statfs.c posix/clock.c
POSIX_HEADERS := $(SHARED_HEADERS) $(wildcard posix/*.h) $(ABI)/errno_from_host.inc

# The descriptor table (shared/fdtable.h) lives in libmc-fd.so; the modules that take or make
# descriptors link against it and share the instance's one table.
posix_fd := posix/fd.c posix/fd_poll.c posix/fd_ioctl.c shared/fdtable.c
posix_path := posix/path.c posix/own_exe.c
posix_memory := posix/memory.c posix/memory_fork.c shared/memory_ranges.c shared/memory_shared.c
posix_time := posix/time.c
posix_process := posix/process.c posix/spawn.c posix/fork.c posix/own_exe.c shared/spawn_request.c
posix_futex := posix/futex.c posix/futex_host.c posix/futex_emulated.c
posix_socket := posix/socket.c
POSIX_USES_FD_TABLE := path memory process socket
POSIX_FD_TABLE_LINK = -L$(OUT) -lmc-fd -Wl,-rpath,'$$ORIGIN' -Wl,--enable-new-dtags

POSIX_MODULES := $(patsubst %,$(OUT)/libmc-%.so,$(FAMILIES))
# On a Linux build host, linux_abi.h is checked against the kernel's UAPI headers first.
POSIX_ABI_CHECK := $(if $(filter Linux,$(shell uname -s)),$(OUT)/.abi-checked)

posix: $(POSIX_ABI_CHECK) $(POSIX_MODULES) $(OUT)/microcosm-modules.so

.SECONDEXPANSION:
$(OUT)/libmc-%.so: $$(posix_$$*) $(POSIX_COMMON) $(POSIX_HEADERS) $(POSIX_ABI_CHECK) $$(if $$(filter $$*,$(POSIX_USES_FD_TABLE)),$(OUT)/libmc-fd.so)
	@mkdir -p $(OUT)
	$(CC) $(POSIX_CFLAGS) -Wl,-soname,libmc-$*.so -o $@ $(posix_$*) $(POSIX_COMMON) $(POSIX_LDFLAGS) \
	    $(if $(filter $*,$(POSIX_USES_FD_TABLE)),$(POSIX_FD_TABLE_LINK))

# --no-as-needed keeps every module as a dependency although nothing refers to them; --as-needed
# after them drops the libmicrocosm.so that `microcosm cc` adds, which this object does not use.
$(OUT)/microcosm-modules.so: $(POSIX_MODULES)
	$(CC) -shared -Wl,-soname,microcosm-modules.so -o $@ -L$(OUT) -Wl,--no-as-needed \
	    $(patsubst %,-lmc-%,$(FAMILIES)) -Wl,--as-needed -Wl,-rpath,'$$ORIGIN' -Wl,--enable-new-dtags

$(OUT)/.abi-checked: shared/abi_check.c shared/linux_abi.h $(ABI_HEADERS) $(ABI)/linux_abi_check.inc $(ABI)/linux_abi_check_errno.inc
	@mkdir -p $(OUT)
	$(HOSTCC) -fsyntax-only -Wall -Werror -I$(ABI) shared/abi_check.c
	@touch $@
