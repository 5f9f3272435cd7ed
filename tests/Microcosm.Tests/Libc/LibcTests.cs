namespace Microcosm.Tests.Libc;

/// <summary>
/// The guest C library (newlib for Microcosm, guest/libc): ordinary C programs built with
/// <c>microcosm cc</c> and run with <c>microcosm run</c>. Each program checks its own results and
/// prints "FILE: ok"; a failed check prints where and what on stderr. The theories run on both hosts from the same
/// files with the same expectations (docs/hosts.md); the facts, on Linux only so far (docs/hosts.md, "Not yet on Windows").
/// </summary>
public class LibcTests
{
    public LibcTests() => GuestBuild.Ensure();

    private static void AssertPasses(ProcessResult result, string name)
    {
        Assert.True(result.ExitCode == 0, $"{name} exited {result.ExitCode}\nstdout: {result.StandardOutput}\nstderr: {result.StandardError}");
        Assert.Equal("", result.StandardError);
        Assert.Contains($"{name}.c: ok", result.StandardOutput);
    }

    /// <summary>The guest test program <c>libc/NAME</c> run on <paramref name="host"/> passes.</summary>
    private static void AssertRunPasses(TargetHost host, string name, int timeoutSeconds) =>
        AssertPasses(Run.Cli(host, ["run", TestPaths.Guest($"libc/{name}")], timeoutSeconds: timeoutSeconds), name);

    /// <summary>Runs libc/<paramref name="name"/> built natively (<c>NAME-native</c>) and under microcosm on
    /// <paramref name="host"/>: both end with status 0 and print the same. Returns the run under microcosm.</summary>
    private static ProcessResult AssertPrintsAsNative(TargetHost host, string name, params string[] args) =>
        AssertPrintsAsNative(host, name, null, args);

    /// <summary><see cref="AssertPrintsAsNative(TargetHost, string, string[])"/> with <paramref name="environment"/> for the
    /// program under microcosm.</summary>
    private static ProcessResult AssertPrintsAsNative(TargetHost host, string name, Dictionary<string, string>? environment, params string[] args)
    {
        var native = Run.Process(TestPaths.Guest($"libc/{name}-native"), args, timeoutSeconds: 60);
        Assert.True(native.ExitCode == 0, native.StandardOutput + native.StandardError);
        var guest = Run.Cli(host, ["run", TestPaths.Guest($"libc/{name}"), .. args], environment, timeoutSeconds: 60);
        Assert.True(guest.ExitCode == 0, $"exit {guest.ExitCode}: {guest.StandardOutput}{guest.StandardError}");
        // Whole, with what Microcosm said on stderr: a difference in a child's line is explained there.
        Assert.True(native.StandardOutput == guest.StandardOutput,
            $"differs from native\n--- native:\n{native.StandardOutput}\n--- under microcosm:\n{guest.StandardOutput}\n--- its stderr:\n{guest.StandardError}");
        return guest;
    }

