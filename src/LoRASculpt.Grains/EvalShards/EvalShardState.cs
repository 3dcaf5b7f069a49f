using LoRASculpt.Contracts.Jobs;

namespace LoRASculpt.Grains.EvalShards;

[GenerateSerializer]
public sealed class EvalShardState
{
    [Id(0)] public EvalShardJob? Job { get; set; }
    [Id(1)] public EvalShardOutcome? Outcome { get; set; }
}
