namespace Microcosm.Tests.Embedding;

/// <summary>
/// Microcosm embedded in a .NET application that hosts many guests (docs/embedding.md): what the host
/// can rely on. Each check runs in a subprocess host (tests/Microcosm.EmbedHost), because what it checks
/// is that host process itself, which a defect could damage or bring down.
/// </summary>
[Collection(ProcessWideMeasurements.Name)]
public sealed class EmbeddingTests
{
    public EmbeddingTests() => GuestBuild.Ensure();

    private static ProcessResult Host(string mode, int timeoutSeconds = 120, params string[] more)
    {
        string scratch = Directory.CreateTempSubdirectory("microcosm-embed-").FullName;
        try
        {
            return Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "Microcosm.EmbedHost.dll"), mode,
                TestPaths.Guests, Path.Combine(TestPaths.Build, "modules"), scratch, .. more],
                new() { ["MICROCOSM_SDK"] = TestPaths.Sdk }, timeoutSeconds);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void GuestsOwnTheirDescriptorsAndTheHostsStayTheHosts()
    {
        // Guests close and replace 0-2 and write to and close every number up to 1023, one after another
        // and four at once; the host's 0-2 and its open data file come out untouched, and each guest's
        // stdout reached the pipe the host gave it.
        var result = Host("descriptors");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("host intact\n", result.StandardOutput);
    }

    [Fact]
    public void SixteenInstancesOnSixteenThreadsRunWithoutCrashHangOrLeak()
    {
        // C-library guests that work, fault, are killed by the host, or spray descriptors, on 16 threads
        // for a bounded time (MICROCOSM_STRESS_SECONDS, default 15; bench/soak.sh runs it for minutes):
        // every instance ends as it should, in time, and the host's descriptors, mappings and threads come
        // back to what they were after the warm-up. Was: the host died within seconds (stack overflows
        // while loading, SIGSEGV) as instances closed each other's descriptors.
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("MICROCOSM_STRESS_SECONDS"), out double s) ? s : 15;
        var result = Host("stress", (int)seconds + 240, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.EndsWith("no leaks\n", result.StandardOutput);
        Assert.Matches(@"^ran worker [1-9]\d*, crasher [1-9]\d*, sleeper [1-9]\d*, spray [1-9]\d*;", result.StandardOutput);
    }
}
