using System.Runtime.InteropServices;

namespace Microcosm.Host.Posix;

/// <summary>
/// The exit status of a host thread that ended without returning to the core: a guest's raw
/// <c>exit</c> system call (the instruction, not syscall 60 through <c>mc_syscall</c>) ends its host
/// thread in the kernel, and nothing of the thread runs again to say with what. Linux 6.15 and later keep
/// it for whoever holds a pidfd of the thread (<c>pidfd_open(tid, PIDFD_THREAD)</c>, 6.9, then
/// <c>ioctl(PIDFD_GET_INFO)</c> with <c>PIDFD_INFO_EXIT</c>); older kernels cannot tell.
/// <para>
/// The pidfd is a descriptor of the process, which guests share: it is moved to the first free number
/// from <see cref="Lowest"/> (62, below the CLI's stderr at 63), away from the low numbers a guest's
/// files get, and not kept if that would grow the descriptor table (past 63: a grown table costs an RCU
/// grace period, 13 ms, in a process with threads). A guest may close it or put a file of its own at that
/// number: its identity (device and inode) is checked before every use, so the core never reads or closes
/// a descriptor that is no longer its own.
/// </para>
/// </summary>
internal sealed unsafe partial class PidfdExitWatch : ThreadExitWatch
{
    private const string Lib = "libc.so.6";
    private const nint SYS_pidfd_open = 434;
    private const int PIDFD_THREAD = 0x80; // O_EXCL
    private const int F_DUPFD_CLOEXEC = 1030;
    private const ulong PIDFD_INFO_EXIT = 1 << 3;
    private const int Lowest = 62, TableSize = 64;

    /// <summary><c>struct pidfd_info</c> as far as the exit code (64 bytes: the first version of the structure).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PidfdInfo
    {
        public ulong Mask;
        public ulong CgroupId;
        public uint Pid, Tgid, Ppid, Ruid, Rgid, Euid, Egid, Suid, Sgid, FsUid, FsGid;
        public int ExitCode;
    }

    // _IOWR(0xFF, 11, struct pidfd_info): the size is part of the number; the kernel accepts the first version's 64 bytes.
    private static readonly nuint PidfdGetInfo = (nuint)((3u << 30) | ((uint)sizeof(PidfdInfo) << 16) | (0xFFu << 8) | 11u);

    [LibraryImport(Lib, SetLastError = true)]
    private static partial nint syscall(nint number, nint a, nint b);

    [LibraryImport(Lib, SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Lib, SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, PidfdInfo* info);

    [LibraryImport(Lib)]
    private static partial int close(int fd);

    [LibraryImport(Lib)]
    private static partial int gettid();

    private readonly int _fd;
    private readonly ulong _device, _inode;

    private PidfdExitWatch(int fd, ulong device, ulong inode)
    {
        _fd = fd; _device = device; _inode = inode;
    }

    /// <summary>An AppContext switch: behave as on a host that cannot tell (tests use it to reach that path on any kernel).</summary>
    public const string DisabledSwitch = "Microcosm.NoThreadExitStatus";

    /// <summary>Watches the calling thread; null where the host cannot.</summary>
    public static PidfdExitWatch? ForCurrentThread()
    {
        if (AppContext.TryGetSwitch(DisabledSwitch, out bool disabled) && disabled) return null;
        int fd = (int)syscall(SYS_pidfd_open, gettid(), PIDFD_THREAD);
        if (fd < 0) return null;
        int high = fcntl(fd, F_DUPFD_CLOEXEC, Lowest);
        close(fd);
        if (high < 0) return null;
        if (high >= TableSize || Identity(high) is not var (device, inode))
        {
            close(high);
            return null;
        }
        return new PidfdExitWatch(high, device, inode);
    }

    /// <summary>The exit status (0-255) of the watched thread once it has ended, or null if the host cannot tell.</summary>
    public override int? ExitStatus()
    {
        if (!StillOurs()) return null;
        PidfdInfo info = default;
        info.Mask = PIDFD_INFO_EXIT;
        if (ioctl(_fd, PidfdGetInfo, &info) != 0 || (info.Mask & PIDFD_INFO_EXIT) == 0) return null;
        // A wait status: the status in bits 8-15 for an exit (a signal that kills a thread ends the whole process).
        return (info.ExitCode & 0x7f) == 0 ? (info.ExitCode >> 8) & 0xff : null;
    }

    /// <summary>Closes the descriptor, unless a guest closed it and the number is now someone else's.</summary>
    public override void Dispose()
    {
        if (StillOurs()) close(_fd);
    }

    private bool StillOurs() => Identity(_fd) == (_device, _inode);

    private static (ulong Device, ulong Inode)? Identity(int fd)
    {
        byte* stat = stackalloc byte[144];
        if (LibC.fstat(fd, stat) != 0) return null;
        return (*(ulong*)stat, *(ulong*)(stat + 8));
    }
}
