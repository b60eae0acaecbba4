using System.Globalization;
using ResNeXtLib.Data;

namespace ResNeXtLib.Training;

/// <summary>
/// What a training notebook or program runs: the full run by default, or a fast run on a subset when the
/// environment variable <c>RESNEXT_FAST</c> is 1 (the tests use it).
/// </summary>
/// <param name="IsFast">True for the fast run.</param>
/// <param name="Options">The training hyperparameters.</param>
/// <param name="TrainingImages">How many training images to draw before the validation split; null for all.</param>
public sealed record TrainingPlan(bool IsFast, TrainingOptions Options, int? TrainingImages)
{
    /// <summary>The environment variable that selects the fast run.</summary>
    public const string FastVariable = FastMode.Variable;

    /// <summary>The full run: every training image, the default options.</summary>
    public static TrainingPlan Full { get; } = new(false, new TrainingOptions(), null);

    /// <summary>The fast run: 4,000 training images and 2 epochs, enough to show every output in about a minute on two CPU cores.</summary>
    public static TrainingPlan Fast { get; } = new(true, new TrainingOptions { Epochs = 2 }, 4000);

    /// <summary>Returns <see cref="Fast"/> when <c>RESNEXT_FAST</c> is 1 or true, <see cref="Full"/> when it is unset, empty, 0 or false.</summary>
    /// <exception cref="ArgumentException">The variable has any other value.</exception>
    public static TrainingPlan FromEnvironment() => FastMode.FromEnvironment() ? Fast : Full;

    /// <summary>Draws the plan's subset of <paramref name="trainingSet"/> and holds out the validation share, both seeded.</summary>
    public (ImageSet Train, ImageSet Validation) Split(ImageSet trainingSet)
    {
        var pool = TrainingImages is int count && count < trainingSet.Count ? trainingSet.Subset(count, Options.Seed) : trainingSet;
        return pool.SplitValidation(Options.ValidationFraction, Options.Seed);
    }

    /// <summary>A one-line description, for example "Full run: all training images, 8 epochs, batch 128, peak learning rate 0.2".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(IsFast ? $"Fast run ({FastVariable}=1)" : "Full run")}: {(TrainingImages is int n ? $"{n:N0}" : "all")} training images, " +
        $"{Options.Epochs} epochs, batch {Options.BatchSize}, peak learning rate {Options.LearningRate}, {100 * Options.ValidationFraction:F0}% held out for validation");
}
