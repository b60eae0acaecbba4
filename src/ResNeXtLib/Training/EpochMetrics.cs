namespace ResNeXtLib.Training;

/// <summary>One row of a training history: the metrics of one epoch.</summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="TrainLoss">Mean cross-entropy over the epoch's training batches, measured while the weights changed.</param>
/// <param name="TrainAccuracy">Share of training images classified correctly during the epoch, 0 to 1.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation set after the epoch, in evaluation mode.</param>
/// <param name="ValidationAccuracy">Share of validation images classified correctly after the epoch, 0 to 1.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="Seconds">Wall-clock seconds for the epoch, training and validation together.</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double Seconds);
