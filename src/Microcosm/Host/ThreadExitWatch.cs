namespace Microcosm.Host;

/// <summary>The exit status of a host thread that ended without returning to the core (a guest's raw exit system call).</summary>
internal abstract class ThreadExitWatch : IDisposable
{
    /// <summary>The exit status (0-255) of the watched thread once it has ended, or null if the host cannot tell.</summary>
    public abstract int? ExitStatus();

    public abstract void Dispose();
}
