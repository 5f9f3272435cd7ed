using Microcosm.Host;

namespace Microcosm.Elf;

/// <summary>
/// Where <see cref="ElfFile.Parse(ElfSource)"/> gets the few parts of a file it reads (the ELF header,
/// the program and section header tables, the interpreter's name): from the whole file in memory, or
/// read from its descriptor one part at a time.
/// </summary>
internal abstract class ElfSource
{
    /// <summary>The path the file was opened with, which names it in errors.</summary>
    public abstract string Path { get; }

    public abstract ulong Length { get; }

    /// <summary>The <paramref name="count"/> bytes at <paramref name="offset"/>, which the caller has checked lie within <see cref="Length"/>.</summary>
    public abstract ReadOnlySpan<byte> Bytes(ulong offset, int count);
}

/// <summary>A file whose contents are in memory (mapped whole, or a fuzzer's input).</summary>
internal sealed unsafe class MemoryElfSource(string path, byte* data, ulong length) : ElfSource
{
    public override string Path => path;
    public override ulong Length => length;
    public override ReadOnlySpan<byte> Bytes(ulong offset, int count) => new(data + offset, count);
}

/// <summary>
/// A file read with pread rather than mapped: the loader maps the segments it needs from the descriptor,
/// and a mapping of the whole file just for its headers would cost, once unmapped, a TLB shootdown
/// across every CPU the process runs on. The first page is read once: it holds the ELF header and, as
/// linkers lay files out, the program headers and the interpreter's name.
/// </summary>
internal sealed class DescriptorElfSource(HostFile file) : ElfSource
{
    private const int PrefixSize = 4096;
    private byte[]? _prefix;

    public override string Path => file.Path;
    public override ulong Length => file.Length;

    public override ReadOnlySpan<byte> Bytes(ulong offset, int count)
    {
        if (offset + (ulong)count <= Math.Min(file.Length, PrefixSize))
        {
            _prefix ??= Read(0, (int)Math.Min(file.Length, PrefixSize));
            return _prefix.AsSpan((int)offset, count);
        }
        return Read(offset, count);
    }

    private byte[] Read(ulong offset, int count)
    {
        var buffer = new byte[count];
        if (!file.ReadAt(offset, buffer, out string? error))
            throw new LoadException(file.Path, $"cannot read 0x{count:x} bytes at offset 0x{offset:x}: {error}");
        return buffer;
    }
}
