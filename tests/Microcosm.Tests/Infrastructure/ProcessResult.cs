namespace Microcosm.Tests.Infrastructure;

/// <summary>The outcome of a subprocess.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
