# Builds everything into build/: the guest SDK (with its C library, newlib, and C++ library, libstdc++, cached in build/cache), the CLI (NativeAOT when the toolchain allows, else
# framework-dependent), the standard modules (build/modules, beside the SDK), and the examples.
# ./microcosm runs this when something is missing or stale.
BUILD := build
SDK := $(BUILD)/sdk
CLI := $(BUILD)/bin/microcosm
CS_SOURCES := $(shell find src -name '*.cs' -o -name '*.csproj' -o -name '*.targets') Directory.Build.props abi/syscalls.tsv abi/errno.tsv abi/families.tsv abi/signals.tsv
# The target ABI's generated C headers and tables (abi/README.md): rewritten only when they change.
ABI := $(abspath $(BUILD)/abi)

all: linux windows

# What the Linux host needs (./microcosm builds this much).
linux: sdk libc cxx cli modules examples

abi:
	@abi/generate.sh $(ABI)

sdk: abi
	@$(MAKE) -s -C guest SDK=$(abspath $(SDK)) ABI=$(ABI)

# The guest C library: newlib built once per input set (build/cache/newlib-<key>), then Microcosm's
# glue and libc.so / libm.so / crt1.o in the SDK (see guest/libc/Makefile).
libc: sdk cli
	@$(MAKE) -s -C guest/libc SDK=$(abspath $(SDK)) CACHE=$(abspath $(BUILD)/cache) OBJ=$(abspath $(BUILD)/libc) MICROCOSM=$(abspath $(CLI)) ABI=$(ABI)

# The guest C++ library: gcc's libstdc++ built once per input set (build/cache/libstdc++-<key>), linked into the
# SDK's libstdc++.so (see guest/cxx/Makefile, docs/cxx.md).
cxx: libc cli
	@$(MAKE) -s -C guest/cxx SDK=$(abspath $(SDK)) CACHE=$(abspath $(BUILD)/cache) OBJ=$(abspath $(BUILD)/cxx) MICROCOSM=$(abspath $(CLI))

cli: $(CLI)

# Either way bin/microcosm is the CLI's own executable (framework-dependent: its apphost, renamed; it finds its .dll by
# the name built into it), so that the process a program runs in is the CLI's: a fork child is started as /proc/self/exe.
$(CLI): $(CS_SOURCES)
	@echo "building the microcosm CLI (NativeAOT)..." >&2
	@rm -rf $(BUILD)/bin.new
	@if dotnet publish src/Microcosm.Cli -c Release -r linux-x64 -p:PublishAot=true -o $(BUILD)/bin.new -v quiet -nologo > $(BUILD)/publish.log 2>&1; then \
	    mv $(BUILD)/bin.new/Microcosm.Cli $(BUILD)/bin.new/microcosm; \
	else \
	    echo "NativeAOT publish failed (see $(BUILD)/publish.log); building framework-dependent instead" >&2; \
	    rm -rf $(BUILD)/bin.new && dotnet publish src/Microcosm.Cli -c Release -p:PublishAot=false -o $(BUILD)/bin.new -v quiet -nologo >&2 && \
	    mv $(BUILD)/bin.new/Microcosm.Cli $(BUILD)/bin.new/microcosm; \
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

# The files are put together beside the tree and swapped in only when they differ from what is there: a make that
# changes nothing leaves them alone, so that programs running from them meanwhile (the Windows lane's tests) keep the
# files they loaded (a fork child checks that it finds the very files its parent had).
windows: $(WINDOWS_CLI) $(WINDOWS_FAULT_HOST) modules libc cxx shell
	@rm -rf $(WINDOWS)/next && mkdir -p $(WINDOWS)/next/sdk/include $(WINDOWS)/next/sdk/libc $(WINDOWS)/next/sdk/bin
	@cp -r $(BUILD)/modules-windows $(WINDOWS)/next/modules && rm -rf $(WINDOWS)/next/modules/.stubs
	@cp $(SDK)/include/microcosm.h $(WINDOWS)/next/sdk/include/
	@cp -r $(SDK)/lib $(WINDOWS)/next/sdk/lib && cp -r $(SDK)/libc/lib $(WINDOWS)/next/sdk/libc/lib
	@cp $(BUILD)/shell/sh $(WINDOWS)/next/sdk/bin/sh
	@for part in sdk modules; do \
	    if ! diff -rq $(WINDOWS)/next/$$part $(WINDOWS)/$$part >/dev/null 2>&1; then \
	        rm -rf $(WINDOWS)/$$part && mv $(WINDOWS)/next/$$part $(WINDOWS)/$$part; fi; \
	done; rm -rf $(WINDOWS)/next

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

