namespace Microcosm.Tests.Infrastructure;

/// <summary>Tests that measure the whole process (mappings, host threads) run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "process-wide measurements";
}
