namespace LoRASculpt.Storage.Tests.Sqlite;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Register(string name, TimeSpan period);

    Task<string[]> RegisteredNames();
}

/// <summary>Registers reminders (never due during a test) so a silo restart can show they were kept.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public Task Register(string name, TimeSpan period) => this.RegisterOrUpdateReminder(name, period, period);

    public async Task<string[]> RegisteredNames() =>
        (await this.GetReminders()).Select(r => r.ReminderName).Order().ToArray();

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
