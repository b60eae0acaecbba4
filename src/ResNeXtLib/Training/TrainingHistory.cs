using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ResNeXtLib.Training;

/// <summary>The per-epoch metrics of a training run, in order, with CSV and JSON export.</summary>
public sealed class TrainingHistory
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly List<EpochMetrics> epochs = new();

    /// <summary>Creates an empty history, or one that continues the given rows.</summary>
    public TrainingHistory(IEnumerable<EpochMetrics>? epochs = null)
    {
        if (epochs is not null)
        {
            this.epochs.AddRange(epochs);
        }
    }

    /// <summary>The rows, one per completed epoch.</summary>
    public IReadOnlyList<EpochMetrics> Epochs => epochs;

    /// <summary>Appends the metrics of a completed epoch.</summary>
    public void Add(EpochMetrics metrics) => epochs.Add(metrics);

    /// <summary>Returns the history as CSV with a header row, numbers in invariant culture.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,seconds\n");
        foreach (var row in epochs)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Epoch},{row.TrainLoss:R},{row.TrainAccuracy:R},{row.ValidationLoss:R},{row.ValidationAccuracy:R},{row.LearningRate:R},{row.Seconds:F3}"));
        }

        return csv.ToString();
    }

    /// <summary>Returns the history as an indented JSON array of rows.</summary>
    public string ToJson() => JsonSerializer.Serialize(epochs, JsonOptions);

    /// <summary>Reads a history written by <see cref="ToJson"/>.</summary>
    public static TrainingHistory FromJson(string json) =>
        new(JsonSerializer.Deserialize<List<EpochMetrics>>(json) ?? throw new InvalidDataException("The training history JSON is empty (null)."));

    /// <summary>Writes the history to <paramref name="path"/>, as JSON when the name ends in .json and as CSV otherwise.</summary>
    /// <remarks>The file is written to a temporary name and renamed into place, so a crash leaves the previous file intact.</remarks>
    public void Save(string path)
    {
        string content = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ToJson() : ToCsv();
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = fullPath + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, fullPath, overwrite: true);
    }
}
