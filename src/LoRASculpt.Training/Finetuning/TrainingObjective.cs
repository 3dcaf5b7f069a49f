using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Adapters;
using LoRASculpt.Training.Regularizers;
using TorchSharp;
using static TorchSharp.torch;

namespace LoRASculpt.Training.Finetuning;

/// <summary>
/// The per-method loss (method.md Eq. 11 and the baselines):
/// lorasculpt: task + alpha L_CMR^LLM + beta L_CMR^Con (connector term only with connector = lora);
/// l2 / orthreg: task + reg_weight R; everything else: task. The CMR applies from step 0.
/// </summary>
public sealed class TrainingObjective : IDisposable
{
    private readonly TrialSettings settings;
    private readonly AdapterSet adapters;
    private readonly ConflictMitigationRegularizer? cmr;

    public TrainingObjective(TrialSettings settings, AdapterSet adapters)
    {
        this.settings = settings;
        this.adapters = adapters;
        if (settings.Method == TrainingMethod.LoraSculpt)
            cmr = new ConflictMitigationRegularizer(adapters.Modules, settings.CmrModules.ToHashSet(), settings.Omega, settings.CmrReduction);
    }

    /// <summary>LoRASculpt's regulariser (null for other methods).</summary>
    public ConflictMitigationRegularizer? Cmr => cmr;

    /// <summary>Builds the total loss with autograd and returns the unweighted terms' values.</summary>
    public Tensor Compute(Tensor taskLoss, out LossTerms terms)
    {
        var total = taskLoss;
        double cmrLlm = 0, cmrConnector = 0, regularizer = 0;
        if (cmr is not null)
        {
            var llm = cmr.LlmTerm();
            cmrLlm = llm.item<float>();
            total = total + llm * settings.Alpha;
            if (cmr.ConnectorModuleCount > 0)
            {
                var con = cmr.ConnectorTerm();
                cmrConnector = con.item<float>();
                total = total + con * settings.Beta;
            }
        }
        else if (settings.Method is TrainingMethod.L2 or TrainingMethod.OrthReg)
        {
            var reg = settings.Method == TrainingMethod.L2
                ? L2Regularizer.Compute(adapters.Modules)
                : OrthogonalityRegularizer.Compute(adapters.Modules);
            regularizer = reg.item<float>();
            total = total + reg * settings.RegWeight;
        }
        terms = new LossTerms(taskLoss.item<float>(), cmrLlm, cmrConnector, regularizer, total.item<float>());
        return total;
    }

    public void Dispose() => cmr?.Dispose();
}
