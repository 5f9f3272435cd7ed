# Builds everything into build/: the guest SDK (with its C library, newlib, and C++ library, libstdc++, cached in build/cache), the CLI (NativeAOT when the toolchain allows, else
# framework-dependent), the standard modules (build/modules, beside the SDK), and the examples.
# ./microcosm runs this when something is missing or stale.
BUILD := build
SDK := $(BUILD)/sdk
CLI := $(BUILD)/bin/microcosm
CS_SOURCES := $(shell find src -name '*.cs' -o -name '*.csproj' -o -name '*.targets') Directory.Build.props abi/syscalls.tsv abi/errno.tsv
# The target ABI's generated C headers and tables (abi/README.md): rewritten only when they change.
ABI := $(abspath $(BUILD)/abi)

all: linux windows

# What the Linux host needs (./microcosm builds this much).
linux: sdk libc cxx cli modules examples

abi:
	@abi/generate.sh $(ABI)

sdk: abi
	@$(MAKE) -s -C guest SDK=$(abspath $(SDK)) CLI=$(abspath $(CLI)) ABI=$(ABI)

# The guest C library: newlib built once per input set (build/cache/newlib-<key>), then Microcosm's
# glue and libc.so / libm.so / crt1.o in the SDK (see guest/libc/Makefile).
libc: sdk cli
	@$(MAKE) -s -C guest/libc SDK=$(abspath $(SDK)) CACHE=$(abspath $(BUILD)/cache) OBJ=$(abspath $(BUILD)/libc) MICROCOSM=$(abspath $(CLI)) ABI=$(ABI)

# The guest C++ library: gcc's libstdc++ built once per input set (build/cache/libstdc++-<key>), linked into the
# SDK's libstdc++.so (see guest/cxx/Makefile, docs/cxx.md).
cxx: libc cli
	@$(MAKE) -s -C guest/cxx SDK=$(abspath $(SDK)) CACHE=$(abspath $(BUILD)/cache) OBJ=$(abspath $(BUILD)/cxx) MICROCOSM=$(abspath $(CLI))

cli: $(CLI)

$(CLI): $(CS_SOURCES)
	@echo "building the microcosm CLI (NativeAOT)..." >&2
	@rm -rf $(BUILD)/bin.new
	@if dotnet publish src/Microcosm.Cli -c Release -r linux-x64 -p:PublishAot=true -o $(BUILD)/bin.new -v quiet -nologo > $(BUILD)/publish.log 2>&1; then \
	    mv $(BUILD)/bin.new/Microcosm.Cli $(BUILD)/bin.new/microcosm; \
	else \
	    echo "NativeAOT publish failed (see $(BUILD)/publish.log); building framework-dependent instead" >&2; \
	    rm -rf $(BUILD)/bin.new && dotnet publish src/Microcosm.Cli -c Release -o $(BUILD)/bin.new -v quiet -nologo >&2 && \
	    printf '#!/bin/sh\nexec dotnet "$$(dirname "$$0")/Microcosm.Cli.dll" "$$@"\n' > $(BUILD)/bin.new/microcosm && chmod +x $(BUILD)/bin.new/microcosm; \
	fi
	@rm -rf $(BUILD)/bin && mv $(BUILD)/bin.new $(BUILD)/bin && touch $(CLI)

# The standard modules, built by the CLI's `microcosm cc` (see guest/modules/Makefile).
modules: sdk cli
	@MICROCOSM_SDK=$(abspath $(SDK)) $(MAKE) -s -C guest/modules MICROCOSM=$(abspath $(CLI)) OUT=$(abspath $(BUILD)/modules) WINDOWS_OUT=$(abspath $(BUILD)/modules-windows) ABI=$(ABI)

examples: sdk libc cli
	@MICROCOSM_SDK=$(abspath $(SDK)) $(MAKE) -s -C examples MICROCOSM=$(abspath $(CLI)) OUT=$(abspath $(BUILD)/examples)

