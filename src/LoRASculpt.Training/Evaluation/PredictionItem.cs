namespace LoRASculpt.Training.Evaluation;

/// <summary>One evaluated item: the model's decoded answer and the references the task's metric scores it against.</summary>
public sealed record PredictionItem(string Id, string Prediction, IReadOnlyList<string> References)
{
    public (string Id, string Prediction, IReadOnlyList<string> References) AsTuple() => (Id, Prediction, References);
}
