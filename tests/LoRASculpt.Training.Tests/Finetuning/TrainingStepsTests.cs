using LoRASculpt.Core.Settings;
using LoRASculpt.Training.Finetuning;

namespace LoRASculpt.Training.Tests.Finetuning;

public sealed class TrainingStepsTests
{
    private static TrialSettings Settings(string method, params (string Name, string Value)[] parameters) =>
        TrialSettings.Create(method, "tiny-llava", "icon-mc", [], parameters.ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public void Without_epochs_the_steps_are_the_settings_own() =>
        Assert.Equal(150, TrainingSteps.Resolve(Settings("lora"), trainingItems: 10).Steps);

    [Theory]
    [InlineData(3, 100, 16, 19)] // ceil(300 / 16)
    [InlineData(3, 96, 16, 18)]
    [InlineData(1, 5, 16, 1)]
    public void Epochs_count_passes_over_the_training_items(int epochs, int items, int batch, int steps) =>
        Assert.Equal(steps, TrainingSteps.Resolve(Settings("lora", ("epochs", $"{epochs}"), ("batch_size", $"{batch}")), items).Steps);

    [Fact]
    public void A_prune_step_past_the_epochs_steps_names_both()
    {
        var settings = Settings("lorasculpt", ("epochs", "1"), ("batch_size", "16"), ("prune_step", "100"));

        var error = Assert.Throws<SettingsValidationException>(() => TrainingSteps.Resolve(settings, trainingItems: 320));
        Assert.Equal("prune_step must be less than the 20 steps that epochs=1 gives over 320 items at batch_size 16, got 100",
            Assert.Single(error.Errors).Message);
    }
}
