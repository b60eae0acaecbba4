using System.Globalization;

namespace ResNeXtLib.Training;

/// <summary>Writes training progress as plain lines: about ten progress lines within each epoch and one summary line per epoch.</summary>
public sealed class ConsoleTrainingReporter
{
    private readonly TextWriter writer;

    /// <summary>Creates a reporter that writes to <paramref name="writer"/> (standard output by default).</summary>
    public ConsoleTrainingReporter(TextWriter? writer = null) => this.writer = writer ?? Console.Out;

    /// <summary>Subscribes to a trainer's events.</summary>
    public void Attach(Trainer trainer)
    {
        trainer.BatchCompleted += ReportBatch;
        trainer.EpochCompleted += (metrics, _) => writer.WriteLine(FormatEpoch(metrics, trainer));
    }

    /// <summary>Formats a batch progress line, for example "epoch 2/8  batch 211/422 (50%)  1,180 img/s  loss 0.4120  acc 85.1%".</summary>
    public static string FormatBatch(BatchProgress progress) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {progress.Epoch}/{progress.Epochs}  batch {progress.Batch}/{progress.Batches} ({100.0 * progress.Batch / progress.Batches:F0}%)  " +
        $"{progress.ImagesPerSecond:N0} img/s  loss {progress.RunningLoss:F4}  acc {100 * progress.RunningAccuracy:F1}%");

    /// <summary>Formats an epoch summary line.</summary>
    public static string FormatEpoch(EpochMetrics metrics, int epochs) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {metrics.Epoch}/{epochs}  train loss {metrics.TrainLoss:F4} acc {100 * metrics.TrainAccuracy:F1}%  " +
        $"validation loss {metrics.ValidationLoss:F4} acc {100 * metrics.ValidationAccuracy:F1}%  lr {metrics.LearningRate:G3}  {metrics.Seconds:F1} s");

    private static string FormatEpoch(EpochMetrics metrics, Trainer trainer) => FormatEpoch(metrics, trainer.Epochs);

    private void ReportBatch(BatchProgress progress)
    {
        int every = Math.Max(1, progress.Batches / 10);
        if (progress.Batch % every == 0 && progress.Batch != progress.Batches)
        {
            writer.WriteLine(FormatBatch(progress));
        }
    }
}
