using Iced.Intel;
using Microcosm.Host;

namespace Microcosm.Native;

/// <summary>
/// A block of machine code assembled with Iced and placed in its own pages, which are written
/// while read-write and then switched to read-execute (never both at once).
/// </summary>
internal sealed unsafe class ExecutableCode : IDisposable
{
    private readonly Dictionary<string, ulong> _labels;

    private ExecutableCode(nint address, ulong length, Dictionary<string, ulong> labels)
    {
        Address = address; Length = length; _labels = labels;
    }

    public nint Address { get; private set; }
    public ulong Length { get; }

    /// <summary>The address of a label marked when the code was emitted.</summary>
    public nint this[string label] => Address + (nint)_labels[label];

    /// <summary>
    /// Assembles <paramref name="build"/> and maps it executable. The code must be position independent
    /// apart from absolute 64-bit immediates (it is assembled once, at address 0, and copied).
    /// </summary>
    public static ExecutableCode Emit(Action<Assembler, Action<string>> build)
    {
        var asm = new Assembler(64);
        var named = new Dictionary<string, Label>();
        // Binds a named label to the next instruction (Label is a struct: keep the bound copy).
        void Mark(string name)
        {
            var label = asm.CreateLabel(name);
            asm.Label(ref label);
            named.Add(name, label);
        }
        build(asm, Mark);
        using var stream = new MemoryStream();
        var result = asm.Assemble(new StreamCodeWriter(stream), 0, BlockEncoderOptions.ReturnNewInstructionOffsets);
        var labels = named.ToDictionary(p => p.Key, p => result.GetLabelRIP(p.Value));
        byte[] bytes = stream.ToArray();
        ulong length = HostMemory.PageUp((ulong)bytes.Length);
        nint address = HostPlatform.Memory.Allocate(length);
        bytes.CopyTo(new Span<byte>((void*)address, bytes.Length));
        if (!HostPlatform.Memory.Protect(address, length, Protection.Read | Protection.Execute, out string? error))
            throw new InvalidOperationException($"cannot make generated code executable: {error}");
        return new ExecutableCode(address, length, labels);
    }

    /// <summary>
    /// Builds the assembler's encoding tables (Iced's static initialization: a few milliseconds, the
    /// largest fixed cost of a process's first <see cref="Emit"/>) on a background thread, so that it
    /// overlaps whatever the caller does before it first emits code. Later calls do nothing.
    /// </summary>
    public static void WarmUp()
    {
        if (Interlocked.Exchange(ref _warming, 1) != 0) return;
        var thread = new Thread(static () =>
        {
            var asm = new Assembler(64);
            asm.ret();
            asm.Assemble(new StreamCodeWriter(Stream.Null), 0);
        }, maxStackSize: 256 << 10) { IsBackground = true, Name = "microcosm warm-up" };
        thread.Start();
    }

    private static int _warming;

    public void Dispose()
    {
        HostPlatform.Memory.Release(Address, Length);
        Address = 0;
    }
}
