namespace Microcosm.Host;

/// <summary>
/// A file opened for loading: its identity (so that one file reached by two names is loaded once), reads at an
/// offset (for the headers) and, if asked for, a read-only mapping of its whole contents for parsing. The
/// loader maps its segments with <see cref="HostMemory.MapFile"/>.
/// </summary>
internal abstract unsafe class HostFile(string path, ulong device, ulong inode, ulong length) : IDisposable
{
    public string Path { get; } = path;

    /// <summary>With <see cref="Inode"/>, what makes two opened files the same file (st_dev and st_ino on POSIX).</summary>
    public ulong Device { get; } = device;
    public ulong Inode { get; } = inode;

    /// <summary>The whole file mapped read-only, when opened with map (else null); valid until <see cref="Dispose"/>.</summary>
    public byte* Contents { get; protected set; }

    public ulong Length { get; } = length;

    /// <summary>Reads exactly <paramref name="buffer"/>'s length at <paramref name="offset"/>; false, with the reason,
    /// on an error or when the file ends first (it was cut short since it was opened).</summary>
    public abstract bool ReadAt(ulong offset, Span<byte> buffer, out string? error);

    public abstract void Dispose();
}

/// <summary>Opens files for loading.</summary>
internal abstract class HostFiles
{
    /// <summary>Opens a regular file, with <paramref name="map"/> mapping all of it (<see cref="HostFile.Contents"/>);
    /// returns null with the reason (and whether it exists) when it cannot.</summary>
    public abstract HostFile? Open(string path, out string? error, out bool exists, bool map = true);
}
