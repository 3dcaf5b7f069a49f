using LoRASculpt.Execution;
using LoRASculpt.Grains;
using LoRASculpt.Hosting;
using LoRASculpt.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// libtorch's native environment (OMP_WAIT_POLICY) is set here, while this process has one thread: setenv racing
// with other threads' getenv can corrupt the C heap, and a silo starts many threads.
LoRASculpt.Training.TorchProcessSettings.Apply();

// One silo of a LoRASculpt cluster. Settings: appsettings.json (next to this program), then environment
// variables (LORASCULPT_Cluster__StorageConnectionString, LORASCULPT_Cluster__SiloPort, ...), then the command line.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables(prefix: EnvironmentSettings.Prefix);
builder.Configuration.AddCommandLine(args);

// Worker slots: one per CUDA device unless Cluster:GpuSlots is configured; else Cluster:CpuSlots.
GpuSlotDetection.Apply(builder.Configuration);

// The LoRASculpt silo parts (orchestration, worker slots, leaderboard, re-evaluation, tracing), as in the embedded silo,
// on Azure providers: membership, grain state and reminders in Azure Tables, artifacts in Blob storage, TLS if configured.
builder.UseLoRASculptCluster();
builder.AddTelemetryAndHttp(); // OpenTelemetry, read-only HTTP API (Http:Url, Http:ApiKey) and Orleans Dashboard (Http:DashboardEnabled)

// Executors, one per trial kind: "synthetic" (waits; benchmarks) and "torch" (real fine-tuning).
builder.Services.AddSyntheticJobExecutor();
builder.Services.AddTorchJobExecutor(torch => builder.Configuration.GetSection(TorchJobExecutorOptions.Section).Bind(torch));

builder.Build().Run();
