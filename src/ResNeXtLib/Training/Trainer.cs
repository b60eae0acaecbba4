using System.Diagnostics;
using ResNeXtLib.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.Training;

/// <summary>
/// Trains a classifier with SGD (Nesterov momentum, weight decay) under a one-cycle learning-rate schedule,
/// recording a <see cref="TrainingHistory"/> row per epoch, and saves or resumes the run through checkpoints.
/// </summary>
/// <remarks>
/// Each step runs inside its own <c>torch.NewDisposeScope()</c>, so native memory stays flat across steps.
/// Subscribe to <see cref="BatchCompleted"/> and <see cref="EpochCompleted"/> to show progress. In a notebook,
/// create a new trainer in the cell that trains, so that running the cell again does not add handlers to an old one.
/// </remarks>
public sealed partial class Trainer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly TrainingOptions options;
    private readonly SGD optimizer;

    /// <summary>Creates a trainer and its SGD optimizer for <paramref name="model"/>; the options are checked here.</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, TrainingOptions options)
    {
        this.model = model;
        this.options = options.Validate();
        optimizer = optim.SGD(model.parameters(), options.LearningRate, momentum: options.Momentum,
            weight_decay: options.WeightDecay, nesterov: options.Momentum > 0);
    }

    /// <summary>Raised after every training step.</summary>
    public event Action<BatchProgress>? BatchCompleted;

    /// <summary>Raised after every epoch, with the new row and the whole history so far.</summary>
    public event Action<EpochMetrics, TrainingHistory>? EpochCompleted;

    /// <summary>The number of epochs <see cref="Fit"/> runs in all, counting those of a loaded checkpoint.</summary>
    public int Epochs => options.Epochs;

    /// <summary>The number of epochs completed, by <see cref="Fit"/> or in a loaded checkpoint; <see cref="Fit"/> continues after them.</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>The metrics of the epochs completed so far.</summary>
    public TrainingHistory History { get; private set; } = new();

    /// <summary>
    /// Trains from epoch <see cref="CompletedEpochs"/> + 1 to <see cref="TrainingOptions.Epochs"/>, evaluating on
    /// <paramref name="validation"/> after each epoch and, when <see cref="TrainingOptions.CheckpointPath"/> is set,
    /// saving a checkpoint.
    /// </summary>
    /// <remarks>
    /// After all epochs are done a further call returns the history without training; create a new trainer to train again.
    /// A call after a cancellation repeats the interrupted epoch from its start, on weights already changed by its completed steps.
    /// </remarks>
    /// <returns>The history. When <paramref name="cancellationToken"/> fires, training stops after the current step and the history contains the completed epochs.</returns>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">A loaded checkpoint was trained with another number of steps per epoch.</exception>
    public TrainingHistory Fit(ImageSet train, ImageSet validation, CancellationToken cancellationToken = default)
    {
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException($"Training needs images in both sets, but the training set has {train.Count} and the validation set {validation.Count}.");
        }

        int batches = (train.Count + options.BatchSize - 1) / options.BatchSize;
        RequireSameStepsPerEpoch(train.Count, batches);
        if (CompletedEpochs >= options.Epochs)
        {
            return History;
        }

        var schedule = optim.lr_scheduler.OneCycleLR(optimizer, max_lr: options.LearningRate, total_steps: options.Epochs * batches);

        // The one-cycle schedule is a function of the step count, so replaying the completed steps restores the
        // learning rate and momentum of a resumed run exactly.
        for (int step = 0; step < CompletedEpochs * batches; step++)
        {
            schedule.step();
        }

        int classCount = model is Models.ResNeXt resNeXt ? resNeXt.Config.NumClasses : FashionMnist.ClassCount;
        for (int epoch = CompletedEpochs + 1; epoch <= options.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            var (trainLoss, trainAccuracy, completed) = TrainEpoch(train, epoch, batches, schedule, cancellationToken);
            if (!completed)
            {
                break;
            }

            var evaluation = Evaluation.Evaluate(model, validation, classCount: classCount);
            var metrics = new EpochMetrics(epoch, trainLoss, trainAccuracy, evaluation.Loss, evaluation.Accuracy,
                optimizer.ParamGroups.First().LearningRate, watch.Elapsed.TotalSeconds);
            History.Add(metrics);
            CompletedEpochs = epoch;
            stepsPerEpoch = batches;
            trainingImages = train.Count;
            if (options.CheckpointPath is not null)
            {
                SaveCheckpoint(options.CheckpointPath);
            }

            NativeHeap.ReleaseFreeMemory();
            EpochCompleted?.Invoke(metrics, History);
        }

        return History;
    }

    /// <summary>Frees the optimizer's momentum buffers. The model is not disposed.</summary>
    public void Dispose() => optimizer.Dispose();

    private (double Loss, double Accuracy, bool Completed) TrainEpoch(
        ImageSet train, int epoch, int batches, optim.lr_scheduler.LRScheduler schedule, CancellationToken cancellationToken)
    {
        model.train();
        var watch = Stopwatch.StartNew();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int step = 0;

        using var enumerator = train.TrainingBatches(options.BatchSize, seed: BatchOrderSeed(epoch)).GetEnumerator();
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
