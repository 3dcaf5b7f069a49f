namespace LoRASculpt.Core.Settings;

/// <summary>The catalogue's parameter names as constants, so code never spells them twice.</summary>
public static class ParameterNames
{
    public const string Rank = "rank";
    public const string LoraAlpha = "lora_alpha";
    public const string LoraDropout = "lora_dropout";
    public const string TargetModules = "target_modules";
    public const string LearningRate = "lr";
    public const string Steps = "steps";
    public const string Epochs = "epochs";
    public const string BatchSize = "batch_size";
    public const string Seed = "seed";
    public const string WarmupRatio = "warmup_ratio";
    public const string WeightDecay = "weight_decay";
    public const string GradClip = "grad_clip";
    public const string Density = "density";
    public const string DensityA = "density_a";
    public const string DensityB = "density_b";
    public const string PruneStep = "prune_step";
    public const string PruneConnector = "prune_connector";
    public const string Alpha = "alpha";
    public const string Beta = "beta";
    public const string Omega = "omega";
    public const string CmrModules = "cmr_modules";
    public const string CmrReduction = "cmr_reduction";
    public const string Connector = "connector";
    public const string ConnectorLr = "connector_lr";
    public const string RegWeight = "reg_weight";
    public const string DareDrop = "dare_drop";
    public const string TailorKeep = "tailor_keep";
    public const string TailorBatches = "tailor_batches";
    public const string TrainSamples = "train_samples";
    public const string EvalSamples = "eval_samples";
    public const string CheckpointEvery = "checkpoint_every";
    public const string EvalEvery = "eval_every";
    public const string CurveSamples = "curve_samples";
    public const string Precision = "precision";
    public const string GradientCheckpointing = "gradient_checkpointing";
}
