using Microcosm.Host.Posix;

namespace Microcosm.Host;

/// <summary>
/// A file opened for loading: its descriptor (for mapping segments and reading headers), its identity
/// (so that one file reached by two names is loaded once) and, if asked for, a read-only mapping of its
/// whole contents for parsing.
/// </summary>
internal sealed unsafe class HostFile : IDisposable
{
    private HostFile(string path, int fd, ulong device, ulong inode, nint contents, ulong length)
    {
        Path = path; Descriptor = fd; Device = device; Inode = inode; Contents = (byte*)contents; Length = length;
    }

    public string Path { get; }
    public int Descriptor { get; private set; }
    public ulong Device { get; }
    public ulong Inode { get; }
    /// <summary>The whole file mapped read-only, when opened with map (else null); valid until <see cref="Dispose"/>.</summary>
    public byte* Contents { get; private set; }
    public ulong Length { get; }

    /// <summary>Opens a regular file, with <paramref name="map"/> mapping all of it (<see cref="Contents"/>); returns
    /// null with the reason (and whether it exists) when it cannot.</summary>
    public static HostFile? Open(string path, out string? error, out bool exists, bool map = true)
    {
        exists = true;
        // O_NONBLOCK: opening a FIFO (a damaged or hostile DT_NEEDED path can name one) must not wait
        // for a writer; it is then refused as not a regular file. Regular files ignore the flag.
        int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            exists = errno != 2 /* ENOENT */ && errno != 20 /* ENOTDIR */;
            error = PosixError.Describe(errno);
            return null;
        }
        byte* st = stackalloc byte[256];
        if (LibC.fstat(fd, st) != 0)
        {
            error = PosixError.Last();
            LibC.close(fd);
            return null;
        }
        uint mode = *(uint*)(st + 24);
        const uint S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000;
        if ((mode & S_IFMT) != S_IFREG)
        {
            error = (mode & S_IFMT) == S_IFDIR ? "is a directory" : "not a regular file";
            LibC.close(fd);
            return null;
        }
        ulong length = *(ulong*)(st + 48);
        nint contents = 0;
        if (map && length > 0)
        {
            contents = LibC.mmap(0, (nuint)length, LibC.PROT_READ, LibC.MAP_PRIVATE, fd, 0);
            if (contents == LibC.MAP_FAILED)
            {
                error = PosixError.Last();
                LibC.close(fd);
                return null;
            }
        }
        error = null;
        return new HostFile(path, fd, *(ulong*)st, *(ulong*)(st + 8), contents, length);
    }

    /// <summary>Reads exactly <paramref name="buffer"/>'s length at <paramref name="offset"/>; false, with the reason,
    /// on an error or when the file ends first (it was cut short since it was opened).</summary>
    public bool ReadAt(ulong offset, Span<byte> buffer, out string? error)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = LibC.pread(Descriptor, start + done, (nuint)(buffer.Length - done), (long)offset + done);
                if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == 4 /* EINTR */) continue;
                if (n < 0)
                {
                    error = PosixError.Last();
                    return false;
                }
                if (n == 0)
                {
                    error = $"the file ends at 0x{offset + (ulong)done:x}, before the 0x{Length:x} bytes it had when opened";
                    return false;
                }
                done += (int)n;
            }
        }
        error = null;
        return true;
    }

    public void Dispose()
    {
        if (Contents != null) LibC.munmap((nint)Contents, (nuint)Length);
        Contents = null;
        if (Descriptor >= 0) LibC.close(Descriptor);
        Descriptor = -1;
    }
}
