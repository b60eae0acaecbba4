using System.Globalization;
using ResNeXtWorkbook.NotebookRunner;

const string Usage = """
    Runs every notebook in notebooks/ headless with dotnet-repl and writes the executed copies.

    Usage: dotnet run --project tools/NotebookRunner -- [options]

    Options:
      --fast                 Set RESNEXT_FAST=1 so the notebooks use their small, quick workloads.
      --only NAME            Run only notebooks/NAME.ipynb (the .ipynb extension is optional).
      --output DIR           Directory for the executed notebooks (default: artifacts/notebooks
                             under the repository root).
      --timeout-minutes N    Stop a notebook that runs longer than N minutes (default: no limit).
      -h, --help             Show this help.

    Exit code: 0 when every cell of every notebook ran, 1 when a cell or notebook failed,
    2 for invalid options or a failed tool restore or build.
    """;

var fast = false;
string? only = null;
string? outputDirectory = null;
TimeSpan? timeout = null;

for (var index = 0; index < args.Length; index++)
{
    switch (args[index])
    {
        case "--fast":
            fast = true;
            break;
        case "--only" when index + 1 < args.Length:
            only = args[++index];
            break;
        case "--output" when index + 1 < args.Length:
            outputDirectory = Path.GetFullPath(args[++index]);
            break;
        case "--timeout-minutes" when index + 1 < args.Length:
            if (!double.TryParse(args[++index], NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) || minutes <= 0)
            {
                Console.Error.WriteLine($"Invalid --timeout-minutes value '{args[index]}': expected a positive number of minutes.");
                return 2;
            }

            timeout = TimeSpan.FromMinutes(minutes);
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            Console.Error.WriteLine($"Invalid or incomplete option '{args[index]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

NotebookExecutor executor;
IReadOnlyList<string> notebooks;
try
{
    executor = new NotebookExecutor(NotebookExecutor.FindRepositoryRoot(Environment.CurrentDirectory), Console.WriteLine);
    notebooks = executor.FindNotebooks(only);
    await executor.RestoreToolsAsync();
    await executor.BuildLibraryAsync();
}
catch (Exception exception) when (exception is IOException or InvalidOperationException)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

var options = new NotebookRunOptions
{
    OutputDirectory = outputDirectory ?? executor.DefaultOutputDirectory,
    Fast = fast,
    Timeout = timeout,
};

var results = new List<NotebookRunResult>();
foreach (var notebook in notebooks)
{
    results.Add(await executor.RunNotebookAsync(notebook, options));
}

Console.WriteLine();
Console.WriteLine($"Executed notebooks are in {options.OutputDirectory}");
foreach (var result in results)
{
    Console.WriteLine(result.Describe());
}

return results.All(result => result.Succeeded) ? 0 : 1;
