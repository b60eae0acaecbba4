namespace ResNeXtLib.Training;

/// <summary>Progress within an epoch, reported after each training step.</summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="Epochs">The number of epochs of the run.</param>
/// <param name="Batch">Batches done in this epoch, from 1.</param>
/// <param name="Batches">Batches in one epoch.</param>
/// <param name="ImagesPerSecond">Training throughput so far in this epoch.</param>
/// <param name="RunningLoss">Mean training loss of the epoch so far.</param>
/// <param name="RunningAccuracy">Training accuracy of the epoch so far, 0 to 1.</param>
public sealed record BatchProgress(int Epoch, int Epochs, int Batch, int Batches, double ImagesPerSecond, double RunningLoss, double RunningAccuracy);
