using System.Text.Json.Nodes;
using ResNeXtWorkbook.NotebookRunner;
using Xunit.Abstractions;

namespace ResNeXtLib.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class NotebookExecutorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string scratchDirectory = Directory.CreateTempSubdirectory("notebook-executor-tests-").FullName;

    public void Dispose() => Directory.Delete(scratchDirectory, recursive: true);

    [Fact]
    public async Task FailingCell_IsReportedWithNumber()
    {
        var notebookPath = Path.Combine(scratchDirectory, "failing.ipynb");
        WriteNotebook(notebookPath, "Console.WriteLine(\"before\");", "throw new InvalidOperationException(\"planned failure\");", "Console.WriteLine(\"after\");");
        var executor = new NotebookExecutor(NotebookExecutor.FindRepositoryRoot(AppContext.BaseDirectory), output.WriteLine);
        await executor.RestoreToolsAsync();

        var run = await executor.RunNotebookAsync(notebookPath, new NotebookRunOptions
        {
            OutputDirectory = Path.Combine(scratchDirectory, "out"),
            Timeout = NotebookHarness.Timeout,
        });

        Assert.False(run.Succeeded);
        Assert.Equal(2, run.ExitCode);
        Assert.NotNull(run.FailedCell);
        Assert.Equal(2, run.FailedCell.Number);
        Assert.Contains("planned failure", run.Describe());
        Assert.Equal(3, run.Executed!.Cells.Count);
        Assert.Contains("before", NotebookOutputs.TextOf(run.Executed.Cells[0]));
    }

    private static void WriteNotebook(string path, params string[] cellSources)
    {
        var cells = new JsonArray();
        foreach (var source in cellSources)
        {
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
                ["outputs"] = new JsonArray(),
                ["source"] = source,
            });
        }

        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 2,
        };
        File.WriteAllText(path, notebook.ToJsonString());
    }
}
