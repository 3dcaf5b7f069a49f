namespace LoRASculpt.Sweeps.Search.Tpe;

/// <summary>TPE's settings, with Optuna's defaults: random points until <see cref="StartupTrials"/> have finished,
/// 24 candidates per parameter, the best 10 % (at most 25) modelled as good.</summary>
public sealed record TpeOptions(int StartupTrials = 10, int Candidates = 24, double Gamma = 0.1, int MaxGood = 25);
