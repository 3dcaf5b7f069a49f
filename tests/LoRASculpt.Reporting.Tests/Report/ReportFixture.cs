using System.Collections.Immutable;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Contracts.Trials;
using static LoRASculpt.Reporting.Tests.ResultsFixture;

namespace LoRASculpt.Reporting.Tests.Report;

/// <summary>An alpha section on icon-mc: alpha 0 and 10, two seeds each, with the diagnostics trials record as notes.</summary>
internal static class ReportFixture
{
    public static SweepResults AlphaSection() => new("s-abcdefabcdef", "report-alpha-icon-mc", SweepState.Completed, ["alpha", "seed"],
    [
        Row("t1", "lorasculpt", [("alpha", "0"), ("seed", "0")], Noted(50, 20, ("cmr_grad_ratio", "0"), ("mask_init_overlap_a", "0.400"), ("mask_init_overlap_a_chance", "0.100"), ("option_letter_share", "0.500"), ("threads", "2"))),
        Row("t2", "lorasculpt", [("alpha", "0"), ("seed", "1")], Noted(54, 22, ("cmr_grad_ratio", "0"), ("mask_init_overlap_a", "0.440"), ("mask_init_overlap_a_chance", "0.100"), ("option_letter_share", "0.700"), ("threads", "2"))),
        Row("t3", "lorasculpt", [("alpha", "10"), ("seed", "0")], Noted(60, 21, ("cmr_grad_ratio", "1.5"), ("mask_init_overlap_a", "0.380"), ("mask_init_overlap_a_chance", "0.100"), ("option_letter_share", "1.000"), ("threads", "2"))),
        Row("t4", "lorasculpt", [("alpha", "10"), ("seed", "1")], Noted(62, 22, ("cmr_grad_ratio", "2.5"), ("mask_init_overlap_a", "0.400"), ("mask_init_overlap_a_chance", "0.100"), ("option_letter_share", "0.900"), ("threads", "2"))),
    ], null, null, null);

    public static TrialResult Noted(double source, double target, params (string Name, string Value)[] notes)
    {
        var result = Result(source, target);
        return result with { Diagnostics = result.Diagnostics with { Notes = notes.ToImmutableSortedDictionary(n => n.Name, n => n.Value, StringComparer.Ordinal) } };
    }

    public static TrialResult WithLosses(TrialResult result, double task, double connector) => result with
    {
        Diagnostics = result.Diagnostics with { FinalLossTerms = ImmutableSortedDictionary<string, double>.Empty.Add("task", task).Add("cmr_connector", connector) },
    };
}
