using Microcosm.Elf;
using Microcosm.Loading;

namespace Microcosm.Fuzz;

/// <summary>
/// One fuzz input through everything the loader does before guest code would run: the ELF reader
/// (<see cref="ElfFile"/>, <see cref="ExportedSymbols"/>), inspection (a load without relocation, then
/// the report of every object), and a real load that maps, links and relocates but calls no IFUNC
/// resolver, initializer or entry (<see cref="Linker.RunsNoGuestCode"/>). The loader's own error, a
/// <see cref="LoadException"/> that names the file, is the expected outcome of a bad file; anything else escapes and is a finding, as are a crash, a hang (afl-fuzz's timeout), unbounded
/// memory (the GC heap limit run.sh sets), a loaded image mapped unlike its headers say
/// (<see cref="ImageCheck"/>) and mappings left behind (<see cref="MappingCheck"/>).
/// </summary>
internal sealed unsafe class LoaderTarget(string scratchDirectory, IReadOnlyList<string> libraryDirectories)
{
    /// <summary>Stands in for the core's syscall dispatcher: it is bound by relocations, never called.</summary>
    private const nint DispatcherPlaceholder = 0x1000;

    private readonly string _input = Path.Combine(scratchDirectory, "input.so");

    /// <summary>Where the input is written: the loader reads files, as it does in real use.</summary>
    public string InputPath => _input;

    /// <summary>Runs one input; returns what the loader said (null when it loaded) for replays to print.</summary>
    public string? Run(byte[] input)
    {
        File.WriteAllBytes(_input, input);
        // The reader and the linker must name the file at fault: only a LoadException may come out of
        // them, and its message must start with the file's path.
        try
        {
            fixed (byte* data = input) ElfFile.Parse(_input, data, (ulong)input.Length);
            ExportedSymbols.Read(_input);
            using (var inspecting = NewLinker(runsNoGuestCode: false))
                Inspection.Report(inspecting.Load(_input, relocate: false));
            using (var loading = NewLinker(runsNoGuestCode: true))
            {
                Initializers.Order(loading.Load(_input).Root);
                ImageCheck.Verify(loading.Objects);
            }
            return null;
        }
        catch (LoadException e)
        {
            if (e.File.Length == 0 || !e.Message.StartsWith(e.File + ": ", StringComparison.Ordinal))
                throw new InvalidOperationException($"a load error that does not name its file: {e.Message}", e);
            return e.Message;
        }
    }

    private static readonly Microcosm.Threads.ThreadStructures Threads = new(new Microcosm.Threads.ThreadLocalStorage());

    private Linker NewLinker(bool runsNoGuestCode)
    {
        var exports = new Dictionary<string, nint>
        {
            ["mc_syscall"] = DispatcherPlaceholder, ["mc_syscall6"] = DispatcherPlaceholder,
            [Microcosm.Threads.ThreadLocalStorage.GetAddressEntry] = Threads.Tls.GetAddress,
        };
        // With thread structures, so that objects with thread-local storage go all the way through: their TLS blocks
        // placed, their relocations applied, their code decoded and its thread pointer loads redirected.
        return new Linker(new LibrarySearch([], libraryDirectories), new BuiltinObject(BuiltinObject.SyscallLibrary, exports), Threads)
        {
            RunsNoGuestCode = runsNoGuestCode,
        };
    }
}