# `make install PREFIX=DIR` (docs/install.md): what the Linux host runs and builds guests with, laid out as in build/ -
# DIR/bin/microcosm, DIR/sdk, DIR/modules. The CLI finds the SDK and modules from where it is, and the interpreter
# that executables name finds the CLI from where it is, so the tree works wherever it is installed, and moved.
VERSION := $(shell sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
install: linux
	@test -n "$(PREFIX)" || { echo "make install: say where, e.g. make install PREFIX=/opt/microcosm" >&2; exit 2; }
	@echo "installing Microcosm $(VERSION) into $(PREFIX)" >&2
	@mkdir -p $(PREFIX)/bin
	@find $(BUILD)/bin -maxdepth 1 -type f ! -name '*.dbg' ! -name '*.pdb' ! -name '*.xml' -exec cp {} $(PREFIX)/bin/ \;
	@rm -rf $(PREFIX)/sdk.new $(PREFIX)/modules.new && mkdir -p $(PREFIX)/sdk.new
	@cp -r $(filter-out $(SDK)/hostlib,$(wildcard $(SDK)/*)) $(PREFIX)/sdk.new/
	@cp -r $(BUILD)/modules $(PREFIX)/modules.new && rm -f $(PREFIX)/modules.new/.abi-checked
	@rm -rf $(PREFIX)/sdk $(PREFIX)/modules && mv $(PREFIX)/sdk.new $(PREFIX)/sdk && mv $(PREFIX)/modules.new $(PREFIX)/modules

# `make dist`: release tarballs in build/dist - the Linux install tree, and the Windows build (build/windows) as it is.
DIST := $(BUILD)/dist
LINUX_RELEASE := microcosm-$(VERSION)-linux-x64
WINDOWS_RELEASE := microcosm-$(VERSION)-win-x64
dist: linux windows
	@rm -rf $(DIST) && mkdir -p $(DIST)
	@$(MAKE) -s install PREFIX=$(abspath $(DIST))/$(LINUX_RELEASE)
	@cp -r $(WINDOWS) $(DIST)/$(WINDOWS_RELEASE)
	@echo "packing $(DIST)/$(LINUX_RELEASE).tar.gz and $(DIST)/$(WINDOWS_RELEASE).tar.gz" >&2
	@tar -czf $(DIST)/$(LINUX_RELEASE).tar.gz -C $(DIST) $(LINUX_RELEASE)
	@tar -czf $(DIST)/$(WINDOWS_RELEASE).tar.gz -C $(DIST) $(WINDOWS_RELEASE)
	@rm -rf $(DIST)/$(LINUX_RELEASE) $(DIST)/$(WINDOWS_RELEASE)

# `make nuget`: the NuGet package (src/Microcosm: the library, and the guest C library and both hosts' standard
# modules as run-time files its build targets copy beside the application: docs/embedding.md) in build/nuget.
# It packs what the build made (./build.sh makes both hosts' parts; the pack says what is missing) and builds nothing
# itself, so that it can run beside programs that use those files.
NUGET_OUT ?= $(BUILD)/nuget
nuget:
	@echo "packing the NuGet package into $(NUGET_OUT)" >&2
	@dotnet pack src/Microcosm -c Release -o $(NUGET_OUT) -nologo -v quiet

# `make tool`: the CLI as a dotnet tool, Microcosm.Cli (docs/install.md), in build/tool: the package that points to the
# platform's and the linux-x64 one (NativeAOT), carrying an install tree (make install's) beside the executable. Built
# in outputs of its own (build/dotnet/*-tool), whose restore differs from the CLI's; the executable alone, without
# symbol files or the library's API documentation beside it.
TOOL_OUT ?= $(BUILD)/tool
TOOL_TREE := $(abspath $(BUILD))/tool-tree
tool: linux
	@echo "packing the dotnet tool Microcosm.Cli into $(TOOL_OUT)" >&2
	@rm -rf $(TOOL_TREE) && $(MAKE) -s install PREFIX=$(TOOL_TREE)
	@for rid in "" "-r linux-x64"; do \
	    dotnet pack src/Microcosm.Cli -c Release $$rid -p:MicrocosmTool=true -p:MicrocosmOutputs=-tool \
	        -p:MicrocosmToolTree=$(TOOL_TREE)/ -p:DebugType=none -p:GenerateDocumentationFile=false \
	        -o $(TOOL_OUT) -nologo -v quiet || exit 1; \
	done
	@rm -rf $(TOOL_TREE)

clean:
	rm -rf $(BUILD)

.PHONY: all linux windows shell abi sdk libc cxx cli modules examples install dist nuget tool clean
