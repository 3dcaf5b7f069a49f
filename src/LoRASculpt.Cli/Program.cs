using System.CommandLine;
using LoRASculpt.Cli;
using LoRASculpt.Cli.Commands;
using LoRASculpt.Training;

// Native settings for libtorch first, while the process has one thread (see TorchProcessSettings).
TorchProcessSettings.Apply();

// The root command is only a registry: each subcommand lives in Commands/ and builds itself.
var root = new RootCommand("LoRASculpt: sparse LoRA with conflict mitigation, and ablation sweeps of it, on a built-in multimodal benchmark.");
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(PretrainCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(AdapterCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(LoRASculpt.Cli.Commands.Report.ReportCommand.Create());
root.Subcommands.Add(LeaderboardCommand.Create());
root.Subcommands.Add(ReevalCommand.Create());
root.Subcommands.Add(ModelCommand.Create());
return CommandRunner.Run(root, args, Console.Out, Console.Error);
