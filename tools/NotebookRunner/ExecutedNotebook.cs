using System.Globalization;
using System.Text.Json.Nodes;

namespace ResNeXtWorkbook.NotebookRunner;

/// <summary>Kind of a cell output, named after the nbformat 4 <c>output_type</c> values.</summary>
public enum NotebookOutputKind
{
    Stream,
    DisplayData,
    ExecuteResult,
    Error,
}

/// <summary>One output of a code cell in an .ipynb file (nbformat 4).</summary>
public sealed class NotebookOutput
{
    public required NotebookOutputKind Kind { get; init; }

    /// <summary>Stream name (<c>stdout</c> or <c>stderr</c>) of a stream output; null for other kinds.</summary>
    public string? StreamName { get; init; }

    /// <summary>Text of a stream output; null for other kinds.</summary>
    public string? StreamText { get; init; }

    /// <summary>Representations of a display or result output by MIME type; JSON values are kept as JSON text.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();

    /// <summary>Exception name of an error output (dotnet-repl 0.3.259 always writes "Error").</summary>
    public string? ErrorName { get; init; }

    /// <summary>Error message of an error output, which in dotnet-repl includes the .NET stack trace.</summary>
    public string? ErrorValue { get; init; }

    public string? PlainText => Data.GetValueOrDefault("text/plain");

    public string? Html => Data.GetValueOrDefault("text/html");
}

/// <summary>One cell of an .ipynb file with its outputs.</summary>
public sealed class NotebookCell
{
    /// <summary>1-based position among all cells, as a reader counts them in the editor.</summary>
    public required int Number { get; init; }

    /// <summary>nbformat cell type: <c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public required string CellType { get; init; }

    public required string Source { get; init; }

    public required IReadOnlyList<NotebookOutput> Outputs { get; init; }

    /// <summary>Execution time from the timestamps dotnet-repl writes into the cell metadata; null if absent.</summary>
    public TimeSpan? Duration { get; init; }

    public bool IsCode => CellType == "code";

    public bool HasError => Outputs.Any(output => output.Kind == NotebookOutputKind.Error);

    /// <summary>First non-blank source line, shortened for one-line reports.</summary>
    public string Summary
    {
        get
        {
            var line = Source.Split('\n').Select(text => text.Trim()).FirstOrDefault(text => text.Length > 0) ?? "";
            return line.Length <= 80 ? line : line[..77] + "...";
        }
    }
}

/// <summary>An .ipynb file read into cells and outputs, usually the copy that dotnet-repl wrote after running it.</summary>
public sealed class ExecutedNotebook
{
    private ExecutedNotebook(string path, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        Cells = cells;
    }

    public string Path { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    public IEnumerable<NotebookCell> CodeCells => Cells.Where(cell => cell.IsCode);

    /// <summary>The first cell with an error output, or null when every cell ran.</summary>
    public NotebookCell? FirstFailedCell => Cells.FirstOrDefault(cell => cell.HasError);

    public static ExecutedNotebook Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))
            ?? throw new InvalidDataException($"Notebook '{path}' is empty.");
        var cellsNode = root["cells"] as JsonArray
            ?? throw new InvalidDataException($"Notebook '{path}' has no 'cells' array; is it an nbformat 4 .ipynb file?");

        var cells = new List<NotebookCell>();
        foreach (var cellNode in cellsNode)
        {
            if (cellNode is null)
            {
                continue;
            }

            cells.Add(new NotebookCell
            {
                Number = cells.Count + 1,
                CellType = cellNode["cell_type"]?.GetValue<string>() ?? "code",
                Source = JoinMultiline(cellNode["source"]),
                Outputs = ReadOutputs(cellNode["outputs"] as JsonArray),
                Duration = ReadDuration(cellNode["metadata"]),
            });
        }

        return new ExecutedNotebook(path, cells);
    }

    private static List<NotebookOutput> ReadOutputs(JsonArray? outputsNode)
    {
        var outputs = new List<NotebookOutput>();
        foreach (var outputNode in outputsNode ?? [])
        {
            if (outputNode is null)
            {
                continue;
            }

            var outputType = outputNode["output_type"]?.GetValue<string>();
            outputs.Add(outputType switch
            {
                "stream" => new NotebookOutput
                {
                    Kind = NotebookOutputKind.Stream,
                    StreamName = outputNode["name"]?.GetValue<string>(),
                    StreamText = JoinMultiline(outputNode["text"]),
                },
                "error" => new NotebookOutput
                {
                    Kind = NotebookOutputKind.Error,
                    ErrorName = outputNode["ename"]?.GetValue<string>(),
                    ErrorValue = outputNode["evalue"]?.GetValue<string>(),
                },
                "execute_result" => new NotebookOutput
                {
                    Kind = NotebookOutputKind.ExecuteResult,
                    Data = ReadData(outputNode["data"] as JsonObject),
                },
                "display_data" => new NotebookOutput
                {
                    Kind = NotebookOutputKind.DisplayData,
                    Data = ReadData(outputNode["data"] as JsonObject),
                },
                _ => throw new InvalidDataException($"Unknown cell output_type '{outputType}'."),
            });
        }

        return outputs;
    }

    private static Dictionary<string, string> ReadData(JsonObject? dataNode)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (mimeType, value) in dataNode ?? [])
        {
            // nbformat stores text types as a string or a list of lines and JSON types as JSON.
            data[mimeType] = value is JsonValue or JsonArray && !mimeType.EndsWith("json", StringComparison.Ordinal)
                ? JoinMultiline(value)
                : value?.ToJsonString() ?? "";
        }

        return data;
    }

    private static string JoinMultiline(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(line => line?.GetValue<string>())),
        _ => node.GetValue<string>(),
    };

    private static TimeSpan? ReadDuration(JsonNode? metadata)
    {
        var start = metadata?["dotnet_repl_cellExecutionStartTime"]?.GetValue<string>();
        var end = metadata?["dotnet_repl_cellExecutionEndTime"]?.GetValue<string>();
        if (start is null || end is null)
        {
            return null;
        }

        return DateTimeOffset.Parse(end, CultureInfo.InvariantCulture) - DateTimeOffset.Parse(start, CultureInfo.InvariantCulture);
    }
}
