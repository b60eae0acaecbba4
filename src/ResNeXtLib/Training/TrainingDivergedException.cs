namespace ResNeXtLib.Training;

/// <summary>Raised when the training loss becomes NaN or infinite; the history up to the last completed epoch is kept.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the step where the loss stopped being finite.</summary>
    public TrainingDivergedException(int epoch, int step, double loss, double learningRate, TrainingHistory history)
        : base($"Training diverged: the loss became {loss} at epoch {epoch}, step {step} (learning rate {learningRate:G4}). " +
               $"Lower the learning rate, for example to {learningRate / 4:G3}, and train again; the history of the {history.Epochs.Count} completed epoch(s) is kept.")
    {
        Epoch = epoch;
        Step = step;
        History = history;
    }

    /// <summary>The epoch in which the loss diverged, from 1.</summary>
    public int Epoch { get; }

    /// <summary>The step within that epoch, from 1.</summary>
    public int Step { get; }

    /// <summary>The metrics of every epoch completed before the divergence.</summary>
    public TrainingHistory History { get; }
}
