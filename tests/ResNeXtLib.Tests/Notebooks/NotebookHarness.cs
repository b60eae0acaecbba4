using ResNeXtWorkbook.NotebookRunner;
using Xunit.Abstractions;

namespace ResNeXtLib.Tests.Notebooks;

/// <summary>Runs notebook tests one at a time, because each starts a kernel and side by side they only compete for the CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    public const string Name = "Notebooks";
}

/// <summary>
/// Executes a notebook from notebooks/ headless in fast mode (RESNEXT_FAST=1) through
/// <see cref="NotebookExecutor"/> and returns its outputs. The first call per test run restores the
/// local tools and builds src/ResNeXtLib, so <c>dotnet test</c> works on a fresh clone. Each notebook
/// runs once per test run and its tests share the outputs.
/// </summary>
public static class NotebookHarness
{
    /// <summary>Time limit per notebook in fast mode; it includes the first NuGet restore of TorchSharp, about 300 MB.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);

    private static readonly SemaphoreSlim PreparationLock = new(1, 1);
    private static readonly Dictionary<string, NotebookOutputs> CompletedRuns = new(StringComparer.OrdinalIgnoreCase);
    private static bool prepared;

    /// <summary>Returns the directory under the repository's artifacts/ that keeps the executed copies for inspection after a failure.</summary>
    public static string OutputDirectory(NotebookExecutor executor) =>
        Path.Combine(executor.RepositoryRoot, "artifacts", "notebook-tests");

    public static async Task<NotebookOutputs> ExecuteAsync(string notebookName, ITestOutputHelper output)
    {
        // Notebook tests run one at a time (NotebookCollection), so the cache needs no lock.
        if (CompletedRuns.TryGetValue(notebookName, out var completed))
        {
            output.WriteLine($"Reusing this test run's execution: {completed.Run.Describe()}");
            return completed;
        }

        // A new executor per run, so that the streamed cell output goes to this test's output.
        var executor = new NotebookExecutor(NotebookExecutor.FindRepositoryRoot(AppContext.BaseDirectory), output.WriteLine);
        await PrepareOnceAsync(executor);

        var notebookPath = executor.FindNotebooks(notebookName).Single();
        var options = new NotebookRunOptions
        {
            OutputDirectory = OutputDirectory(executor),
            Fast = true,
            Timeout = Timeout,
        };

        var run = await executor.RunNotebookAsync(notebookPath, options);
        output.WriteLine(run.Describe());
        var outputs = new NotebookOutputs(run);
        CompletedRuns[notebookName] = outputs;
        return outputs;
    }

    private static async Task PrepareOnceAsync(NotebookExecutor executor)
    {
        await PreparationLock.WaitAsync();
        try
        {
            if (!prepared)
            {
                await executor.RestoreToolsAsync();
                await executor.BuildLibraryAsync();
                prepared = true;
            }
        }
        finally
        {
            PreparationLock.Release();
        }
    }
}
