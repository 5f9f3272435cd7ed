namespace Microcosm.Loading;

/// <summary>
/// The <c>struct mc_start</c> a program's entry receives (layout in guest/include/microcosm.h), with its
/// argument and environment strings, in pages of their own that live as long as the run (pages, not the host's
/// heap: a fork child maps them at the same address, where the program's argv and environ point).
/// </summary>
internal sealed unsafe class StartBlock : IDisposable
{
    /// <summary>Version 1 of the structure: size, argc, argv, envp, base, phdr, phent, phnum.</summary>
    public const int Size = 8 * 8;

    private readonly nint _memory;
    private readonly ulong _length;

    public StartBlock(GuestObject program, IReadOnlyList<string> argv, IEnumerable<string> envp)
    {
        var env = envp.ToList();
        // Lossless: what the host gave, byte for byte, even where .NET's strings could not hold it (HostProcess).
        var strings = argv.Concat(env).Select(Host.HostPlatform.Process.EncodeTerminated).ToList();
        int pointers = argv.Count + 1 + env.Count + 1;
        int total = Size + pointers * 8 + strings.Sum(s => s.Length);
        _length = Host.HostMemory.PageUp((ulong)total);
        _memory = Host.HostPlatform.Memory.Allocate(_length);
        var start = (long*)_memory;
        var table = (nint*)(_memory + Size);
        byte* text = (byte*)(table + pointers);
        int slot = 0;
        for (int i = 0; i < strings.Count; i++)
        {
            if (i == argv.Count) table[slot++] = 0;
            table[slot++] = (nint)text;
            strings[i].CopyTo(new Span<byte>(text, strings[i].Length));
            text += strings[i].Length;
        }
        if (strings.Count == argv.Count) table[slot++] = 0;
        table[slot] = 0;
        Argc = argv.Count;
        Argv = (nint)table;
        Envp = (nint)(table + argv.Count + 1);
        start[0] = Size;
        start[1] = Argc;
        start[2] = Argv;
        start[3] = Envp;
        start[4] = program.Base;
        start[5] = ProgramHeaders(program);
        start[6] = Elf.ElfConstants.PhdrSize;
        start[7] = program.File.ProgramHeaders.Length;
    }

    public nint Address => _memory;
    /// <summary>The pages it occupies, from <see cref="Address"/>.</summary>
    public ulong Length => _length;
    public int Argc { get; }
    public nint Argv { get; }
    public nint Envp { get; }

    /// <summary>Where an object's program headers are in memory: PT_PHDR, or inside the segment that maps the file's start; 0 if neither.</summary>
    internal static nint ProgramHeaders(GuestObject program)
    {
        var file = program.File;
        foreach (var ph in file.ProgramHeaders)
            if (ph.Type == Elf.ElfConstants.PT_PHDR) return program.Address(ph.VAddr);
        foreach (var seg in file.LoadSegments)
            if (file.ProgramHeaderOffset >= seg.Offset && file.ProgramHeaderOffset - seg.Offset < seg.FileSize)
                return program.Address(seg.VAddr + (file.ProgramHeaderOffset - seg.Offset));
        return 0;
    }

    public void Dispose() => Host.HostPlatform.Memory.Release(_memory, _length);
}
