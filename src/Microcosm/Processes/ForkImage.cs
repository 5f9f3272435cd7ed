using System.Runtime.InteropServices;
using Microcosm.Host;

namespace Microcosm.Processes;

/// <summary>A program object as the parent had it: the file (found again by its identity) and where it lay.</summary>
internal readonly record struct ForkObject(string Path, ulong Device, ulong Inode, nint Reservation, ulong Span);

/// <summary>A piece of one protection of a shared mapping, which the child maps shared with the parent instead of copying
/// it: the memory module's <c>struct mc_fork_shared</c> (fork_exports.h), whose <paramref name="Backing"/> is the host's
/// (on POSIX hosts the parent's descriptor) and <paramref name="Prot"/> Linux's PROT_ bits.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ForkShared(nint Start, nint Length, nint Backing, ulong Offset, nint Prot);

/// <summary>
/// What a fork child needs to become a copy of the forking program (docs/processes.md, "fork"): the parent's
/// options, the address ranges the child must hold before anything else takes them, its objects and where
/// they lay, the forking thread's structure, and where the copy resumes. The memory itself follows the header
/// in the stream as regions (<see cref="ForkRegions"/>), read straight into place.
/// </summary>
internal sealed class ForkImage
{
    private const ulong Magic = 0x3147_4d49_4b52_4f46; // "FORKIMG1"

    public string? ModuleDirectory { get; set; }
    public List<string> LibraryPath { get; init; } = [];
    public List<string> SystemLibraryPath { get; init; } = [];
    public bool UseEnvironmentLibraryPath { get; set; }
    public List<string> ProgramHostAllow { get; init; } = [];
    public List<string> ProgramHostDeny { get; init; } = [];
    public List<string> ModuleHostAllow { get; init; } = [];
    public List<string> ModuleHostDeny { get; init; } = [];
    public string? ProgramName { get; set; }
    public long MainStackSize { get; set; }
    /// <summary>Whether the parent traces (--trace): the child then traces to its standard error too.</summary>
    public bool Trace { get; set; }
    /// <summary>The parent's <c>TraceCalls</c> and trace file (the CLI's -e and -o), or empty.</summary>
    public string TraceCalls { get; set; } = "";
    public string TraceFile { get; set; } = "";

    public string ProgramPath { get; set; } = "";
    /// <summary>The start block's argc, argv and envp (its pages travel as a region): dlopen's initializers get them.</summary>
    public nint Argc { get; set; }
    public nint Argv { get; set; }
    public nint Envp { get; set; }
    /// <summary>The stack the forking thread ran on: the child's main thread runs the program on it from then on.</summary>
    public nint StackLow { get; set; }
    public ulong StackSize { get; set; }
    public nint StartAddress { get; set; }
    public ulong StartLength { get; set; }

    /// <summary>Every range the child reserves first, merged and in address order.</summary>
    public List<(nint Start, ulong Length)> Reserved { get; init; } = [];
    /// <summary>The guest's own mappings (the memory module's): the child's memory module takes them over.</summary>
    public List<(nint Start, ulong Length)> Mappings { get; init; } = [];
    /// <summary>The shared mappings among them, shared with the parent (its host process id) rather than copied.</summary>
    public List<ForkShared> Shared { get; init; } = [];
    public long ParentId { get; set; }
    /// <summary>The program's objects in load order, those it opened with dlopen included.</summary>
    public List<ForkObject> Objects { get; init; } = [];
    /// <summary>The program's dlopen and dlclose calls, which the child makes again: (full path or null, flags, handle).</summary>
    public List<(string? Path, int Flags, long Handle)> DlHistory { get; init; } = [];
    /// <summary>Indexes into <see cref="Objects"/>: the order their initializers ran (their finalizers run in reverse).</summary>
    public List<int> Initialized { get; init; } = [];

    /// <summary>The forking thread's structure: where it lies, how much of it is used, and its bytes past the header.</summary>
    public nint Structure { get; set; }
    public int StructureUsed { get; set; }
    public byte[] StructureBytes { get; set; } = [];
    /// <summary>The forking thread's thread-local storage: the bytes just below its structure that TLS blocks use.</summary>
    public byte[] TlsBytes { get; set; } = [];
    public (nint Entry, nint AreaOffset, nint Handled) FaultEntry { get; set; }

    /// <summary>Guest <c>resume(argument)</c>, called on the child's main thread once its memory is in place.</summary>
    public nint Resume { get; set; }
    public nint Argument { get; set; }