    /// <summary>Runs <paramref name="body"/> with a fresh scratch directory, removed afterwards.</summary>
    private static void InScratch(Action<string> body)
    {
        string scratch = Directory.CreateTempSubdirectory("microcosm-libc-").FullName;
        try
        {
            body(scratch);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>A program given a scratch directory as its argument passes and leaves nothing there.</summary>
    private static void AssertPassesInScratch(string name, TargetHost host = TargetHost.Linux) => InScratch(scratch =>
    {
        AssertPasses(Run.Guest(host, $"libc/{name}", scratch), name);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
    });

    /// <summary>__thread and _Thread_local in the program, a library it links and a plug-in it opens: initial values,
    /// each thread's own copy, threads older than the plug-in, dlsym of a variable, a fork child (docs/abi.md).</summary>
    [SkippableTheory, OnBothHosts]
    public void ThreadLocalStorageBehavesAsNative(TargetHost host) => AssertPrintsAsNative(host, "tls");

    /// <summary>dl_iterate_phdr and _dl_find_object over the core's list of objects (MC_SYS_DL_OBJECT): what gcc's
    /// unwinder asks to find frame tables (docs/cxx.md).</summary>
    [SkippableTheory, OnBothHosts]
    public void DlIteratePhdrAndDlFindObjectDescribeTheLoadedObjects(TargetHost host) => AssertRunPasses(host, "objects", 60);

    [SkippableTheory, OnBothHosts]
    public void PrintfScanfStrtodQsortAndMath(TargetHost host) => AssertPasses(Run.Guest(host, "libc/formats"), "formats");

    [SkippableTheory, OnBothHosts]
    public void FileRoundTripsSeeksAndDirectoryListing(TargetHost host) => AssertPassesInScratch("files", host);

    [SkippableTheory, OnBothHosts]
    public void EnvironmentArgumentsAndTime(TargetHost host)
    {
        var result = Run.Cli(host, ["run", TestPaths.Guest("libc/environment"), "one", "two words"], new Dictionary<string, string> { ["MC_TEST_VALUE"] = "hello world" });
        AssertPasses(result, "environment");
    }

    [SkippableTheory, OnBothHosts]
    public void ThreadsErrnoMallocLocksConditionsKeysAndDetach(TargetHost host) =>
        AssertRunPasses(host, "threads", 120);

    [SkippableTheory, OnBothHosts]
    public void PosixFileFunctionsGetlineRealpathFifosStatvfsLocksAllocationAndTreeWalks(TargetHost host) =>
        AssertPassesInScratch("posix_files", host);

    [SkippableTheory, OnBothHosts]
    public void PosixSystemFunctionsFromSelectAndResourceLimitsToUserDatabasesAndDlopensFailure(TargetHost host) =>
        AssertRunPasses(host, "posix_system", 120);

    [SkippableTheory, OnBothHosts]
    public void AFaultReportReachesStderrWhenTheGuestFilledTheLowDescriptors(TargetHost host)
    {
        InScratch(scratch =>
        {
            var result = Run.Cli(host, ["run", TestPaths.Guest("libc/fault_in_file")], workingDirectory: scratch);
            Assert.Equal(128 + 11, result.ExitCode);
            Assert.Contains("fault SIGSEGV", result.StandardError);
            Assert.Equal("", File.ReadAllText(Path.Combine(scratch, "out")));
        });
    }

    [SkippableTheory, OnBothHosts]
    public void GlobIsPosixsNoMatchQuotingMarksAndAppends(TargetHost host) => AssertPassesInScratch("globbing", host);

    [SkippableTheory, OnBothHosts]
    public void PathconfSysconfLimitsAndTheSmallerPosixFunctions(TargetHost host) => AssertPassesInScratch("system_values", host);

    [SkippableTheory, OnBothHosts]
    public void AFailedAssertionReportsAsGlibcsAndAborts(TargetHost host)
    {
        var result = Run.Guest(host, "libc/assertion");
        Assert.Equal(134, result.ExitCode);
        Assert.Equal("assertion: assertion.c:7: main: Assertion `argc == 2' failed.\n", result.StandardError);
        Assert.Equal(0, Run.Guest(host, "libc/assertion", "one").ExitCode);
    }

    [SkippableTheory, OnBothHosts]
    public void SyslogCopiesToStderrAndSendsTheDaemonGlibcsMessages(TargetHost host)
    {
        // The program stands in for the daemon at /dev/log when it can (no daemon here, and the
        // right to create it); it says which, and the stderr copy is checked either way.
        var result = Run.Guest(host, "libc/syslog");
        AssertPasses(result, "syslog");
        Assert.Contains("daemon socket: ", result.StandardOutput);
    }

    [SkippableTheory, OnBothHosts]
    public void C11ThreadsAtomicsUnicodeCharactersAndTimespecGet(TargetHost host)
    {
        var result = Run.Cli(host, ["run", TestPaths.Guest("libc/c11")], timeoutSeconds: 120);
        AssertPasses(result, "c11");
        Assert.EndsWith("quick_exit handler\n", result.StandardOutput);   // at_quick_exit's handler ran, after stdio's
    }

    /// <summary>posix_spawn of Microcosm programs and host programs, the same on both hosts: on Windows the
    /// descriptors above 2 travel in the C runtimes' lpReserved2 block and the signal a child ended by in its exit code.</summary>
    [SkippableTheory, OnBothHosts]
    public void SpawnedProgramsGetArgumentsEnvironmentDescriptorsAndActionsAndWaitSeesHowTheyEnded(TargetHost host) =>
        AssertPassesInScratch("spawning", host);

    /// <summary>A terminal's text in UTF-8 both ways; on Windows a console (UTF-16 underneath) through WriteConsoleW and ReadConsoleW.</summary>
    [SkippableTheory, OnBothHosts]
    public void ATerminalShowsAndGivesUtf8Text(TargetHost host)
    {
        var result = Run.OnTerminal(host, ["run", TestPaths.Guest("libc/console")], prompt: "|end", typed: "h\u00e9llo\r");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardOutput}{result.StandardError}");
        Assert.Equal("tty=11|gr\u00fc\u00dfe|\u65e5\u672c|\u2713\ncut|\u2713|end\nh\u00e9llo\nread=7:68c3a96c6c6f0a\n", result.StandardOutput);
    }

    /// <summary>A terminal out of canonical mode, as an editor or a pager puts it: each key read as typed, without echo, the
    /// Enter key's "\r" as it is, the up arrow as ESC [ A, Backspace as DEL, a read with VMIN 0 and VTIME 1 ending with 0
    /// when nothing is typed, and tcgetattr giving back what was set, then the modes put back. On Windows the terminal is a
    /// console, whose modes are set from the attributes (docs/hosts.md, "The console"): before, tcsetattr there failed with
    /// EINVAL.</summary>
    [SkippableTheory, OnBothHosts]
    public void ATerminalOutOfCanonicalModeGivesEachKeyAsTyped(TargetHost host)
    {
        var result = Run.OnTerminal(host, ["run", TestPaths.Guest("libc/raw_keys")], prompt: "keys|end", typed: "ab\r\u001b[A\u007f");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardOutput}{result.StandardError}");
        Assert.Equal("before:icanon=1,echo=1,isig=1,icrnl=1,vmin=1\nraw:icanon=0,echo=0,isig=1,icrnl=0,vmin=1\nkeys|end\nread=61,62,0d,1b,5b,41,7f,\n" +
            "timed=0\nafter:icanon=1,echo=1,isig=1,icrnl=1,vmin=1\n", result.StandardOutput);
    }

