using ResNeXtLib.Training;

namespace ResNeXtLib.Tests.Training;

public class TrainingHistoryTests
{
    private static TrainingHistory TwoEpochs() => new(
    [
        new EpochMetrics(1, 0.9, 0.7, 0.8, 0.72, 0.1, 12.5),
        new EpochMetrics(2, 0.5, 0.82, 0.55, 0.81, 0.0, 11.25),
    ]);

    [Fact]
    public void ToCsv_HeaderAndOneLinePerEpoch()
    {
        var lines = TwoEpochs().ToCsv().TrimEnd().Split('\n');

        Assert.Equal("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,seconds", lines[0].TrimEnd('\r'));
        Assert.Equal(3, lines.Length);
        Assert.Equal("2,0.5,0.82,0.55,0.81,0,11.250", lines[2].TrimEnd('\r'));
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var history = TwoEpochs();

        var copy = TrainingHistory.FromJson(history.ToJson());

        Assert.Equal(history.Epochs, copy.Epochs);
    }

    [Fact]
    public void Save_WritesCsvOrJsonByExtension()
    {
        string folder = Directory.CreateTempSubdirectory("history-").FullName;
        try
        {
            TwoEpochs().Save(Path.Combine(folder, "h.csv"));
            TwoEpochs().Save(Path.Combine(folder, "nested", "h.json"));

            Assert.StartsWith("epoch,", File.ReadAllText(Path.Combine(folder, "h.csv")));
            Assert.StartsWith("[", File.ReadAllText(Path.Combine(folder, "nested", "h.json")));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
