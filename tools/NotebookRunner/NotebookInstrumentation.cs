using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResNeXtWorkbook.NotebookRunner;

/// <summary>
/// Adds the progress-reporting cell to a copy of a notebook before dotnet-repl runs it, and removes it
/// from the executed copy so that the executed cells line up with the source notebook.
/// </summary>
internal static class NotebookInstrumentation
{
    /// <summary>Prefix of the line the progress cell writes when the kernel starts submission n (0 is the progress cell itself).</summary>
    public const string CellMarker = "##notebook-runner-cell ";

    private const string ProgressCellTag = "notebook-runner-progress";

    private const string ProgressReporterClassName = "NotebookRunnerProgressReporter";

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };

    public static void WriteInstrumentedCopy(string sourcePath, string destinationPath)
    {
        var notebook = LoadNotebook(sourcePath);
        var cells = (JsonArray)notebook["cells"]!;
        cells.Insert(0, CreateProgressCell());
        File.WriteAllText(destinationPath, notebook.ToJsonString(WriteOptions));
    }

    /// <summary>
    /// Writes the executed notebook without the progress cell. Returns the progress cell's error
    /// output, or null when it ran, so the caller can report a failure that is not the notebook's.
    /// </summary>
    public static string? WriteWithoutProgressCell(string executedPath, string destinationPath)
    {
        var notebook = LoadNotebook(executedPath);
        var cells = (JsonArray)notebook["cells"]!;
        string? progressCellError = null;
        if (cells.Count > 0 && IsProgressCell(cells[0]))
        {
            progressCellError = (cells[0]!["outputs"] as JsonArray)?
                .FirstOrDefault(output => output?["output_type"]?.GetValue<string>() == "error")?["evalue"]?.GetValue<string>();
            cells.RemoveAt(0);
        }

        File.WriteAllText(destinationPath, notebook.ToJsonString(WriteOptions));
        return progressCellError;
    }

    private static JsonObject LoadNotebook(string path)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        if (notebook?["cells"] is not JsonArray)
        {
            throw new InvalidDataException($"'{path}' is not an nbformat 4 notebook: it has no 'cells' array.");
        }

        return notebook;
    }

    private static JsonObject CreateProgressCell() => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["metadata"] = new JsonObject
        {
            ["tags"] = new JsonArray(ProgressCellTag),
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        },
        ["outputs"] = new JsonArray(),
        ["source"] = ReadProgressCellSource(),
    };

    // The cell is recognised by the class it declares, because dotnet-repl may not keep cell tags.
    private static bool IsProgressCell(JsonNode? cell)
    {
        var source = cell?["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(line => line?.GetValue<string>())),
            JsonValue text => text.GetValue<string>(),
            _ => "",
        };
        return source.Contains(ProgressReporterClassName, StringComparison.Ordinal);
    }

    private static string ReadProgressCellSource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ProgressReporterCell.csx")
            ?? throw new InvalidOperationException("The embedded resource 'ProgressReporterCell.csx' is missing from NotebookRunner.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
