# The Windows host's modules (see ../Makefile), over Win32: -> $(WINDOWS_OUT)
# Guest code like the POSIX set (System V ELF shared objects, built here with `microcosm cc -nolibc`),
# but with no C library: they call Win32 only, through the link stubs libhost_<dll>.dll made below from
# windows/win32.h's declarations (each DLL's functions follow its "==== NAME.dll ====" line; NAME may have an underscore: ws2_32). At run time
# the core opens the DLLs themselves (LoadLibraryExW) and binds the functions (GetProcAddress).
WINDOWS_STUBS := $(WINDOWS_OUT)/.stubs
WINDOWS_DLLS := kernel32.dll kernelbase.dll ntdll.dll advapi32.dll ws2_32.dll
WINDOWS_CFLAGS := -O2 -fPIC -fvisibility=hidden -ffunction-sections -ffreestanding -fno-builtin-printf \
                  -Ishared -Iwindows -I$(ABI) $(WARNINGS)
WINDOWS_LDFLAGS := -shared -Wl,--gc-sections -nostdlib -L$(WINDOWS_STUBS) $(foreach d,$(WINDOWS_DLLS),-l:libhost_$(d)) \
                   -Wl,--no-undefined
WINDOWS_COMMON := shared/register.c shared/guestmem.c shared/timespec.c windows/host.c windows/string.c windows/errno.c \
                  windows/paths.c windows/clock.c windows/files.c windows/stat.c windows/locks.c windows/socket_file.c
WINDOWS_HEADERS := $(SHARED_HEADERS) $(wildcard windows/*.h)

windows_fd := windows/fd.c windows/fd_poll.c windows/fd_ioctl.c windows/console.c windows/directory.c windows/statfs.c shared/fdtable.c \
              windows/socket_io.c windows/wsa_errno.c
windows_path := windows/path.c windows/directory.c windows/statfs.c
windows_memory := windows/memory.c windows/memory_fork.c shared/memory_ranges.c shared/memory_shared.c
windows_time := windows/time.c
windows_process := windows/process.c windows/groups.c windows/spawn.c windows/fork.c shared/spawn_request.c
windows_futex := windows/futex.c
# socket_io.c is in both: the fd module reads, writes and polls the sockets this one makes.
windows_socket := windows/socket.c windows/socketpair.c windows/socket_msg.c windows/socket_options.c \
                  windows/sockaddr.c windows/socket_io.c windows/wsa_errno.c
WINDOWS_FAMILIES := fd path memory time process futex socket
WINDOWS_USES_FD_TABLE := path memory process socket
WINDOWS_FD_TABLE_LINK = -L$(WINDOWS_OUT) -lmc-fd -Wl,-rpath,'$$ORIGIN' -Wl,--enable-new-dtags

WINDOWS_MODULES := $(patsubst %,$(WINDOWS_OUT)/libmc-%.so,$(WINDOWS_FAMILIES))
WINDOWS_STUB_FILES := $(patsubst %,$(WINDOWS_STUBS)/libhost_%,$(WINDOWS_DLLS))

windows: $(WINDOWS_MODULES) $(WINDOWS_OUT)/microcosm-modules.so

# A link stub: every function win32.h declares for the DLL, as an empty function, soname libhost_<dll>.
$(WINDOWS_STUBS)/libhost_%: windows/win32.h
	@mkdir -p $(WINDOWS_STUBS)
	awk -v dll="$*" '/==== [a-z0-9_]+\.dll/ { match($$0, /[a-z0-9_]+\.dll/); current = substr($$0, RSTART, RLENGTH) } \
	    current == dll && /^WINAPI / { line = $$0; sub(/\(.*/, "", line); n = split(line, w, /[ *]+/); print "void " w[n] "(void) {}" }' \
	    $< > $@.c
	$(HOSTCC) -shared -nostdlib -fPIC -Wl,-soname,libhost_$* -o $@ $@.c

.SECONDEXPANSION:
$(WINDOWS_OUT)/libmc-%.so: $$(windows_$$*) $(WINDOWS_COMMON) $(WINDOWS_HEADERS) $(WINDOWS_STUB_FILES) $$(if $$(filter $$*,$(WINDOWS_USES_FD_TABLE)),$(WINDOWS_OUT)/libmc-fd.so)
	@mkdir -p $(WINDOWS_OUT)
	$(CC) $(WINDOWS_CFLAGS) -Wl,-soname,libmc-$*.so -o $@ $(windows_$*) $(WINDOWS_COMMON) $(WINDOWS_LDFLAGS) \
	    $(if $(filter $*,$(WINDOWS_USES_FD_TABLE)),$(WINDOWS_FD_TABLE_LINK))

$(WINDOWS_OUT)/microcosm-modules.so: $(WINDOWS_MODULES)
	$(CC) -shared -Wl,-soname,microcosm-modules.so -o $@ -L$(WINDOWS_OUT) -Wl,--no-as-needed \
	    $(patsubst %,-lmc-%,$(WINDOWS_FAMILIES)) -Wl,--as-needed -Wl,-rpath,'$$ORIGIN' -Wl,--enable-new-dtags
