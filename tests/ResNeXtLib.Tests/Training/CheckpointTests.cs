using ResNeXtLib.Data;
using ResNeXtLib.Models;
using ResNeXtLib.Training;
using TorchSharp;

namespace ResNeXtLib.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    private static readonly Lazy<(ImageSet Train, ImageSet Validation)> Data = new(() =>
        FashionMnist.Load(new FashionMnistLocatorOptions { Log = TextWriter.Null }).Train.Subset(360, seed: 7).SplitValidation(60, seed: 7));

    private static readonly TrainingOptions Options = new() { Epochs = 2, BatchSize = 60, Seed = 3 };

    private readonly string folder = Directory.CreateTempSubdirectory("resnext-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static ResNeXt SmallModel(int seed, int classes = 10)
    {
        torch.manual_seed(seed);
        return new ResNeXt(ResNeXtConfig.FashionMnistSmall(classes));
    }

    private static Dictionary<string, float[]> Weights(ResNeXt model) =>
        model.state_dict()
            .Where(pair => pair.Value.dtype == torch.ScalarType.Float32)
            .ToDictionary(pair => pair.Key, pair => pair.Value.data<float>().ToArray());

    // One training run serves every test that needs a saved checkpoint; each test gets its own copy of the file.
    private static readonly Lazy<byte[]> SavedCheckpoint = new(() =>
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("resnext-checkpoint-").FullName, "saved.ckpt");
        using var model = SmallModel(seed: 11);
        using var trainer = new Trainer(model, Options);
        using var stop = new CancellationTokenSource();
        trainer.EpochCompleted += (_, _) => stop.Cancel();
        trainer.Fit(Data.Value.Train, Data.Value.Validation, stop.Token);
        trainer.SaveCheckpoint(path);
        byte[] bytes = File.ReadAllBytes(path);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        return bytes;
    });

    private string SavedAfterOneEpoch()
    {
        string path = Path.Combine(folder, "run.ckpt");
        File.WriteAllBytes(path, SavedCheckpoint.Value);
        return path;
    }

    [Fact]
    public void Resume_AfterOneEpoch_MatchesUninterruptedRun()
    {
        var (train, validation) = Data.Value;

        using var straightModel = SmallModel(seed: 11);
        using var straight = new Trainer(straightModel, Options);
        straight.Fit(train, validation);

        string path = Path.Combine(folder, "resume.ckpt");
        using (var firstModel = SmallModel(seed: 11))
        using (var first = new Trainer(firstModel, Options with { CheckpointPath = path }))
        {
            using var stop = new CancellationTokenSource();
            first.EpochCompleted += (_, _) => stop.Cancel();
            first.Fit(train, validation, stop.Token);
            Assert.Equal(1, first.CompletedEpochs);
        }

        // A different seed gives different initial weights, so equal results can only come from the checkpoint.
        using var resumedModel = SmallModel(seed: 99);
        using var resumed = new Trainer(resumedModel, Options);
        var checkpoint = resumed.LoadCheckpoint(path);
        resumed.Fit(train, validation);

        Assert.Equal(1, checkpoint.CompletedEpochs);
        Assert.Equal(5, checkpoint.StepsPerEpoch);
        Assert.Equal(3002, checkpoint.NextBatchOrderSeed);
        Assert.Equal(2, resumed.CompletedEpochs);

        // Exact equality: on one machine and thread count the same float operations run in the same order.
        var expected = Weights(straightModel);
        var actual = Weights(resumedModel);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var name in expected.Keys)
        {
            Assert.True(expected[name].SequenceEqual(actual[name]), $"weights of {name} differ after resuming");
        }

        static object Row(EpochMetrics m) => (m.Epoch, m.TrainLoss, m.TrainAccuracy, m.ValidationLoss, m.ValidationAccuracy, m.LearningRate);
        Assert.Equal(straight.History.Epochs.Select(Row), resumed.History.Epochs.Select(Row));
    }

    [Fact]
    public void Save_WritesHeaderAndEveryTensor()
    {
        string path = SavedAfterOneEpoch();

        var checkpoint = Checkpoint.Read(path);

        Assert.Equal("ResNeXt-Small (8x4d, 28x28)", checkpoint.Architecture);
        Assert.Equal(10, checkpoint.ClassCount);
        Assert.Equal(1, checkpoint.CompletedEpochs);
        Assert.Equal(300, checkpoint.TrainingImages);
        Assert.Single(checkpoint.History.Epochs);
        Assert.Contains(checkpoint.Tensors, t => t.Group == "model" && t.Name == "layer1.0.conv2.weight" && t.ShapeText == "[32, 4, 3, 3]");
        Assert.Contains(checkpoint.Tensors, t => t.Group == "model" && t.Name == "bn1.running_mean");
        Assert.Contains(checkpoint.Tensors, t => t.Group == "momentum" && t.Name == "fc.weight" && t.ShapeText == "[10, 256]");
        Assert.Contains(checkpoint.Tensors, t => t.Group == "rng" && t.DType == "Byte");
    }

    [Fact]
    public void Save_BeforeTraining_ReplacesFileWithoutMomentum()
    {
        string path = SavedAfterOneEpoch();
        using var model = SmallModel(seed: 1);
        using var trainer = new Trainer(model, Options);

        trainer.SaveCheckpoint(path);

        var checkpoint = Checkpoint.Read(path);
        Assert.Equal(0, checkpoint.CompletedEpochs);
        Assert.Equal(0, checkpoint.StepsPerEpoch);
        Assert.DoesNotContain(checkpoint.Tensors, t => t.Group == "momentum");
        Assert.False(File.Exists(path + ".tmp"), "the temporary file was left behind");
    }

    [Fact]
    public void Load_RestoresRandomGeneratorState()
    {
        string path = SavedAfterOneEpoch();
        var checkpoint = Checkpoint.Read(path);
        torch.manual_seed(5);
        using var saved = torch.random.get_rng_state();

        using var model = SmallModel(seed: 1);
        using var trainer = new Trainer(model, Options);
        torch.manual_seed(12345);
        trainer.LoadCheckpoint(path);

        using var restored = torch.random.get_rng_state();
        var entry = checkpoint.Tensors.Single(t => t.Group == "rng");
        Assert.Equal(entry.Length, restored.NumberOfElements);
        Assert.NotEqual(saved.data<byte>().ToArray(), restored.data<byte>().ToArray());
    }

    [Fact]
    public void Load_MissingFile_NamesPath()
    {
        using var model = SmallModel(seed: 1);
        using var trainer = new Trainer(model, Options);
        string path = Path.Combine(folder, "absent.ckpt");

        var error = Assert.Throws<FileNotFoundException>(() => trainer.LoadCheckpoint(path));

        Assert.Contains(path, error.Message);
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "truncated", "truncated" },
        { "wrong magic", "not the magic \"RNXTCKPT\"" },
        { "flipped payload byte", "SHA-256 checksum does not match" },
        { "other version", "format version 7" },
        { "empty", "fewer than the 48 bytes" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Load_DamagedFile_RejectedAndModelUnchanged(string damage, string expectedProblem)
    {
        string path = SavedAfterOneEpoch();
        byte[] bytes = File.ReadAllBytes(path);
        bytes = damage switch
        {
            "truncated" => bytes[..(bytes.Length * 2 / 3)],
            "wrong magic" => [.. "PK\u0003\u0004"u8, .. bytes[4..]],
            "flipped payload byte" => Flip(bytes, bytes.Length - 100),
            "other version" => [.. bytes[..8], 7, 0, 0, 0, .. bytes[12..]],
            _ => [],
        };
        File.WriteAllBytes(path, bytes);

        using var model = SmallModel(seed: 21);
        var before = Weights(model);
        using var trainer = new Trainer(model, Options);

        var error = Assert.Throws<InvalidCheckpointException>(() => trainer.LoadCheckpoint(path));

        Assert.StartsWith($"Cannot load checkpoint {path}:", error.Message);
        Assert.Contains(expectedProblem, error.Message);
        AssertUnchanged(before, model, trainer);
    }

    [Fact]
    public void Load_OtherClassCount_RejectedAndModelUnchanged()
    {
        string path = SavedAfterOneEpoch();
        using var model = SmallModel(seed: 21, classes: 5);
        var before = Weights(model);
        using var trainer = new Trainer(model, Options);

        var error = Assert.Throws<InvalidCheckpointException>(() => trainer.LoadCheckpoint(path));

        Assert.Contains("saved from a model with 10 classes, but the model has 5", error.Message);
        AssertUnchanged(before, model, trainer);
    }

    [Fact]
    public void Load_OtherArchitecture_RejectedAndModelUnchanged()
    {
        string path = SavedAfterOneEpoch();
        torch.manual_seed(21);
        var config = ResNeXtConfig.FashionMnistSmall() with { Name = "Wider", StemChannels = 48 };
        using var model = new ResNeXt(config);
        var before = Weights(model);
        using var trainer = new Trainer(model, Options);

        var error = Assert.Throws<InvalidCheckpointException>(() => trainer.LoadCheckpoint(path));

        Assert.Contains("architecture \"ResNeXt-Small (8x4d, 28x28)\", but the model is \"Wider\"", error.Message);
        AssertUnchanged(before, model, trainer);
    }

    [Fact]
    public void Load_SameNameOtherShapes_ListsTensors()
    {
        string path = SavedAfterOneEpoch();
        torch.manual_seed(21);
        var config = ResNeXtConfig.FashionMnistSmall() with { StemChannels = 48 };
        using var model = new ResNeXt(config);
        var before = Weights(model);
        using var trainer = new Trainer(model, Options);

        var error = Assert.Throws<InvalidCheckpointException>(() => trainer.LoadCheckpoint(path));

        Assert.Contains("conv1.weight is Float32 [32, 1, 3, 3] in the file but Float32 [48, 1, 3, 3] in the model", error.Message);
        AssertUnchanged(before, model, trainer);
    }

    [Fact]
    public void Load_OtherOptions_RejectedAndModelUnchanged()
    {
        string path = SavedAfterOneEpoch();
        using var model = SmallModel(seed: 21);
        var before = Weights(model);
        using var trainer = new Trainer(model, Options with { BatchSize = 50 });

        var error = Assert.Throws<InvalidCheckpointException>(() => trainer.LoadCheckpoint(path));

        Assert.Contains("BatchSize = 60", error.Message);
        Assert.Contains("BatchSize = 50", error.Message);
        AssertUnchanged(before, model, trainer);
    }

    [Fact]
    public void Fit_AfterLoad_OtherTrainingSet_Rejected()
    {
        string path = SavedAfterOneEpoch();
        using var model = SmallModel(seed: 21);
        using var trainer = new Trainer(model, Options);
        trainer.LoadCheckpoint(path);
        var (train, validation) = Data.Value;

        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(train.Subset(200, seed: 1), validation));

        Assert.Contains("300 training images in 5 batches per epoch", error.Message);
        Assert.Contains("200 images in 4 batches of 60", error.Message);
    }

    [Fact]
    public void Fit_AfterLoad_SameBatchCountOtherSet_Rejected()
    {
        string path = SavedAfterOneEpoch();
        using var model = SmallModel(seed: 21);
        using var trainer = new Trainer(model, Options);
        trainer.LoadCheckpoint(path);
        var (train, validation) = Data.Value;

        // 290 images also make 5 batches of 60, like the saved run's 300.
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(train.Subset(290, seed: 1), validation));

        Assert.Contains("300 training images in 5 batches per epoch", error.Message);
        Assert.Contains("290 images in 5 batches of 60", error.Message);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index] ^= 0xFF;
        return bytes;
    }

    private static void AssertUnchanged(Dictionary<string, float[]> before, ResNeXt model, Trainer trainer)
    {
        var after = Weights(model);
        foreach (var name in before.Keys)
        {
            Assert.True(before[name].SequenceEqual(after[name]), $"{name} changed although the load was rejected");
        }

        Assert.Equal(0, trainer.CompletedEpochs);
        Assert.Empty(trainer.History.Epochs);
    }
}
