using LoRASculpt.Benchmarks;

// Dispatcher: `dotnet run --project tests/LoRASculpt.Benchmarks -c Release -- <benchmark> [args]`.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var selected = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (selected is null)
{
    Console.Error.WriteLine("usage: LoRASculpt.Benchmarks <benchmark> [args]");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name,-16} {b.Description}");
    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}
return selected.Run(args[1..]);
