using System.Globalization;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>The input and repeat counts for timing a 3x3 grouped convolution with padding 1 and stride 1.</summary>
/// <param name="Batch">Images per batch.</param>
/// <param name="Channels">Input and output channels.</param>
/// <param name="Size">Height and width of the input.</param>
/// <param name="Groups">The number of groups.</param>
/// <param name="WarmupRuns">Runs before timing, at least 1, which let libtorch allocate memory and pick its algorithms. The fastest of them also sets how many calls a timed run makes.</param>
/// <param name="TimedRuns">Timed runs, at least 1. The result is their median.</param>
public sealed record TimingWorkload(int Batch, int Channels, int Size, int Groups, int WarmupRuns, int TimedRuns)
{
    /// <summary>The grouped convolution of ResNeXt-50 (32x4d)'s first stage: batch 8, 128 channels, 56x56, 32 groups; 2 warm-up and 5 timed runs.</summary>
    public static TimingWorkload FirstStage { get; } = new(8, 128, 56, 32, WarmupRuns: 2, TimedRuns: 5);

    /// <summary>The fast-mode workload: the same layer on batch 2 at 28x28, 2 warm-up and 5 timed runs.</summary>
    public static TimingWorkload Fast { get; } = new(2, 128, 28, 32, WarmupRuns: 2, TimedRuns: 5);

    /// <summary>Returns <see cref="Fast"/> when <c>RESNEXT_FAST</c> is 1, otherwise <see cref="FirstStage"/>.</summary>
    public static TimingWorkload FromEnvironment() => FastMode.FromEnvironment() ? Fast : FirstStage;

    /// <summary>The convolution timed: <see cref="Channels"/> to <see cref="Channels"/>, 3x3, padding 1, no bias.</summary>
    public GroupedConvolutionSpec Spec => new(Channels, Channels, Groups, kernelSize: 3, stride: 1, padding: 1);

    /// <summary>Shape of the input batch, <c>[batch, channels, size, size]</c>.</summary>
    public long[] InputShape => [Batch, Channels, Size, Size];

    /// <summary>A one-line description, for example "batch 8, 128 channels, 56x56, 32 groups; 2 warm-up and 5 timed runs per measurement".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"batch {Batch}, {Channels} channels, {Size}x{Size}, {Groups} groups; {WarmupRuns} warm-up and {TimedRuns} timed runs per measurement");
}