    public void Write(BinaryWriter w)
    {
        w.Write(Magic);
        WriteText(w, ModuleDirectory);
        foreach (var list in Lists()) WriteList(w, list);
        w.Write(UseEnvironmentLibraryPath);
        WriteText(w, ProgramName);
        w.Write(MainStackSize);
        w.Write(Trace);
        w.Write(TraceCalls);
        w.Write(TraceFile);
        w.Write(ProgramPath);
        w.Write(Argc);
        w.Write(Argv);
        w.Write(Envp);
        w.Write(StackLow);
        w.Write(StackSize);
        w.Write(StartAddress);
        w.Write(StartLength);
        WriteRanges(w, Reserved);
        WriteRanges(w, Mappings);
        w.Write(Shared.Count);
        foreach (var s in Shared)
        {
            w.Write(s.Start);
            w.Write(s.Length);
            w.Write(s.Backing);
            w.Write(s.Offset);
            w.Write(s.Prot);
        }
        w.Write(ParentId);
        w.Write(Objects.Count);
        foreach (var o in Objects)
        {
            w.Write(o.Path);
            w.Write(o.Device);
            w.Write(o.Inode);
            w.Write(o.Reservation);
            w.Write(o.Span);
        }
        w.Write(DlHistory.Count);
        foreach (var (path, flags, handle) in DlHistory)
        {
            WriteText(w, path);
            w.Write(flags);
            w.Write(handle);
        }
        w.Write(Initialized.Count);
        foreach (int i in Initialized) w.Write(i);
        w.Write(Structure);
        w.Write(StructureUsed);
        w.Write(StructureBytes.Length);
        w.Write(StructureBytes);
        w.Write(TlsBytes.Length);
        w.Write(TlsBytes);
        w.Write(FaultEntry.Entry);
        w.Write(FaultEntry.AreaOffset);
        w.Write(FaultEntry.Handled);
        w.Write(Resume);
        w.Write(Argument);
    }

    /// <exception cref="InvalidDataException">The stream is not a fork image.</exception>
    public static ForkImage Read(BinaryReader r)
    {
        if (r.ReadUInt64() != Magic) throw new InvalidDataException("not a fork image");
        var image = new ForkImage { ModuleDirectory = ReadText(r) };
        foreach (var list in image.Lists()) ReadList(r, list);
        image.UseEnvironmentLibraryPath = r.ReadBoolean();
        image.ProgramName = ReadText(r);
        image.MainStackSize = r.ReadInt64();
        image.Trace = r.ReadBoolean();
        image.TraceCalls = r.ReadString();
        image.TraceFile = r.ReadString();
        image.ProgramPath = r.ReadString();
        image.Argc = (nint)r.ReadInt64();
        image.Argv = (nint)r.ReadInt64();
        image.Envp = (nint)r.ReadInt64();
        image.StackLow = (nint)r.ReadInt64();
        image.StackSize = r.ReadUInt64();
        image.StartAddress = (nint)r.ReadInt64();
        image.StartLength = r.ReadUInt64();
        ReadRanges(r, image.Reserved);
        ReadRanges(r, image.Mappings);
        for (int i = r.ReadInt32(); i > 0; i--)
            image.Shared.Add(new ForkShared((nint)r.ReadInt64(), (nint)r.ReadInt64(), (nint)r.ReadInt64(), r.ReadUInt64(), (nint)r.ReadInt64()));
        image.ParentId = r.ReadInt64();
        for (int i = r.ReadInt32(); i > 0; i--)
            image.Objects.Add(new ForkObject(r.ReadString(), r.ReadUInt64(), r.ReadUInt64(), (nint)r.ReadInt64(), r.ReadUInt64()));
        for (int i = r.ReadInt32(); i > 0; i--) image.DlHistory.Add((ReadText(r), r.ReadInt32(), r.ReadInt64()));
        for (int i = r.ReadInt32(); i > 0; i--) image.Initialized.Add(r.ReadInt32());
        image.Structure = (nint)r.ReadInt64();
        image.StructureUsed = r.ReadInt32();
        image.StructureBytes = r.ReadBytes(r.ReadInt32());
        image.TlsBytes = r.ReadBytes(r.ReadInt32());
        image.FaultEntry = ((nint)r.ReadInt64(), (nint)r.ReadInt64(), (nint)r.ReadInt64());
        image.Resume = (nint)r.ReadInt64();
        image.Argument = (nint)r.ReadInt64();
        return image;
    }

    private List<string>[] Lists() => [LibraryPath, SystemLibraryPath, ProgramHostAllow, ProgramHostDeny, ModuleHostAllow, ModuleHostDeny];

    private static void WriteRanges(BinaryWriter w, List<(nint Start, ulong Length)> ranges)
    {
        w.Write(ranges.Count);
        foreach (var (start, length) in ranges)
        {
            w.Write(start);
            w.Write(length);
        }
    }

    private static void ReadRanges(BinaryReader r, List<(nint Start, ulong Length)> ranges)
    {
        for (int i = r.ReadInt32(); i > 0; i--) ranges.Add(((nint)r.ReadInt64(), r.ReadUInt64()));
    }

    private static void WriteText(BinaryWriter w, string? text)
    {
        w.Write(text != null);
        if (text != null) w.Write(text);
    }

    private static string? ReadText(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static void WriteList(BinaryWriter w, List<string> list)
    {
        w.Write(list.Count);
        foreach (string s in list) w.Write(s);
    }

    private static void ReadList(BinaryReader r, List<string> list)
    {
        for (int i = r.ReadInt32(); i > 0; i--) list.Add(r.ReadString());
    }
}
