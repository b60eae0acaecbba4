using ResNeXtLib.Data;
using ResNeXtLib.Models;
using ResNeXtLib.Training;
using TorchSharp;

namespace ResNeXtLib.Tests.Training;

[Collection(TorchCollection.Name)]
public class TrainerTests
{
    private static readonly Lazy<FashionMnist> RealData = new(() => FashionMnist.Load(new FashionMnistLocatorOptions { Log = TextWriter.Null }));

    private static ResNeXt SmallModel(int seed = 1)
    {
        torch.manual_seed(seed);
        return new ResNeXt(ResNeXtConfig.FashionMnistSmall());
    }

    [Fact]
    public void FewSteps_OnFixedBatch_LowerTheLoss()
    {
        using var model = SmallModel();
        var batch = RealData.Value.Train.Subset(64, seed: 3);
        using var images = batch.ToImageTensor();
        using var labels = batch.ToLabelTensor();
        using var optimizer = torch.optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        model.train();

        double Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }

        double first = Step();
        double last = first;
        for (int i = 0; i < 15; i++)
        {
            last = Step();
        }

        Assert.True(last < first * 0.8, $"loss went from {first:F4} to {last:F4}");
    }

    [Fact]
    public void Fit_RecordsOneRowPerEpochWithEveryField()
    {
        using var model = SmallModel();
        var (train, validation) = RealData.Value.Train.Subset(600, seed: 5).SplitValidation(100, seed: 5);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 3, BatchSize = 100 });
        int epochEvents = 0;
        int batchEvents = 0;
        trainer.EpochCompleted += (_, _) => epochEvents++;
        trainer.BatchCompleted += _ => batchEvents++;

        var history = trainer.Fit(train, validation);

        Assert.Equal(new[] { 1, 2, 3 }, history.Epochs.Select(e => e.Epoch));
        Assert.Equal(3, epochEvents);
        Assert.Equal(3 * 5, batchEvents);
        foreach (var row in history.Epochs)
        {
            Assert.True(double.IsFinite(row.TrainLoss), $"train loss {row.TrainLoss}");
            Assert.True(row.TrainLoss > 0, $"train loss {row.TrainLoss}");
            Assert.InRange(row.TrainAccuracy, 0.0, 1.0);
            Assert.True(double.IsFinite(row.ValidationLoss), $"validation loss {row.ValidationLoss}");
            Assert.True(row.ValidationLoss > 0, $"validation loss {row.ValidationLoss}");
            Assert.InRange(row.ValidationAccuracy, 0.0, 1.0);
            Assert.InRange(row.LearningRate, 0.0, 0.2);
            Assert.True(row.Seconds > 0, $"seconds {row.Seconds}");
        }

        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss, "training loss did not fall over 3 epochs");
    }

    [Fact]
    public void Fit_SameSeed_SameHistory()
    {
        var (train, validation) = RealData.Value.Train.Subset(300, seed: 7).SplitValidation(60, seed: 7);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 60 };

        TrainingHistory Run()
        {
            using var model = SmallModel(seed: 11);
            return new Trainer(model, options).Fit(train, validation);
        }

        var first = Run();
        var second = Run();

        Assert.Equal(first.Epochs.Select(e => e.TrainLoss), second.Epochs.Select(e => e.TrainLoss));
        Assert.Equal(first.Epochs.Select(e => e.ValidationAccuracy), second.Epochs.Select(e => e.ValidationAccuracy));
    }

    [Fact]
    public void Fit_NonFiniteLoss_StopsWithDivergedMessage()
    {
        using var model = SmallModel();
        var (train, validation) = RealData.Value.Train.Subset(600, seed: 5).SplitValidation(100, seed: 5);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 2, BatchSize = 50 });

        // Batch normalization keeps even a huge learning rate from producing NaN within a few steps on
        // this model, so the test poisons one weight to make the loss NaN at the first step.
        using (torch.no_grad())
        {
            model.named_parameters().Single(p => p.name == "fc.bias").parameter.fill_(float.NaN);
        }

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(train, validation));

        Assert.Contains("Training diverged", error.Message);
        Assert.Contains($"epoch {error.Epoch}, step {error.Step}", error.Message);
        Assert.Contains("Lower the learning rate", error.Message);
        Assert.Same(trainer.History, error.History);
    }

    [Fact]
    public void Fit_Cancelled_KeepsCompletedEpochs()
    {
        using var model = SmallModel();
        var (train, validation) = RealData.Value.Train.Subset(400, seed: 5).SplitValidation(100, seed: 5);
        var trainer = new Trainer(model, new TrainingOptions { Epochs = 3, BatchSize = 100 });
        using var cancellation = new CancellationTokenSource();
        trainer.BatchCompleted += step =>
        {
            if (step.Epoch == 2 && step.Batch == 1)
            {
                cancellation.Cancel();
            }
        };

        var history = trainer.Fit(train, validation, cancellation.Token);

        var only = Assert.Single(history.Epochs);
        Assert.Equal(1, only.Epoch);
        using var input = torch.randn(2, 1, 28, 28);
        using var output = model.forward(input);
        Assert.Equal(new long[] { 2, 10 }, output.shape);
    }

    [Theory]
    [InlineData("Epochs", 0)]
    [InlineData("BatchSize", 0)]
    [InlineData("BatchSize", 100_000)]
    [InlineData("LearningRate", 0.0)]
    [InlineData("LearningRate", double.NaN)]
    [InlineData("ValidationFraction", 1.0)]
    [InlineData("ValidationFraction", 0.0)]
    public void Options_OutOfRange_NameOptionAndValue(string option, object value)
    {
        var options = option switch
        {
            "Epochs" => new TrainingOptions { Epochs = Convert.ToInt32(value) },
            "BatchSize" => new TrainingOptions { BatchSize = Convert.ToInt32(value) },
            "LearningRate" => new TrainingOptions { LearningRate = Convert.ToDouble(value) },
            _ => new TrainingOptions { ValidationFraction = Convert.ToDouble(value) },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());

        Assert.Equal(option, error.ParamName);
        Assert.Contains($"Training option {option} is", error.Message);
        Assert.Contains("use ", error.Message);
    }

    [Fact]
    public void Evaluate_ConfusionMatrixSumsToSetSize()
    {
        using var model = SmallModel();
        var set = RealData.Value.Test.Subset(250, seed: 2);

        var result = Evaluation.Evaluate(model, set, batchSize: 100);

        Assert.Equal(250, result.Predictions.Length);
        Assert.Equal(250, result.ConfusionMatrix.Cast<int>().Sum());
        int diagonal = Enumerable.Range(0, 10).Sum(i => result.ConfusionMatrix[i, i]);
        Assert.Equal(result.Accuracy, diagonal / 250.0, precision: 10);
        Assert.True(model.training, "Evaluate must restore training mode");
    }
}
