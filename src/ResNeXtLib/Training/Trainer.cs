using System.Diagnostics;
using ResNeXtLib.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Training;

/// <summary>
/// Trains a classifier with SGD (Nesterov momentum, weight decay) under a one-cycle learning-rate schedule,
/// recording a <see cref="TrainingHistory"/> row per epoch.
/// </summary>
/// <remarks>
/// Each step runs inside its own <c>torch.NewDisposeScope()</c>, so native memory stays flat across steps.
/// Subscribe to <see cref="BatchCompleted"/> and <see cref="EpochCompleted"/> to show progress.
/// </remarks>
public sealed class Trainer
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly TrainingOptions options;

    /// <summary>Creates a trainer for <paramref name="model"/>; the options are checked here.</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, TrainingOptions options)
    {
        this.model = model;
        this.options = options.Validate();
    }

    /// <summary>Raised after every training step.</summary>
    public event Action<BatchProgress>? BatchCompleted;

    /// <summary>Raised after every epoch, with the new row and the whole history so far.</summary>
    public event Action<EpochMetrics, TrainingHistory>? EpochCompleted;

    /// <summary>The number of epochs <see cref="Fit"/> runs.</summary>
    public int Epochs => options.Epochs;

    /// <summary>The metrics of the epochs completed so far.</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> epochs, evaluating on <paramref name="validation"/> after each.
    /// </summary>
    /// <returns>The history. When <paramref name="cancellationToken"/> fires, training stops after the current step and the history contains the completed epochs.</returns>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public TrainingHistory Fit(ImageSet train, ImageSet validation, CancellationToken cancellationToken = default)
    {
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException($"Training needs images in both sets, but the training set has {train.Count} and the validation set {validation.Count}.");
        }

        int batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        using var optimizer = optim.SGD(model.parameters(), options.LearningRate, momentum: options.Momentum,
            weight_decay: options.WeightDecay, nesterov: options.Momentum > 0);
        var schedule = optim.lr_scheduler.OneCycleLR(optimizer, max_lr: options.LearningRate, total_steps: options.Epochs * batches);

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            var (trainLoss, trainAccuracy, completed) = TrainEpoch(train, epoch, batches, optimizer, schedule, cancellationToken);
            if (!completed)
            {
                break;
            }

            var evaluation = Evaluation.Evaluate(model, validation);
            var metrics = new EpochMetrics(epoch, trainLoss, trainAccuracy, evaluation.Loss, evaluation.Accuracy,
                optimizer.ParamGroups.First().LearningRate, watch.Elapsed.TotalSeconds);
            History.Add(metrics);
            EpochCompleted?.Invoke(metrics, History);
        }

        return History;
    }

    private (double Loss, double Accuracy, bool Completed) TrainEpoch(
        ImageSet train, int epoch, int batches, optim.Optimizer optimizer, optim.lr_scheduler.LRScheduler schedule, CancellationToken cancellationToken)
    {
        model.train();
        var watch = Stopwatch.StartNew();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int step = 0;

        using var enumerator = train.TrainingBatches(options.BatchSize, seed: options.Seed * 1000 + epoch).GetEnumerator();
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return (double.NaN, double.NaN, false);
            }

            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext())
            {
                break;
            }

            var (images, labels) = enumerator.Current;
            step++;
            optimizer.zero_grad();
            var logits = model.forward(images);
            var loss = nn.functional.cross_entropy(logits, labels);
            double lossValue = loss.item<float>();
            if (!double.IsFinite(lossValue))
            {
                throw new TrainingDivergedException(epoch, step, lossValue, optimizer.ParamGroups.First().LearningRate, History);
            }

            loss.backward();
            optimizer.step();
            schedule.step();

            long batchSize = labels.shape[0];
            lossSum += lossValue * batchSize;
            correct += logits.argmax(1).eq(labels).sum().item<long>();
            seen += batchSize;
            BatchCompleted?.Invoke(new BatchProgress(epoch, options.Epochs, step, batches,
                seen / watch.Elapsed.TotalSeconds, lossSum / seen, (double)correct / seen));
        }

        return (lossSum / seen, (double)correct / seen, true);
    }
}
