using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Microcosm.Tests.Infrastructure;

/// <summary>
/// A pseudo-terminal the test holds the master side of, so it can see the terminal's modes as well as its text.
/// script(1) hides them, and under Wine they matter: Wine's console turns the terminal raw only while a read is
/// waiting, so text typed before that is cooked by the Linux terminal (echoed, Enter made "\n") and the console
/// never sees an Enter. A user types at a prompt that waits for them; the test waits for the raw mode instead.
/// </summary>
internal sealed partial class PseudoTerminal : IDisposable
{
    private const int OpenReadWrite = 2, NoControllingTerminal = 0x100;
    private const int LocalModesOffset = 12, Canonical = 0x2;   // struct termios: c_iflag, c_oflag, c_cflag, then c_lflag
    private const ulong SetWindowSize = 0x5414;                 // TIOCSWINSZ

    private readonly SafeFileHandle master;

    /// <summary>The slave side's path, /dev/pts/N, for the program to open as its terminal.</summary>
    public string SlavePath { get; }

    /// <summary>The master side: what the terminal shows is read from it, and what is typed is written to it.</summary>
    public FileStream Stream { get; }

    public PseudoTerminal()
    {
        int fd = posix_openpt(OpenReadWrite | NoControllingTerminal);
        if (fd < 0) throw new IOException($"posix_openpt: errno {Marshal.GetLastPInvokeError()}");
        master = new SafeFileHandle(fd, ownsHandle: true);
        var name = new byte[128];
        if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, name, (nuint)name.Length) != 0)
            throw new IOException($"the pseudo-terminal's slave: errno {Marshal.GetLastPInvokeError()}");
        SlavePath = System.Text.Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        ushort[] size = [24, 80, 0, 0];   // rows, columns: a console wants a size
        _ = ioctl(fd, SetWindowSize, size);
        Stream = new FileStream(master, FileAccess.ReadWrite, bufferSize: 0);
    }

    /// <summary>Whether the terminal is in canonical (line) mode, as the program last set it.</summary>
    public bool IsCanonical
    {
        get
        {
            var modes = new byte[64];
            if (tcgetattr((int)master.DangerousGetHandle(), modes) != 0) return true;
            return (BitConverter.ToUInt32(modes, LocalModesOffset) & Canonical) != 0;
        }
    }

    public void Dispose() => Stream.Dispose();

    [LibraryImport("libc.so.6", SetLastError = true)] private static partial int posix_openpt(int flags);
    [LibraryImport("libc.so.6", SetLastError = true)] private static partial int grantpt(int fd);
    [LibraryImport("libc.so.6", SetLastError = true)] private static partial int unlockpt(int fd);
    [LibraryImport("libc.so.6")] private static partial int ptsname_r(int fd, [Out] byte[] buffer, nuint length);
    [LibraryImport("libc.so.6")] private static partial int tcgetattr(int fd, [Out] byte[] termios);
    [LibraryImport("libc.so.6")] private static partial int ioctl(int fd, ulong request, [In] ushort[] size);
}
