namespace Microcosm.Tests.Infrastructure;

/// <summary>Assertions on the CLI's report of a file it cannot load.</summary>
internal static class Expect
{
    /// <summary>
    /// The CLI exited with <paramref name="status"/> and its first line on stderr is
    /// <c>microcosm: PROGRAM: reason</c>, the reason containing each of <paramref name="reason"/>.
    /// </summary>
    public static void CannotLoad(ProcessResult result, string program, int status, params string[] reason)
    {
        string prefix = $"microcosm: {program}: ";
        string first = result.StandardError.Split('\n')[0];
        Assert.True(first.StartsWith(prefix, StringComparison.Ordinal),
            $"expected stderr to start with \"{prefix}\"; exit {result.ExitCode}, stderr:\n{result.StandardError}");
        Assert.Equal(status, result.ExitCode);
        foreach (var part in reason) Assert.Contains(part, first[prefix.Length..]);
        Assert.Equal("", result.StandardOutput);
    }
}
