namespace Microcosm.Tests.Infrastructure;

/// <summary>The host operating system a guest runs on: the same ELF files, the host's build of Microcosm (docs/hosts.md).</summary>
public enum TargetHost
{
    /// <summary>The Linux build (build/bin/microcosm), run directly.</summary>
    Linux,
    /// <summary>The Windows build (build/windows/bin/microcosm.exe), run under Wine (<see cref="WindowsLane"/>).</summary>
    Windows,
}

/// <summary>
/// The rows of a <c>[SkippableTheory]</c> that runs on each host: its first parameter is the <see cref="TargetHost"/>,
/// the rest come from <paramref name="data"/> as with <c>InlineData</c>. A Windows row is skipped, with the reason,
/// where the Windows lane cannot run (<see cref="WindowsLane.SkipUnlessAvailable"/>, which the test calls).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OnBothHostsAttribute(params object?[] data) : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object?[]> GetData(System.Reflection.MethodInfo testMethod) =>
        [[TargetHost.Linux, .. data], [TargetHost.Windows, .. data]];
}
