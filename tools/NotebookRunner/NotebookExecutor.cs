using System.Diagnostics;
using System.Globalization;

namespace ResNeXtWorkbook.NotebookRunner;

/// <summary>Settings for running one notebook.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Directory for the executed copies; created if missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Sets RESNEXT_FAST=1 for the kernel, which the notebooks read to use smaller workloads.</summary>
    public bool Fast { get; init; }

    /// <summary>Kills dotnet-repl after this long; null waits without limit.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Outcome of running one notebook with dotnet-repl.</summary>
public sealed record NotebookRunResult
{
    public required string Name { get; init; }

    public required string NotebookPath { get; init; }

    /// <summary>Executed copy with outputs; null when dotnet-repl wrote none.</summary>
    public string? ExecutedPath { get; init; }

    public ExecutedNotebook? Executed { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required int ExitCode { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>First cell with an error output; null when no cell failed or no executed copy exists.</summary>
    public NotebookCell? FailedCell => Executed?.FirstFailedCell;

    /// <summary>dotnet-repl 0.3.259 exits with 2 when a cell fails; an error output counts as a failure whatever the exit code.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut && Executed is not null && FailedCell is null;

    /// <summary>One line for the summary: name, seconds and ok or the reason for the failure.</summary>
    public string Describe()
    {
        var seconds = Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        if (Succeeded)
        {
            return $"{Name}  {seconds} s  ok";
        }

        string reason;
        if (TimedOut)
        {
            reason = "timed out";
        }
        else if (FailedCell is { } cell)
        {
            var error = cell.Outputs.First(output => output.Kind == NotebookOutputKind.Error).ErrorValue ?? "";
            var firstErrorLine = error.Split('\n')[0].Trim();
            reason = $"cell {cell.Number} ({cell.Summary}): {firstErrorLine}";
        }
        else if (Executed is null)
        {
            reason = $"dotnet-repl exited with code {ExitCode} and wrote no executed notebook";
        }
        else
        {
            reason = $"dotnet-repl exited with code {ExitCode} but no cell has an error output";
        }

        return $"{Name}  {seconds} s  FAILED at {reason}";
    }
}

/// <summary>
/// Runs the workbook's notebooks headless with the dotnet-repl local tool: restores the tools, builds
/// src/ResNeXtLib (which the notebooks reference by path) and executes each notebook with notebooks/
/// as the working directory, streaming the cells' output to a log callback.
/// </summary>
public sealed class NotebookExecutor
{
    /// <summary>File that marks the repository root.</summary>
    public const string SolutionFileName = "ResNeXtWorkbook.slnx";

    private readonly Action<string> log;

    public NotebookExecutor(string repositoryRoot, Action<string> log)
    {
        RepositoryRoot = repositoryRoot;
        this.log = log;
    }

    public string RepositoryRoot { get; }

    public string NotebooksDirectory => Path.Combine(RepositoryRoot, "notebooks");

    public string DefaultOutputDirectory => Path.Combine(RepositoryRoot, "artifacts", "notebooks");

    /// <summary>Walks up from <paramref name="startDirectory"/> to the directory that contains ResNeXtWorkbook.slnx.</summary>
    public static string FindRepositoryRoot(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No {SolutionFileName} found in '{startDirectory}' or its parents; run this from inside the ResNeXt Workbook repository.");
    }

    /// <summary>Notebooks in notebooks/ in ordinal name order, or the one named <paramref name="only"/> (with or without .ipynb).</summary>
    public IReadOnlyList<string> FindNotebooks(string? only = null)
    {
        var notebooks = Directory.GetFiles(NotebooksDirectory, "*.ipynb")
            .OrderBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .ToList();
        if (only is null)
        {
            return notebooks;
        }

        var requested = only.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) ? only : only + ".ipynb";
        var match = notebooks.FirstOrDefault(path => string.Equals(Path.GetFileName(path), requested, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            var available = string.Join(", ", notebooks.Select(Path.GetFileNameWithoutExtension));
            throw new FileNotFoundException($"Notebook '{requested}' not found in {NotebooksDirectory}. Available: {available}.");
        }

        return [match];
    }

    /// <summary>Runs <c>dotnet tool restore</c> so that dotnet-repl (pinned in .config/dotnet-tools.json) is available.</summary>
    public async Task RestoreToolsAsync(CancellationToken cancellationToken = default)
    {
        log("Restoring local tools (dotnet tool restore)");
        await RunDotnetOrThrowAsync(["tool", "restore"], RepositoryRoot, cancellationToken);
    }

    /// <summary>Builds src/ResNeXtLib in Debug, the configuration whose output path the notebooks' #r lines name.</summary>
    public async Task BuildLibraryAsync(CancellationToken cancellationToken = default)
    {
        log("Building src/ResNeXtLib (Debug)");
        var project = Path.Combine(RepositoryRoot, "src", "ResNeXtLib", "ResNeXtLib.csproj");
        await RunDotnetOrThrowAsync(["build", project, "--configuration", "Debug", "--nologo", "--verbosity", "quiet"], RepositoryRoot, cancellationToken);
    }

    /// <summary>Executes one notebook and writes the executed copy, with outputs, to the output directory under the same file name.</summary>
    public async Task<NotebookRunResult> RunNotebookAsync(string notebookPath, NotebookRunOptions options, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        Directory.CreateDirectory(options.OutputDirectory);
        var executedPath = Path.Combine(options.OutputDirectory, Path.GetFileName(notebookPath));
        File.Delete(executedPath);

        var scratchDirectory = Path.Combine(Path.GetTempPath(), "resnext-notebook-runner", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratchDirectory);
        try
        {
            var instrumentedPath = Path.Combine(scratchDirectory, Path.GetFileName(notebookPath));
            var rawOutputPath = Path.Combine(scratchDirectory, "executed.ipynb");
            NotebookInstrumentation.WriteInstrumentedCopy(notebookPath, instrumentedPath);

            var progress = new ProgressPrinter(ExecutedNotebook.Load(notebookPath), log);
            log($"Running {name}{(options.Fast ? " (fast mode)" : "")}");
            var stopwatch = Stopwatch.StartNew();

            // The kernel resolves relative #r and file paths against its working directory, so notebooks/
            // is used, as in VS Code and Jupyter. The instrumented copy itself can live anywhere.
            var result = await ChildProcess.RunAsync(
                "dotnet",
                ["tool", "run", "dotnet-repl", "--run", instrumentedPath, "--exit-after-run", "--output-path", rawOutputPath],
                NotebooksDirectory,
                CreateKernelEnvironment(options.Fast),
                progress.HandleLine,
                options.Timeout,
                cancellationToken);
            stopwatch.Stop();

            ExecutedNotebook? executed = null;
            if (File.Exists(rawOutputPath))
            {
                var progressCellError = NotebookInstrumentation.WriteWithoutProgressCell(rawOutputPath, executedPath);
                if (progressCellError is not null)
                {
                    log($"NotebookRunner's progress cell failed, so no progress was shown for {name}: {progressCellError}");
                }

                executed = ExecutedNotebook.Load(executedPath);
            }

            return new NotebookRunResult
            {
                Name = name,
                NotebookPath = notebookPath,
                ExecutedPath = executed is null ? null : executedPath,
                Executed = executed,
                Elapsed = stopwatch.Elapsed,
                ExitCode = result.ExitCode,
                TimedOut = result.TimedOut,
            };
        }
        finally
        {
            Directory.Delete(scratchDirectory, recursive: true);
        }
    }

    private static Dictionary<string, string> CreateKernelEnvironment(bool fast)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
            ["POWERSHELL_TELEMETRY_OPTOUT"] = "1",
        };
        if (fast)
        {
            environment["RESNEXT_FAST"] = "1";
        }

        return environment;
    }

    private async Task RunDotnetOrThrowAsync(string[] arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var result = await ChildProcess.RunAsync(
            "dotnet", arguments, workingDirectory, CreateKernelEnvironment(fast: false), line => log("  " + line), timeout: null, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'dotnet {string.Join(' ', arguments)}' failed with exit code {result.ExitCode}; see its output above.");
        }
    }
}
