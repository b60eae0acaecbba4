// Benchmarks that print numbers; none of them is a test. Run with:
//   dotnet run -c Release --project benchmarks/ResNeXtBench -- MODE
// Each mode lives in its own file. Results, with the machine and command, go to docs/benchmarks.md.
using ResNeXtLib;
using ResNeXtLib.Benchmarks;
using TorchSharp;

var modes = new Dictionary<string, (string Description, Action<string[]> Run)>
{
    ["model-speed"] = ("Training throughput of candidate small ResNeXts for 1x28x28 images.", ModelSpeed.Run),
    ["memory"] = ("Working set per epoch while training the small model, PASS/FAIL for flat memory.", MemoryUse.Run),
};

if (args.Length == 0 || !modes.TryGetValue(args[0], out var mode))
{
    Console.Error.WriteLine(args.Length == 0 ? "Missing benchmark mode." : $"Unknown benchmark mode \"{args[0]}\".");
    Console.Error.WriteLine("Usage: dotnet run -c Release --project benchmarks/ResNeXtBench -- MODE [options]");
    foreach (var (name, (description, _)) in modes)
    {
        Console.Error.WriteLine($"  {name,-14} {description}");
    }

    return 2;
}

WorkbookSetup.Initialize();
torch.set_num_threads(Environment.ProcessorCount);
Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}, TorchSharp threads {torch.get_num_threads()}");
mode.Run(args[1..]);
return 0;
