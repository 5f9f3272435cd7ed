using Microcosm.Host;

namespace Microcosm.Native;

/// <summary>
/// Where the host's own code (C# through a function pointer, the host's thread start, its exception dispatch)
/// enters a generated System V function: the function itself where the host's convention is System V, else an
/// adapter (<see cref="HostCalls.EmitAdapter"/>), made once per function and kept for the life of the process, like
/// the functions it is made for.
/// </summary>
internal static class HostEntries
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<nint, ExecutableCode> Adapters = [];

    /// <summary>The host-convention entry of the System V function at <paramref name="function"/> (at most six arguments).</summary>
    public static nint Export(nint function)
    {
        if (HostPlatform.Calls.CallsSystemVDirectly) return function;
        lock (Gate)
        {
            if (!Adapters.TryGetValue(function, out var adapter))
                Adapters.Add(function, adapter = ExecutableCode.Emit((a, mark) =>
                {
                    mark("entry");
                    HostPlatform.Calls.EmitAdapter(a, function);
                }));
            return adapter["entry"];
        }
    }
}
