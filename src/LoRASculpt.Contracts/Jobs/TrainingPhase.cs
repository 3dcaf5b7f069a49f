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

    /// <summary>
    /// The base model is not ready yet: another slot holds the claim to pretrain it and this one waits for its copy,
    /// or a checkpoint directory is being downloaded or loaded.
    /// </summary>
    WaitingForBase = 2,
}
