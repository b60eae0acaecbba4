using ResNeXtLib.Data;
using ResNeXtLib.Models;
using ResNeXtLib.Training;
using TorchSharp;

namespace ResNeXtLib.Tests.Training;

/// <summary>
/// What a notebook does when a learner stops the training cell and runs it again: cancel mid-epoch, then train the
/// same model with a new trainer.
/// </summary>
[Collection(TorchCollection.Name)]
public class TrainerCancellationTests
{
    private static readonly Lazy<(ImageSet Train, ImageSet Validation)> Data = new(() =>
        FashionMnist.Load(new FashionMnistLocatorOptions { Log = TextWriter.Null }).Train.Subset(300, seed: 9).SplitValidation(60, seed: 9));

    private static readonly TrainingOptions Options = new() { Epochs = 2, BatchSize = 60 };

    /// <summary>Runs one "cell": a new trainer whose batch handler cancels after <paramref name="stopAfterBatches"/> steps.</summary>
    private static (TrainingHistory History, int BatchEvents, int EpochEvents) RunCell(ResNeXt model, int stopAfterBatches)
    {
        var (train, validation) = Data.Value;
        using var trainer = new Trainer(model, Options);
        using var stop = new CancellationTokenSource();
        int batchEvents = 0;
        int epochEvents = 0;
        trainer.BatchCompleted += _ =>
        {
            if (++batchEvents == stopAfterBatches)
            {
                stop.Cancel();
            }
        };
        trainer.EpochCompleted += (_, _) => epochEvents++;

        var history = trainer.Fit(train, validation, stop.Token);
        return (history, batchEvents, epochEvents);
    }

    [Fact]
    public void CancelThenRefit_NewTrainer_CountsEachEventOnce()
    {
        torch.manual_seed(4);
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());

        var cancelled = RunCell(model, stopAfterBatches: 2);
        var rerun = RunCell(model, stopAfterBatches: int.MaxValue);

        Assert.Empty(cancelled.History.Epochs);
        Assert.Equal(2, cancelled.BatchEvents);
        Assert.Equal(0, cancelled.EpochEvents);

        // 240 training images in batches of 60 give 4 steps per epoch. A handler registered twice would double
        // these counts, and one left on the first trainer is never called by the new one.
        Assert.Equal(new[] { 1, 2 }, rerun.History.Epochs.Select(e => e.Epoch));
        Assert.Equal(2 * 4, rerun.BatchEvents);
        Assert.Equal(2, rerun.EpochEvents);
        Assert.All(rerun.History.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss), $"train loss {e.TrainLoss} in epoch {e.Epoch}"));

        using var input = torch.randn(2, 1, 28, 28);
        using var output = model.forward(input);
        Assert.Equal(new long[] { 2, 10 }, output.shape);
    }

    [Fact]
    public void CancelRepeatedly_LiveTensorCountStaysFlat()
    {
        torch.manual_seed(4);
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        var statistics = DisposeScopeManager.Statistics;

        // The first cell creates the model's gradient tensors; after it, each further cell must leave no tensor behind.
        RunCell(model, stopAfterBatches: 3);
        long afterFirst = statistics.ThreadTotalLiveCount;
        RunCell(model, stopAfterBatches: 3);
        long afterSecond = statistics.ThreadTotalLiveCount;
        RunCell(model, stopAfterBatches: 3);
        long afterThird = statistics.ThreadTotalLiveCount;

        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal(afterSecond, afterThird);
    }
}
