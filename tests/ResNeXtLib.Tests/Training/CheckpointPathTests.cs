using ResNeXtLib.Models;
using ResNeXtLib.Training;
using TorchSharp;

namespace ResNeXtLib.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class CheckpointPathTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("checkpoint-path-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Options_FolderAsCheckpointPath_Rejected()
    {
        var options = new TrainingOptions { CheckpointPath = folder };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());

        Assert.Equal(nameof(TrainingOptions.CheckpointPath), error.ParamName);
        Assert.Contains("(a folder)", error.Message);
        Assert.Contains(Path.Combine(folder, "model.ckpt"), error.Message);
    }

    [Fact]
    public void Save_UnderAFile_FailsWithoutTemporaryFile()
    {
        string file = Path.Combine(folder, "afile");
        File.WriteAllText(file, "not a folder");
        torch.manual_seed(1);
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        using var trainer = new Trainer(model, new TrainingOptions());
        string path = Path.Combine(file, "model.ckpt");

        var error = Assert.Throws<IOException>(() => trainer.SaveCheckpoint(path));

        Assert.Contains($"{file} is a file, not a folder", error.Message);
        Assert.Equal(new[] { file }, Directory.GetFiles(folder));
    }
}
