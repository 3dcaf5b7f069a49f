using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;

namespace LoRASculpt.Storage.Sqlite;

public static class SqliteReminderTableExtensions
{
    /// <summary>Enables reminders and keeps them in SQLite (the embedded mode's durable reminder table).</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.AddReminders();
        builder.Services.AddOptions<SqliteReminderTableOptions>().Configure(configure);
        builder.Services.AddTransient<IConfigurationValidator, SqliteReminderTableOptionsValidator>();
        builder.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return builder;
    }
}
