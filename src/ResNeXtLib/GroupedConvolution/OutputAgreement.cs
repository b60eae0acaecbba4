using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>How far one implementation's output is from a reference implementation's output on the same input.</summary>
/// <param name="Implementation">The implementation compared.</param>
/// <param name="Reference">The implementation compared against.</param>
/// <param name="MaxAbsoluteDifference">The largest absolute difference over all output values.</param>
/// <param name="OutputShape">Shape of both outputs.</param>
public sealed record OutputDifference(string Implementation, string Reference, double MaxAbsoluteDifference, long[] OutputShape)
{
    /// <summary>One line, for example <c>split-convolve-concatenate vs native (groups): max |difference| = 4.77e-07</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Implementation} vs {Reference}: max |difference| = {MaxAbsoluteDifference:0.00e+00} over outputs of shape [{string.Join(", ", OutputShape)}]");
}

/// <summary>Runs several implementations on one input and measures how far their outputs are apart.</summary>
public static class OutputAgreement
{
    /// <summary>Runs every implementation on <paramref name="input"/> and compares each output after the first with the first one's.</summary>
    /// <exception cref="ArgumentException">Fewer than two implementations are given, or two outputs differ in shape.</exception>
    public static IReadOnlyList<OutputDifference> Compare(IReadOnlyList<GroupedConv2d> implementations, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(implementations);
        ArgumentNullException.ThrowIfNull(input);
        if (implementations.Count < 2)
        {
            throw new ArgumentException($"Comparing needs at least two implementations; {implementations.Count} given.", nameof(implementations));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var reference = implementations[0];
        var expected = reference.forward(input);
        return implementations
            .Skip(1)
            .Select(implementation => new OutputDifference(
                implementation.DisplayName,
                reference.DisplayName,
                MaxAbsoluteDifference(implementation.forward(input), expected),
                expected.shape))
            .ToList();
    }

    /// <summary>Returns the largest absolute difference between two tensors of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double MaxAbsoluteDifference(Tensor actual, Tensor expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!actual.shape.SequenceEqual(expected.shape))
        {
            throw new ArgumentException(
                $"The outputs have shapes [{string.Join(", ", actual.shape)}] and [{string.Join(", ", expected.shape)}]. Only tensors of the same shape can be compared.",
                nameof(actual));
        }

        using var scope = NewDisposeScope();
        return (actual - expected).abs().max().ToDouble();
    }
}
