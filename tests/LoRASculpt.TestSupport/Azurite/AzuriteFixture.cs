using System.Diagnostics;
using Xunit;

namespace LoRASculpt.TestSupport.Azurite;

/// <summary>
/// One Azurite for the whole test run, started through infra/azurite.sh on free loopback ports
/// (in memory) and stopped by PID afterwards. Each test project that uses it declares its own
/// <c>[CollectionDefinition(AzuriteFixture.Collection)]</c> (xunit finds collection definitions only in the test assembly).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The name of the test collection that shares one Azurite.</summary>
    public const string Collection = "Azurite";

    private readonly string _stateDir = Directory.CreateTempSubdirectory("lorasculpt-azurite-").FullName;

    public string ConnectionString { get; private set; } = "";

    public int Pid { get; private set; }

    public int BlobPort { get; private set; }

    public int TablePort { get; private set; }

    public async Task InitializeAsync()
    {
        var output = await RunScript("start", "--in-memory");
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim().Trim('\''));
        Pid = int.Parse(values["AZURITE_PID"]);
        BlobPort = int.Parse(values["AZURITE_BLOB_PORT"]);
        TablePort = int.Parse(values["AZURITE_TABLE_PORT"]);
        ConnectionString = values["AZURITE_CONNECTION_STRING"];
    }

    /// <summary>Stops Azurite; safe to call again (a test may stop its own instance early).</summary>
    public async Task DisposeAsync()
    {
        if (Pid != 0)
            await RunScript("stop", Pid.ToString());
        Pid = 0;
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }

    private async Task<string> RunScript(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryPaths.AzuriteScript);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["AZURITE_STATE_FILE"] = Path.Combine(_stateDir, "azurite.env");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The first run installs azurite from npm; later runs reuse infra/.azurite.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"infra/azurite.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