# The Windows build (docs/hosts.md): the CLI published self-contained for win-x64 (NativeAOT cannot be produced on
# Linux) in build/windows/bin, beside the files a Windows install needs from the SDK (the guest C library and
# libmicrocosm.so, which programs built here load; microcosm.h marks the directory as the SDK; bin/sh, the shell that
# is /bin/sh there) and the Windows host's modules. Everything in build/windows can be copied to a Windows machine as it is.
WINDOWS := $(BUILD)/windows
WINDOWS_CLI := $(WINDOWS)/bin/microcosm.exe
WINDOWS_FAULT_HOST := $(BUILD)/windows-tests/faulthost/Microcosm.FaultHost.exe

windows: $(WINDOWS_CLI) $(WINDOWS_FAULT_HOST) modules libc cxx shell
	@rm -rf $(WINDOWS)/modules $(WINDOWS)/sdk
	@mkdir -p $(WINDOWS)/sdk/include $(WINDOWS)/sdk/libc $(WINDOWS)/sdk/bin
	@cp -r $(BUILD)/modules-windows $(WINDOWS)/modules && rm -rf $(WINDOWS)/modules/.stubs
	@cp $(SDK)/include/microcosm.h $(WINDOWS)/sdk/include/
	@cp -r $(SDK)/lib $(WINDOWS)/sdk/lib && cp -r $(SDK)/libc/lib $(WINDOWS)/sdk/libc/lib
	@cp $(BUILD)/shell/sh $(WINDOWS)/sdk/bin/sh

# Microcosm's shell (guest/shell/build.sh): Debian's dash built with microcosm cc, the Windows build's /bin/sh.
shell: libc cli
	@MICROCOSM_SDK=$(abspath $(SDK)) guest/shell/build.sh $(abspath $(BUILD)/shell) $(abspath $(CLI))

$(WINDOWS_CLI): $(CS_SOURCES)
	@echo "publishing the Windows build of the CLI (self-contained win-x64)..." >&2
	@rm -rf $(WINDOWS)/bin.new
	@dotnet publish src/Microcosm.Cli -c Release -r win-x64 --self-contained -p:PublishAot=false -o $(WINDOWS)/bin.new -v quiet -nologo > $(BUILD)/publish-windows.log 2>&1 \
	    || { echo "the Windows publish failed (see $(BUILD)/publish-windows.log)" >&2; exit 1; }
	@mv $(WINDOWS)/bin.new/Microcosm.Cli.exe $(WINDOWS)/bin.new/microcosm.exe
	@rm -rf $(WINDOWS)/bin && mv $(WINDOWS)/bin.new $(WINDOWS)/bin && touch $(WINDOWS_CLI)

# The test suite's embedder on the JIT runtime (tests/Microcosm.FaultHost), for the Windows lane: C# handlers, faults
# under them and GuestFaultException, from a Windows process. A test tool, so beside build/windows, not in it.
$(WINDOWS_FAULT_HOST): $(CS_SOURCES) $(wildcard tests/Microcosm.FaultHost/*.cs tests/Microcosm.FaultHost/*.csproj)
	@echo "publishing the test suite's Windows embedder (tests/Microcosm.FaultHost, win-x64)..." >&2
	@rm -rf $(BUILD)/windows-tests/faulthost
	@dotnet publish tests/Microcosm.FaultHost -c Release -r win-x64 --self-contained -p:PublishAot=false \
	    -o $(BUILD)/windows-tests/faulthost -v quiet -nologo > $(BUILD)/publish-faulthost-windows.log 2>&1 \
	    || { echo "the Windows publish of FaultHost failed (see $(BUILD)/publish-faulthost-windows.log)" >&2; exit 1; }
	@touch $@

clean:
	rm -rf $(BUILD)

.PHONY: all linux windows shell abi sdk libc cxx cli modules examples clean
