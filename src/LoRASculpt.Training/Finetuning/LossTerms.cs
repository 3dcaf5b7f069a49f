namespace LoRASculpt.Training.Finetuning;

/// <summary>The loss of one step by component; <see cref="Total"/> = task + alpha L_LLM + beta L_Con + reg_weight R.</summary>
public sealed record LossTerms(double Task, double CmrLlm, double CmrConnector, double Regularizer, double Total)
{
    public const string TaskKey = "task";
    public const string CmrLlmKey = "cmr_llm";
    public const string CmrConnectorKey = "cmr_connector";
    public const string RegularizerKey = "regulariser";
    public const string TotalKey = "total";

    public static LossTerms Zero { get; } = new(0, 0, 0, 0, 0);

    public bool IsFinite => double.IsFinite(Task) && double.IsFinite(CmrLlm) && double.IsFinite(CmrConnector) && double.IsFinite(Regularizer) && double.IsFinite(Total);

    /// <summary>Unweighted terms, as printed in diagnostics.</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        [TaskKey] = Task,
        [CmrLlmKey] = CmrLlm,
        [CmrConnectorKey] = CmrConnector,
        [RegularizerKey] = Regularizer,
        [TotalKey] = Total,
    };
}
