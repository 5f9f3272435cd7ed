using System.Runtime.InteropServices;

namespace Microcosm.Cli;

/// <summary>
/// Keeps descriptors 0, 1 and 2 for the guest when microcosm starts with one of them closed
/// (<c>prog &gt;&amp;-</c>, <c>prog &lt;&amp;-</c>). Otherwise the first descriptor microcosm or the .NET
/// runtime opens takes the lowest free number, and the guest, whose descriptors are the process's,
/// would read or write its "closed" one: .NET's copy of stderr, or the /dev/urandom descriptor the
/// runtime opens before Main. Each closed one is taken by /dev/null opened in the other direction:
/// the guest's reads of 0 and writes to 1 and 2 fail with EBADF as on a closed descriptor, closing or
/// replacing it (dup2) works as for any descriptor, and it is close-on-exec, so a process the guest
/// starts does not inherit it.
/// <para>
/// A descriptor below 3 with FD_CLOEXEC set was opened by this process (an inherited one cannot have
/// the flag: exec would have closed it), so the runtime took it before Main. Then the placeholders
/// are put in place without the flag and microcosm executes itself again, so that the runtime's own
/// descriptors land above them; the second start, told by MICROCOSM_RESERVED_FDS, sets the flag.
/// </para>
/// </summary>
internal static unsafe partial class StandardDescriptors
{
    private const int F_DUPFD_CLOEXEC = 1030, F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1, O_RDONLY = 0, O_WRONLY = 1, O_CLOEXEC = 0x80000;
    private const string Marker = "MICROCOSM_RESERVED_FDS";

    /// <summary>
    /// Where microcosm's own descriptors go (its stderr): above those a guest normally uses, and the
    /// last of the 64 a Linux process's descriptor table starts with. A higher one would make the kernel
    /// grow the table, which in a process that already has threads (the .NET runtime's) waits for an RCU
    /// grace period: 13 ms of `microcosm run hello`'s 18 when this was 256.
    /// </summary>
    public const int HighDescriptor = 63;

    /// <summary>A close-on-exec duplicate of <paramref name="fd"/> at or above <see cref="HighDescriptor"/>, or null (a low descriptor limit).</summary>
    public static int? DuplicateHigh(int fd)
    {
        int high = fcntl(fd, F_DUPFD_CLOEXEC, HighDescriptor);
        return high < 0 ? null : high;
    }

    /// <summary>Reserves the closed ones; returns whether 2 was closed (then microcosm reports nothing).</summary>
    public static bool ReserveClosed()
    {
        if (Environment.GetEnvironmentVariable(Marker) is { } reserved)
        {
            Environment.SetEnvironmentVariable(Marker, null);   // the guest's environment is the process's
            bool stderrReserved = false;
            foreach (var item in reserved.Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (int.TryParse(item, out int fd) && fd is >= 0 and <= 2)
                {
                    fcntl(fd, F_SETFD, FD_CLOEXEC);
                    stderrReserved |= fd == 2;
                }
            return stderrReserved;
        }
        var closed = new List<int>();
        bool taken = false;
        for (int fd = 0; fd <= 2; fd++)
        {
            int flags = fcntl(fd, F_GETFD, 0);
            if (flags == -1) closed.Add(fd);
            else if ((flags & FD_CLOEXEC) != 0)
            {
                closed.Add(fd);
                taken = true;
            }
        }
        if (closed.Count == 0) return false;
        if (taken) ExecuteAgain(closed);
        foreach (int fd in closed) Place(fd, O_CLOEXEC);
        return closed.Contains(2);
    }

    /// <summary>Puts /dev/null, opened the other way, at <paramref name="fd"/>.</summary>
    private static void Place(int fd, int flags)
    {
        int opened = open("/dev/null", (fd == 0 ? O_WRONLY : O_RDONLY) | flags);
        if (opened < 0 || opened == fd) return;
        dup2(opened, fd);   // over a descriptor the runtime took: this process is about to be replaced
        close(opened);
        if ((flags & O_CLOEXEC) != 0) fcntl(fd, F_SETFD, FD_CLOEXEC);
    }

    /// <summary>
    /// Executes this program again with the same arguments and environment, plus the marker, after the
    /// placeholders are in place. Everything managed is prepared first: the placeholders replace the
    /// runtime's own descriptors (its /dev/urandom, which it would then read as an empty file for ever).
    /// Returns only if the exec fails, with the placeholders in place but without FD_CLOEXEC.
    /// </summary>
    private static void ExecuteAgain(List<int> reserved)
    {
        var args = Microcosm.Host.Posix.ProcessText.RepairArguments(Environment.GetCommandLineArgs(), 0);
        var environment = new List<string> { $"{Marker}={string.Join(',', reserved)}" };
        foreach (var (name, value) in Microcosm.Host.Posix.ProcessText.Environment())
            if (name != Marker) environment.Add($"{name}={value}");
        var strings = new List<nint>();
        nint* argv = Table(args, strings);
        nint* envp = Table(environment, strings);
        byte* path = (byte*)Marshal.StringToCoTaskMemUTF8("/proc/self/exe");
        foreach (int fd in reserved) Place(fd, 0);
        execve(path, argv, envp);
    }

    private static nint* Table(IReadOnlyList<string> items, List<nint> allocations)
    {
        var table = (nint*)NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(nint));
        allocations.Add((nint)table);
        for (int i = 0; i < items.Count; i++)
        {
            byte[] bytes = Microcosm.Host.Posix.ProcessText.EncodeTerminated(items[i]);
            var s = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
            bytes.CopyTo(new Span<byte>(s, bytes.Length));
            allocations.Add((nint)s);
            table[i] = (nint)s;
        }
        table[items.Count] = 0;
        return table;
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc.so.6", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc.so.6")]
    private static partial int close(int fd);

    [LibraryImport("libc.so.6")]
    private static partial int dup2(int fd, int target);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int execve(byte* path, nint* argv, nint* envp);
}