    /// <summary>The same with echo kept (<c>stty -icanon</c>): the keys are echoed as they are read, which on Windows is the
    /// module's, since a console echoes only while it edits a line.</summary>
    [SkippableTheory, OnBothHosts]
    public void ATerminalOutOfCanonicalModeWithEchoEchoesEachKey(TargetHost host)
    {
        var result = Run.OnTerminal(host, ["run", TestPaths.Guest("libc/raw_keys"), "echo"], prompt: "keys|end", typed: "xy");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardOutput}{result.StandardError}");
        Assert.Equal("before:icanon=1,echo=1,isig=1,icrnl=1,vmin=1\nraw:icanon=0,echo=1,isig=1,icrnl=0,vmin=1\nkeys|end\nxy78,79,|read\n" +
            "timed=0\nafter:icanon=1,echo=1,isig=1,icrnl=1,vmin=1\n", result.StandardOutput);
    }

    /// <summary>exec, compared with the same program built natively: a failed exec changes nothing; the new image gets
    /// its arguments, environment and the descriptors without close-on-exec, in the same process on Linux (on Windows,
    /// which has no exec, a new process: docs/processes.md), and its host program's exit status is the program's.</summary>
    [SkippableTheory, OnBothHosts]
    public void ExecReplacesTheProgramKeepingItsDescriptorsAndStatus(TargetHost host)
    {
        var native = Run.Process(TestPaths.Guest("libc/exec-native"), [], timeoutSeconds: 60);
        Assert.Equal(7, native.ExitCode);
        var guest = Run.Cli(host, ["run", TestPaths.Guest("libc/exec")], timeoutSeconds: 60);
        string expected = host == TargetHost.Windows
            ? native.StandardOutput.Replace("same process yes", "same process no (a new one on Windows)")
            : native.StandardOutput;
        Assert.Equal(expected, guest.StandardOutput.Replace("\r\n", "\n"));   // cmd.exe ends its line in \r\n
        Assert.True(guest.ExitCode == 7, $"exit {guest.ExitCode}: {guest.StandardError}");
    }

    /// <summary>fork, compared with the same program built natively: the child's copy of data, heap, mappings and stack
    /// changes apart from the parent's; open files are shared (offsets too) and close-on-exec descriptors kept; the child
    /// starts a thread, forks again, execs through a pipe, dies by SIGTERM, by abort and by overflowing its stack (the
    /// parent's copy: the parent sees SIGSEGV, and the child's report names the overflow); atfork handlers run in POSIX's
    /// order; pending signals and the alarm stay behind; stdio's unflushed buffer is copied; a forking server serves three
    /// clients, each connection in a child. On both hosts: a Windows host's fork is the same design, the child created
    /// suspended with the program's ranges reserved in it; what differs (the exec'd host program, SIGCHLD) is in docs/hosts.md.</summary>
    [SkippableTheory, OnBothHosts]
    public void ForkMakesACopyOfTheProgramAsNatively(TargetHost host)
    {
        var guest = AssertPrintsAsNative(host, "fork");
        Assert.Matches(@"fault SIGSEGV at fork\+0x[0-9a-f]+ \(recurse\), address 0x[0-9a-f]+, stack overflow, thread 1\n", guest.StandardError);
    }

    /// <summary>malloc and free on several threads at once, through the C library's cache per thread in front of its heap
    /// (before, one lock they queued on): blocks freed by another thread than their maker's, four threads churning blocks
    /// whose contents each checks, and 300 threads that come and go without the heap growing for each (a thread's cache
    /// goes back to the heap as it ends: without that, it grows by more than 16 MB). The same output as natively.</summary>
    [SkippableTheory, OnBothHosts]
    public void ThreadsAllocateAtOnceAndGiveTheirCachesBackAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "thread_heap");

    /// <summary>getcontext, setcontext, makecontext and swapcontext as glibc's, and the context a signal's SA_SIGINFO
    /// handler gets when the signal is taken at a call (before, none): the same program built natively prints the same -
    /// a context resumed again, a generator on a stack of its own, eight arguments, uc_link, the mask and the rounding
    /// mode as part of a context, the handler's context with the mask before it (the mask the handler leaves in it is the
    /// thread's afterwards, as sigreturn makes it), and a handler that resumes its context with setcontext.</summary>
    [SkippableTheory, OnBothHosts]
    public void ContextsSwitchAndASignalsHandlerGetsOneAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "ucontext");

    /// <summary>A signal for a thread that computes without a system call runs its handler on that thread at once, where it
    /// computes, and the loop goes on with its registers (general and SSE) as they were, compared with the same program built
    /// natively: pthread_kill of the main thread and of another, and the real timer's SIGALRM (before, the handler ran on
    /// the timer's thread, or waited for the thread's next call). docs/processes.md, "Signals".</summary>
    [SkippableTheory, OnBothHosts]
    public void ASignalReachesAThreadThatComputesWhereItComputesAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "computing_signals");

    /// <summary>The AVX registers come back whole - their upper halves too, which the core's own code clears - after a handler
    /// that changes them, for a signal where the thread computes (SIGALRM) and for a fault (SIGILL on ud2); the handler's
    /// ucontext holds them as Linux lays them out (an xsave image with Linux's magic, fpregs pointing to it). Compared with
    /// the same program built natively (before, the upper halves came back as the core left them).</summary>
    [SkippableTheory, OnBothHosts]
    public void TheAvxRegistersSurviveAHandlerWhereTheThreadComputesOrFaultsAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "computing_signals", "avx");

    /// <summary>The same for a signal from another process (a fork child's kill of its parent), through the core's listener.
    /// Linux: a Windows host's outside signals are its console's (docs/processes.md).</summary>
    [Fact]
    public void ASignalFromAnotherProcessReachesTheMainThreadWhereItComputesAsNatively() =>
        AssertPrintsAsNative(TargetHost.Linux, "computing_signals", "outside");

    /// <summary>Job control as a shell does it through a terminal, compared with the same program built natively: a "shell"
    /// with a pseudo-terminal as its controlling terminal runs a job (a fork child) in its own process group in the
    /// foreground; the terminal's ^Z stops it, the shell sees it stopped by SIGTSTP (before: by SIGSTOP) and takes the
    /// terminal back with SIGTTOU ignored (before: ENOTTY, the host did not ignore SIGTTOU), gives it to the job again and
    /// continues it, and the job reads the next line. A background job that blocks SIGTTIN and SIGTTOU reads EIO and takes
    /// the terminal (before: the signal sent again and again, until its alarm ended it). Linux: Windows has no job control
    /// (docs/processes.md).</summary>
    [Fact]
    public void AShellStopsAndContinuesAJobThroughItsTerminalAsNatively() => AssertPrintsAsNative(TargetHost.Linux, "shell_jobs");

    /// <summary>What a new program inherits of signals, compared with the same program built natively: signals the parent
    /// ignores stay ignored across posix_spawn, fork and exec, and into a Microcosm program started so (core syscall -25),
    /// and the calling thread's mask stays; handlers and what POSIX_SPAWN_SETSIGDEF and SETSIGMASK change do not; host
    /// programs (grep's own view of its process, a shell that survives the SIGHUP and SIGINT it inherited ignored, through
    /// system too) get the same. Before, every new program started with all signals at their defaults: nohup's SIGHUP and
    /// a background job's SIGINT were lost. Linux: a Windows process has no signal dispositions to start with.</summary>
    [Fact]
    public void NewProgramsInheritIgnoredSignalsAndTheMaskAsNatively() => AssertPrintsAsNative(TargetHost.Linux, "inherited_signals");

    /// <summary>A program's own file through /proc/self/exe and /proc/PID/exe, compared with the same program built natively:
    /// readlink gives the program's absolute path, stat and open reach its file, and a fork child's exec of it, posix_spawn
    /// of it and the program's own exec run the program again with their arguments. Before, they named Microcosm's CLI,
    /// and a program that re-executed itself ran the CLI with its arguments. On Windows, which has no /proc, the two names
    /// are the program's too (under Wine they were Wine's own loader, through its drive Z:).</summary>
    [SkippableTheory, OnBothHosts]
    public void ProcSelfExeIsTheProgramItselfAsNatively(TargetHost host) => AssertPrintsAsNative(host, "self_exe");

    /// <summary>Signals one program sends another, compared with the same program built natively: a child's handlers take
    /// kill's SIGUSR1 (SI_USER, from the parent) and sigqueue's (SI_QUEUE, its value), SIG_IGN drops SIGUSR2, a SIGTERM
    /// handler runs; a child with no handlers lives through SIGCHLD and SIGURG and is ended by SIGUSR1 or SIGTERM. On
    /// Windows, which carries no signal between processes, through each program's mailbox (docs/hosts.md); before, kill
    /// there dropped every signal but those it ended a process with, and ended it even when it had a handler.</summary>
    [SkippableTheory, OnBothHosts]
    public void SignalsBetweenProgramsReachHandlersAndDefaultsAsNatively(TargetHost host) => AssertPrintsAsNative(host, "signals_between");

    /// <summary>A signal to a process group, compared with the same program built natively: kill(0) and killpg reach a fork
    /// child in the program's group and the program itself before kill returns, a child in a group of its own only by a
    /// kill of that group, and the group's SIGTERM ends a child at its default while the program ignores it; a fork child
    /// starts in the program's group and session, and setsid gives it its own. Before, kill(0) reached the program alone
    /// on both hosts, and on Windows every process was a group of its own (docs/processes.md).</summary>
    [SkippableTheory, OnBothHosts]
    public void ProcessGroupSignalsReachEveryMemberAsNatively(TargetHost host) => AssertPrintsAsNative(host, "group_signals");

    /// <summary>A signal to a program that exec'd reaches the new image by its process id, compared with the same program
    /// built natively: the new image's handler runs with the parent as sender and the old image's never does, and SIGTERM
    /// at the new image's default ends it. Windows has no exec, so there the old process relays what it is sent to the new
    /// one; before, the old image's handler ran and the new program never saw the signal (docs/processes.md, "exec").</summary>
    [SkippableTheory, OnBothHosts]
    public void SignalsReachTheNewImageOfAProgramThatExecdAsNatively(TargetHost host) => AssertPrintsAsNative(host, "exec_signals");

    /// <summary>Who sent a signal from another process, compared with the same program built natively: a SA_SIGINFO handler
    /// sees a shell's kill with SI_USER and the shell's pid and uid, a fork child's sigqueue with SI_QUEUE, its pid and its
    /// value - three real-time ones sent while blocked as three, in order, each with its value, three SIGUSR2s as one with
    /// the first one's - sigtimedwait takes one with its value, and a child's end is SIGCHLD with CLD_EXITED, the child's
    /// pid and its status. Before, every signal from outside said SI_USER from the program itself, real-time ones were not
    /// queued, and sigqueue to another process sent no value. Linux: Windows carries no sender (docs/processes.md).</summary>
    [Fact]
    public void SignalsFromOutsideSayWhoSentThemAsNatively() => AssertPrintsAsNative(TargetHost.Linux, "signal_senders");

    /// <summary>Shared mappings stay shared across fork, compared with the same program built natively: anonymous and file
    /// MAP_SHARED pages written by parent and child while both run, each seeing the other's writes (a private page beside
    /// them stays a copy); a process-shared semaphore there that the child posts wakes the parent; a grandchild's write
    /// reaches the first parent; a shared mapping cut by munmap and mprotect is shared as it stands. Before, the child got
    /// private copies of them. On both hosts (Windows: views of sections handed to the child, docs/processes.md).</summary>
    [SkippableTheory, OnBothHosts]
    public void SharedMappingsStaySharedAcrossForkAsNatively(TargetHost host) => AssertPrintsAsNative(host, "fork_shared");

    /// <summary>The same for a shared mapping mremap moved (Linux: a Windows host's mremap copies a view into private memory,
    /// docs/hosts.md).</summary>
    [Fact]
    public void ASharedMappingMovedByMremapStaysSharedAcrossForkAsNatively() => AssertPrintsAsNative(TargetHost.Linux, "fork_shared", "moved");

    /// <summary>A fork child that finds an address range the program needs taken in its process (the host runtime placed
    /// something there: about one fork in a thousand) exits at once, while the parent may still be writing the image; the
    /// parent tries again with a new child, and the program sees one fork that worked, not the failed write (it saw EPIPE,
    /// and googletest's death tests aborted now and then). The fault is injected (MICROCOSM_FORK_TAKEN_ONCE) in the first
    /// child; the program's output is still the native one.</summary>
    [SkippableTheory, OnBothHosts]
    public void ForkTriesAgainWhenTheChildFindsAnAddressTaken(TargetHost host) => InScratch(scratch =>
    {
        string token = Path.Combine(scratch, "taken-once");
        File.WriteAllText(token, "");
        var native = Run.Process(TestPaths.Guest("libc/fork-native"), [], timeoutSeconds: 60);
        var environment = new Dictionary<string, string>
        {
            ["MICROCOSM_FORK_TAKEN_ONCE"] = host == TargetHost.Windows ? "Z:" + token.Replace('/', '\\') : token,
        };
        var guest = Run.Cli(host, ["run", TestPaths.Guest("libc/fork")], environment, timeoutSeconds: 60);
        Assert.True(guest.ExitCode == 0, $"exit {guest.ExitCode}: {guest.StandardOutput}{guest.StandardError}");
        Assert.True(native.StandardOutput == guest.StandardOutput,
            $"differs from native\n--- native:\n{native.StandardOutput}\n--- under microcosm:\n{guest.StandardOutput}\n--- its stderr:\n{guest.StandardError}");
        Assert.False(File.Exists(token), "no fork child took the injected fault");
    });

    /// <summary>Pseudo-terminals, compared with the same program built natively: openpty's pair and ptsname, data through it
    /// in raw mode, grantpt refusing a descriptor that is no master, and forkpty's child - a session leader whose controlling
    /// terminal and standard descriptors are the slave, with the window size given - read through the master. Linux only:
    /// a Windows host has no pseudo-terminals of this kind (docs/hosts.md).</summary>
    [Fact]
    public void PseudoTerminalsAndForkptyWorkAsNatively() => AssertPrintsAsNative(TargetHost.Linux, "pty");

    /// <summary>Real-time signals queue and standard ones do not, compared with the same program built natively: sigqueue's
    /// values in order, kill and raise of a real-time signal each delivered, sigwaitinfo taking them one by one, and
    /// ignoring one discarding what is queued.</summary>
    [SkippableTheory, OnBothHosts]
    public void RealTimeSignalsQueueWithTheirValuesAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "queued_signals");

    /// <summary>The string and memory routines (guest/libc/glue/string) against the test's own byte-by-byte loops, compared
    /// with the same program built natively on glibc: memcpy, memmove, memset, memcmp at every source and destination alignment
    /// 0..63 and lengths 0..300 and beyond, memmove overlapping in both directions, the searches, comparisons, copies and
    /// spans of strings that end just before an inaccessible page.</summary>
    [SkippableTheory, OnBothHosts]
    public void StringAndMemoryRoutinesMatchByteLoopsAtEveryAlignmentAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "strings");

    /// <summary>A program with its own malloc, free, calloc and realloc gets every block the C library hands it (strdup's,
    /// asprintf's, getline's, a stream's buffer, open_memstream's, realpath's, scandir's) from its own malloc, and never a
    /// block of the library's heap to free: as natively. Before, newlib's own functions allocated from its heap directly.</summary>
    [SkippableTheory, OnBothHosts]
    public void AProgramsOwnMallocServesTheLibrarysAllocationsAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "own_malloc");

    /// <summary>The same on the SSE2 loops alone (MICROCOSM_LIBC_VECTORS=sse2): where the CPU has AVX2, the test above runs the
    /// long loops in their AVX2 forms (string/cpu.c), and this one the forms every x86-64 CPU runs.</summary>
    [SkippableTheory, OnBothHosts]
    public void StringAndMemoryRoutinesOnSse2AloneMatchByteLoopsAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "strings", new Dictionary<string, string> { ["MICROCOSM_LIBC_VECTORS"] = "sse2" });

    /// <summary>newlib's locks, taken without atomic operations while the program has one thread, across the start of a
    /// second: stdout locked twice before pthread_create keeps the new thread's write waiting until both unlocks (and its
    /// holder can take it again meanwhile), and then
    /// both threads take it; malloc and free from four threads with every block's contents checked; a thread started
    /// with the core's spawn call rather than pthread_create is seen too.</summary>
    [SkippableTheory, OnBothHosts]
    public void LocksTakenWhileSingleThreadedHoldAcrossTheSecondThreadsStart(TargetHost host)
    {
        var stream = Run.Guest(host, "libc/locks", "stream");
        AssertPasses(stream, "locks");
        Assert.Equal("first: main, stream locked\nsecond: main, still locked once\nthird: the new thread, once unlocked\nlocks.c: ok\n",
            stream.StandardOutput);
        AssertPasses(Run.Guest(host, "libc/locks", "raw"), "locks");
    }

    /// <summary>pthread_cancel, compared with the same program built natively: threads cancelled in a read, a condition
    /// wait, a sleep, a semaphore wait and sigwait run their cleanup handlers and destructors and join as PTHREAD_CANCELED;
    /// cancellation disabled, asynchronous (at a call, and where a thread computes without any), and before the thread's first
    /// cancellation point.</summary>
    [SkippableTheory, OnBothHosts]
    public void CancelledThreadsRunTheirCleanupHandlersAtCancellationPointsAsNatively(TargetHost host) =>
        AssertPrintsAsNative(host, "cancel");

    /// <summary>A program's own handlers for the faults of its code, compared with the same program built natively: one that
    /// makes the page accessible and returns, one that leaves with siglongjmp, SIGFPE and SIGILL stepped over through the
    /// ucontext, a stack overflow caught on an alternate stack twice (the second overflow finds the guard the first used
    /// up: on Windows it is re-armed, docs/hosts.md), a fault on a second thread, SA_RESETHAND.</summary>
    [SkippableTheory, OnBothHosts]
    public void AProgramsOwnFaultHandlersRunAsNatively(TargetHost host) => AssertPrintsAsNative(host, "fault_handlers");

    /// <summary>A fault a handler cannot take ends the program by the signal, as natively (139): one inside the handler
    /// for it (the signal is blocked there), a stack overflow with no alternate stack to run the handler on, a second
    /// fault after SA_RESETHAND. The core reports it, naming the fault the program could not handle.</summary>
    [SkippableTheory]
    [OnBothHosts("nested", "fault_in_handler")]
    [OnBothHosts("reset", "main")]
    [OnBothHosts("overflow", "recurse")]
    public void AFaultNoHandlerCanTakeEndsTheProgramBySigsegv(TargetHost host, string mode, string where)
    {
        var native = Run.Process(TestPaths.Guest("libc/fault_handlers-native"), [mode], timeoutSeconds: 60);
        Assert.Equal(139, native.ExitCode);
        var guest = Run.Cli(host, ["run", TestPaths.Guest("libc/fault_handlers"), mode], timeoutSeconds: 60);
        Assert.True(guest.ExitCode == 139, $"exit {guest.ExitCode}: {guest.StandardOutput}{guest.StandardError}");
        Assert.Equal(native.StandardOutput, guest.StandardOutput);
        Assert.Contains("fault SIGSEGV at fault_handlers+", guest.StandardError);
        Assert.Contains($"({where}", guest.StandardError);
    }

    /// <summary>Each thread's own signal mask: inherited by the threads it creates, blocking for it alone; a signal that the
    /// main thread blocks goes to another thread's sigwait; a thread's raise waits for that thread.</summary>
    [SkippableTheory, OnBothHosts]
    public void EachThreadHasItsOwnSignalMask(TargetHost host) =>
        AssertRunPasses(host, "thread_masks", 60);

    /// <summary>A handler interrupts the main thread where it blocks (read, poll, a condition wait): EINTR, or the call
    /// made again with SA_RESTART, the handler on that thread; the same on both hosts.</summary>
    [SkippableTheory, OnBothHosts]
    public void AHandlerInterruptsABlockedCallWithEintrOrRestartsItOnTheThreadThatBlocked(TargetHost host) =>
        AssertRunPasses(host, "interrupted_calls", 60);

    /// <summary>Signals another process sends: the same program natively and under microcosm prints the same and ends
    /// the same way, killed by SIGTERM at its default (a shell sees 143).</summary>
    [Theory]
    [InlineData("")]
    [InlineData("default")]
    public void SignalsFromOutsideRunHandlersWaitWhileBlockedInterruptSleepsAndEndTheProgramAtTheirDefault(string mode)
    {
        string[] args = mode == "" ? [] : [mode];
        var native = Run.Process(TestPaths.Guest("libc/outside_signals-native"), args, timeoutSeconds: 60);
        Assert.Equal(143, native.ExitCode);
        var guest = Run.CliWithTerminalSignalsAtDefault(["run", TestPaths.Guest("libc/outside_signals"), .. args], timeoutSeconds: 60);
        Assert.Equal(native.StandardOutput, guest.StandardOutput);
        Assert.True(guest.ExitCode == 143, $"exit {guest.ExitCode}: {guest.StandardError}");
    }

    /// <summary>A program that computes without a syscall is still ended by SIGTERM or SIGINT at their default, whether the
    /// core or the C library's listener takes the signal: the process ends by it, as a native one would.</summary>
    [Theory]
    [InlineData("TERM", "", 143)]
    [InlineData("INT", "listen", 130)]
    public void ASignalAtItsDefaultEndsAProgramThatComputesWithoutEnd(string signal, string listen, int status)
    {
        string[] cli = Run.WithTerminalSignalsAtDefault(TestPaths.Cli);
        var start = new System.Diagnostics.ProcessStartInfo(cli[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[.. cli[1..], "run", TestPaths.Guest("libc/outside_signals"), "spin", .. (listen == "" ? Array.Empty<string>() : [listen])])
            start.ArgumentList.Add(a);
        start.Environment["MICROCOSM_SDK"] = TestPaths.Sdk;
        using var process = System.Diagnostics.Process.Start(start)!;
        Assert.Equal("spinning", process.StandardOutput.ReadLine());
        Assert.Equal(0, Run.Process("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
        bool ended = process.WaitForExit(20_000);
        if (!ended) process.Kill();
        Assert.True(ended, "the program still computes 20 s after the signal");
        Assert.Equal(status, process.ExitCode);
    }

    /// <summary>Job control, compared with the same program built natively: SIGTSTP from outside runs the program's handler,
    /// which stops the process by raising it at its default, or stops it at its default; the process is seen stopped,
    /// and SIGCONT continues it and runs its handler.</summary>
    [Theory]
    [InlineData("handler")]
    [InlineData("default")]
    public void SigtstpStopsTheProcessAndSigcontContinuesItAsNatively(string mode)
    {
        string newGroup = TestPaths.Guest("libc/new_group");   // as a shell's job: stop signals stop it wherever the tests run
        var native = StopAndContinue([newGroup, TestPaths.Guest("libc/job_control-native"), mode]);
        Assert.True(native.ExitCode == 0, native.StandardOutput);
        var guest = StopAndContinue([newGroup, TestPaths.Cli, "run", TestPaths.Guest("libc/job_control"), mode]);
        Assert.True(guest.ExitCode == 0, guest.StandardOutput + guest.StandardError);
        Assert.Equal(native.StandardOutput, guest.StandardOutput);
    }

    /// <summary>Starts the command, sends it SIGTSTP once it says "ready", waits until the kernel shows it stopped, then
    /// continues it with SIGCONT and waits for its end.</summary>
    private static ProcessResult StopAndContinue(string[] command)
    {
        var start = new System.Diagnostics.ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command[1..]) start.ArgumentList.Add(a);
        start.Environment["MICROCOSM_SDK"] = TestPaths.Sdk;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.Equal("ready", process.StandardOutput.ReadLine());
        string pid = process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, Run.Process("kill", ["-TSTP", pid]).ExitCode);
        bool stopped = false;
        for (int i = 0; i < 200 && !stopped; i++)
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            stopped = stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
            if (!stopped) Thread.Sleep(50);
        }
        Assert.Equal(0, Run.Process("kill", ["-CONT", pid]).ExitCode);
        string rest = process.StandardOutput.ReadToEnd();
        bool ended = process.WaitForExit(20_000);
        if (!ended) process.Kill();
        Assert.True(stopped, "the process was never seen stopped: " + rest + stderr.Result);
        Assert.True(ended, "the process did not end after SIGCONT");
        return new ProcessResult(process.ExitCode, rest, stderr.Result);
    }

    /// <summary>Ctrl-C typed at the terminal: the program's handler runs and its blocked read ends with EINTR, or, at SIGINT's
    /// default, the program ends by the signal. On Windows the terminal is a console and Ctrl-C its control event.</summary>
    [SkippableTheory]
    [InlineData(TargetHost.Linux, "handler")]
    [InlineData(TargetHost.Windows, "handler")]
    [InlineData(TargetHost.Linux, "default")]
    [InlineData(TargetHost.Windows, "default")]
    public void CtrlCAtTheTerminalReachesTheProgram(TargetHost host, string action)
    {
        var result = Run.OnTerminal(host, ["run", TestPaths.Guest("libc/ctrl_c"), action], prompt: "ready|", typed: "\u0003");
        string shown = result.StandardOutput.Replace("^C", "");   // a Linux terminal echoes it, a console does not
        if (action == "handler")
        {
            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {shown}{result.StandardError}");
            Assert.Equal("ready|\nread=-1|EINTR|handler=1\n", shown);
        }
        else
        {
            Assert.True(result.ExitCode == 130, $"exit {result.ExitCode}: {shown}{result.StandardError}");
            Assert.Equal("ready|\n", shown);
        }
    }

    [SkippableTheory, OnBothHosts]
    public void MountTablesReadAndWriteAsGlibcsAndChrootIsRefused(TargetHost host) => AssertPrintsAsNative(host, "mounts");

    /// <summary>On Windows the shell is Microcosm's own, /bin/sh there (docs/hosts.md, "The shell").</summary>
    [SkippableTheory, OnBothHosts]
    public void ProcessesThroughSystemPopenScriptsPosixSpawnKillAndWait(TargetHost host) =>
        AssertRunPasses(host, "processes", 120);

    [SkippableTheory, OnBothHosts]
    public void LocalTimeFollowsZonesByNameAsGlibcDoes(TargetHost host) =>
        AssertRunPasses(host, "timezones", 120);

    /// <summary>The working directory, compared with the same program built natively: getcwd, chdir, fchdir and their
    /// errors, relative paths of every kind, children (popen, posix_spawn, fork) starting in it, dlopen of a relative
    /// path; under Microcosm it is the instance's own (docs/embedding.md), which the output must not show.</summary>
    [SkippableTheory, OnBothHosts]
    public void WorkingDirectoryBehavesAsNative(TargetHost host) => AssertPrintsAsNative(host, "working_directory");

    [SkippableTheory, OnBothHosts]
    public void DlopenLoadsPluginsThatCallBackIntoTheProgramAndDlsymDladdrFindTheirSymbols(TargetHost host)
    {
        var result = Run.Cli(host, ["run", TestPaths.Guest("libc/dynload")], timeoutSeconds: 120);
        AssertPasses(result, "dynload");
        Assert.EndsWith("main done;plugin finalized;\n", result.StandardOutput);   // the plug-in's destructor ran at the end
    }

    [SkippableTheory, OnBothHosts]
    public void ExitRunsAtexitHandlersThenDestructorsThenFlushesAndUnderscoreExitFlushesNothing(TargetHost host)
    {
        var exit = Run.Cli(host, ["run", TestPaths.Guest("libc/destructors")], timeoutSeconds: 60);
        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("main\natexit\ndestructor\n", exit.StandardOutput);
        var underscore = Run.Cli(host, ["run", TestPaths.Guest("libc/destructors"), "_exit"], timeoutSeconds: 60);
        Assert.Equal(3, underscore.ExitCode);
        Assert.Equal("", underscore.StandardOutput);
    }

    [SkippableTheory, OnBothHosts]
    public void IconvConvertsBetweenUnicodeFormsAndEightBitSetsUnderGlibcsNames(TargetHost host) =>
        AssertRunPasses(host, "conversions", 60);

    [SkippableTheory, OnBothHosts]
    public void ErrorMessagesAreWordedAsGlibcWordsThem(TargetHost host)
    {
        // The same program built for the host prints glibc's texts; every line the guest prints must be one of them.
        var native = Run.Process(TestPaths.Guest("libc/messages-native"), []);
        Assert.Equal(0, native.ExitCode);
        var expected = native.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var result = Run.Cli(host, ["run", TestPaths.Guest("libc/messages")], timeoutSeconds: 60);
        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 100, $"only {lines.Length} errno names");
        Assert.All(lines, line => Assert.Contains(line, expected));
        Assert.All(expected, line => Assert.Contains(line, lines));   // every name glibc has, too
    }

    [Fact]
    public void DescriptorsAreTheProgramsOwnAsANativeProgramSeesThem()
    {
        // The same program natively and under microcosm, each started with 3 open on a file and stdin a
        // here-string: every line (numbers, flags, errors, what a spawned child inherits) must match.
        InScratch(scratch =>
        {
            string inherited = Path.Combine(scratch, "inherited-file");
            File.WriteAllText(inherited, "inherited\n");
            ProcessResult Start(params string[] command) => Run.Process("bash",
                ["-c", "exec \"$@\" 3<\"$INHERITED\" <<<'stdin line'", "bash", .. command, scratch],
                new() { ["INHERITED"] = inherited, ["MICROCOSM_SDK"] = TestPaths.Sdk });
            var native = Start(TestPaths.Guest("libc/descriptors-native"));
            Assert.True(native.ExitCode == 0, native.StandardError);
            var guest = Start(TestPaths.Cli, "run", TestPaths.Guest("libc/descriptors"));
            Assert.True(guest.ExitCode == 0, guest.StandardError);
            Assert.Equal(native.StandardOutput, guest.StandardOutput);
            Assert.Contains("first open: 4", guest.StandardOutput);
        });
    }

    [SkippableTheory, OnBothHosts]
    public void EverySyscallGivenABadPointerAnswersEfaultAsLinuxDoes(TargetHost host)
    {
        // Raw syscalls (through the modules; natively through syscall(2)) with an inaccessible page for
        // every pointer argument: each answer must be Linux's, and no call may fault. On Windows one line
        // differs, as docs/hosts.md says: no symbolic link can be made, so the one read into a bad buffer
        // is not there (ENOENT).
        InScratch(scratch =>
        {
            var native = Run.Process(TestPaths.Guest("libc/efault-native"), [scratch]);
            Assert.True(native.ExitCode == 0, native.StandardError);
            var guest = Run.Guest(host, "libc/efault", scratch);
            Assert.True(guest.ExitCode == 0, guest.StandardOutput + guest.StandardError);
            string expected = host == TargetHost.Windows
                ? native.StandardOutput.Replace("readlink into bad: -14 EFAULT\n", "readlink into bad: -2\n")
                : native.StandardOutput;
            Assert.Equal(expected, guest.StandardOutput);
            Assert.True(guest.StandardOutput.Split('\n').Count(line => line.EndsWith(" EFAULT")) > 80);
        });
    }

    [SkippableTheory, OnBothHosts]
    public void AlarmAndIntervalTimersInterruptSleepsAndDeliverSigalrm(TargetHost host) =>
        AssertRunPasses(host, "timers", 60);

    [SkippableTheory]
    [OnBothHosts("watchdog", 128 + 14)]   // an alarm's default action, while the main thread waits in read
    [OnBothHosts("exit-thread", 3)]       // exit() from another thread, the same
    public void AThreadWaitingInABlockingCallEndsWhenTheProgramDoes(TargetHost host, string mode, int status)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Run.Cli(host, ["run", TestPaths.Guest("libc/timers"), mode], timeoutSeconds: 30);
        Assert.Equal(status, result.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");   // not the 30 s kill
    }

    [SkippableTheory, OnBothHosts]
    public void AWriteToABrokenPipeRaisesSigpipeThenFailsWithEpipe(TargetHost host)
    {
        AssertRunPasses(host, "pipes", 60);
        Assert.Equal(128 + 13, Run.Cli(host, ["run", TestPaths.Guest("libc/pipes"), "default"], timeoutSeconds: 60).ExitCode);
    }

    [SkippableTheory, OnBothHosts]
    public void SemaphoresCountAcrossThreadsAndTimedWaitsExpire(TargetHost host) =>
        AssertRunPasses(host, "semaphores", 120);

    [SkippableTheory, OnBothHosts]
    public void ErrAndWarnWriteTheProgramNameMessageAndErrorToStderr(TargetHost host)
    {
        var result = Run.Guest(host, "libc/err_warn");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("stdout first\n", result.StandardOutput);
        Assert.Equal(
            "err_warn: cannot open missing.txt: No such file or directory\n" +
            "err_warn: plain 42\n" +
            "err_warn: via va_list\n" +
            "err_warn: via va_list: Permission denied\n" +
            "err_warn: File exists\n" +
            $"{TestPaths.Guest("libc/err_warn")}: soft failure: No such file or directory\n" +
            $"{TestPaths.Guest("libc/err_warn")}:input.txt:7: bad line\n" +
            "[hook]hooked\n" +
            "[hook]input.txt:8: hooked line\n" +
            "err_warn: giving up after 2 tries\n", result.StandardError);
    }

    [SkippableTheory, OnBothHosts]
    public void TerminalFunctionsFailWithEnottyOnAPipe(TargetHost host)
    {
        var result = Run.Guest(host, "libc/terminal"); // the test runner's stdin is a pipe
        AssertPasses(result, "terminal");
        Assert.Contains("checked: pipe", result.StandardOutput);
    }

    [Fact]
    public void TerminalAttributesRoundTripThroughRawModeOnATerminal()
    {
        // script(1) (util-linux) runs the guest on a pseudo-terminal; its stderr goes there too.
        var result = Run.Process("script", ["-qec", $"{TestPaths.Cli} run {TestPaths.Guest("libc/terminal")}", "/dev/null"],
            environment: new() { ["MICROCOSM_SDK"] = TestPaths.Sdk });
        string output = result.StandardOutput.Replace("\r", "");
        Assert.True(result.ExitCode == 0, output + result.StandardError);
        Assert.Contains("checked: terminal", output);
        Assert.Contains("terminal.c: ok", output);
        Assert.DoesNotContain("check failed", output);
    }

    [SkippableTheory, OnBothHosts]
    public void SocketsOnTheLoopbackAndUnixSocketsPassDataAndDescriptorsAndNamesResolveFromTheFiles(TargetHost host) =>
        AssertRunPasses(host, "sockets", 120);

    [SkippableTheory, OnBothHosts]
    public void SignalsAProgramSendsItselfRunHandlersWaitWhileBlockedAndSigwaitTakesThem(TargetHost host) =>
        AssertRunPasses(host, "signals", 120);

    [SkippableTheory]
    [OnBothHosts("abort", 134)]
    [OnBothHosts("term", 143)]
    [OnBothHosts("kill", 137)]
    [OnBothHosts("ignored", 0)]
    public void ASignalsDefaultActionEndsTheProgramWith128PlusTheSignal(TargetHost host, string how, int status)
    {
        var result = Run.Guest(host, "libc/signals", how);
        Assert.True(result.ExitCode == status, $"{how}: exited {result.ExitCode}\n{result.StandardError}");
        Assert.Equal("", result.StandardOutput);
    }

    [SkippableTheory, OnBothHosts]
    public void IdsOwnersAndTheCreationMaskAreTheHostProcesss(TargetHost host) => AssertPassesInScratch("owners", host);

    [SkippableTheory, OnBothHosts]
    public void GetoptTreatsALoneDashAsAnOperandAndReportsErrorsAsGlibcDoes(TargetHost host)
    {
        var result = Run.Guest(host, "libc/options");
        Assert.True(result.ExitCode == 0, $"options exited {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Contains("options.c: ok", result.StandardOutput);
        Assert.Equal(string.Join("\n", "ERRORS",
            "prog: invalid option -- 'z'",
            "prog: unrecognized option '--frobnicate'",
            "prog: option '--exp' is ambiguous; possibilities: '--expression' '--expert'",
            "prog: option '--quiet' doesn't allow an argument",
            "prog: option requires an argument -- 'e'",
            "prog: option '--expression' requires an argument", ""), result.StandardError);
    }

    [SkippableTheory, OnBothHosts]
    public void SetlocaleAcceptsOnlyCPosixCUtf8AndTheHostsInstalledLocales(TargetHost host) => AssertPasses(Run.Guest(host, "libc/locales"), "locales");

    [SkippableTheory, OnBothHosts]
    public void CallocOverflowUnknownErrnoTextsAndFcntlOnBadDescriptorsAreGlibcs(TargetHost host) => AssertPasses(Run.Guest(host, "libc/edges"), "edges");

    [SkippableTheory, OnBothHosts]
    public void ExitFromAnotherThreadFlushesStdioAndRunsAtexit(TargetHost host)
    {
        var result = Run.Guest(host, "libc/exit_thread");
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("main says hi;pending output from thread [atexit ran]", result.StandardOutput);
    }
}
