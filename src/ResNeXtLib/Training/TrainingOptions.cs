using System.Globalization;

namespace ResNeXtLib.Training;

/// <summary>Hyperparameters of a training run: SGD with Nesterov momentum under a one-cycle learning-rate schedule.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set; 1 to 1,000.</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>Images per mini-batch; 1 to 4,096.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>The peak learning rate of the one-cycle schedule; above 0 and at most 10.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>SGD momentum; 0 to below 1.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay; 0 to 0.1.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Share of the training set held out for validation; above 0 and below 1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>
    /// Seed of the validation split and the batch order. Weights are initialized when the model is built, before
    /// the trainer exists, so seed them by calling <c>torch.manual_seed(Seed)</c> before building the model.
    /// </summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// A file that <see cref="Trainer.Fit"/> writes a checkpoint to after every epoch, replacing the previous one;
    /// null (the default) for none. Load it with <see cref="Trainer.LoadCheckpoint"/> to continue an interrupted run.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first option out of range, its value and the valid range.</summary>
    public TrainingOptions Validate()
    {
        Require(Epochs is >= 1 and <= 1000, nameof(Epochs), Epochs, "a whole number from 1 to 1,000");
        Require(BatchSize is >= 1 and <= 4096, nameof(BatchSize), BatchSize, "a whole number from 1 to 4,096 (128 is a good start on a CPU)");
        Require(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 10, nameof(LearningRate), LearningRate, "a number above 0 and at most 10 (0.2 suits SGD here; try 0.05 if the loss diverges)");
        Require(double.IsFinite(Momentum) && Momentum >= 0 && Momentum < 1, nameof(Momentum), Momentum, "a number from 0 to below 1, for example 0.9");
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0 && WeightDecay <= 0.1, nameof(WeightDecay), WeightDecay, "a number from 0 to 0.1, for example 5e-4");
        Require(double.IsFinite(ValidationFraction) && ValidationFraction > 0 && ValidationFraction < 1, nameof(ValidationFraction), ValidationFraction, "a fraction above 0 and below 1, for example 0.1 to hold out 10% of the training images");
        Require(CheckpointPath is null || !string.IsNullOrWhiteSpace(CheckpointPath), nameof(CheckpointPath), $"\"{CheckpointPath}\"", "a file path such as \"checkpoints/fashion.ckpt\", or null for no checkpoints");
        Require(CheckpointPath is null || !Directory.Exists(CheckpointPath), nameof(CheckpointPath), $"\"{CheckpointPath}\" (a folder)", $"a file path, for example \"{Path.Combine(CheckpointPath ?? ".", "model.ckpt")}\"");
        return this;
    }

    private static void Require(bool valid, string option, object value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(option, value,
                string.Create(CultureInfo.InvariantCulture, $"Training option {option} is {value}; use {expected}."));
        }
    }
}
