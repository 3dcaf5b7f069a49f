namespace LoRASculpt.Contracts.Jobs;

/// <summary>
/// What a training job is busy with. On a fresh machine or cluster the first jobs spend minutes getting their
/// base model before fine-tuning starts, and watchers should see why.
/// </summary>
[GenerateSerializer]
public enum TrainingPhase
{
    FineTuning = 0,

    /// <summary>This slot pretrains the base model (once per cluster; the other slots wait for it).</summary>
    PretrainingBase = 1,

    /// <summary>Another slot holds the claim to pretrain the base model; this one waits for its copy.</summary>
    WaitingForBase = 2,
}
