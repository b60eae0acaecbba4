using System.Diagnostics;
using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>What a timing run measures.</summary>
public enum TimedPass
{
    /// <summary>The forward pass alone, without recording gradients (as in inference).</summary>
    Forward,

    /// <summary>The forward pass and the backward pass to the input and the weights (as in a training step).</summary>
    ForwardBackward,
}

/// <summary>The timing of one implementation for one pass.</summary>
/// <param name="Implementation">The implementation's display name.</param>
/// <param name="Pass">What was timed.</param>
/// <param name="Milliseconds">The time of every timed run, in milliseconds, in order.</param>
/// <param name="MultiplyAccumulates">
/// The multiply-accumulates one run executes. A backward pass to the input and the weights is counted as twice
/// the forward MACs, because each of the two gradients is a convolution of the forward pass's size.
/// </param>
public sealed record TimingResult(string Implementation, TimedPass Pass, IReadOnlyList<double> Milliseconds, long MultiplyAccumulates)
{
    /// <summary>The median of <see cref="Milliseconds"/>.</summary>
    public double MedianMilliseconds
    {
        get
        {
            var sorted = Milliseconds.Order().ToList();
            int middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    /// <summary>Executed multiply-accumulates per second, at the median time.</summary>
    public double MultiplyAccumulatesPerSecond => MultiplyAccumulates / (MedianMilliseconds / 1000.0);

    /// <summary>A label for the pass: "forward" or "forward+backward".</summary>
    public string PassLabel => ConvolutionTimer.Label(Pass);
}

/// <summary>Times grouped-convolution implementations on the CPU: warm-up runs first, then the median of the timed runs.</summary>
public static class ConvolutionTimer
{
    /// <summary>Returns the label of a pass: "forward" or "forward+backward".</summary>
    public static string Label(TimedPass pass) => pass == TimedPass.Forward ? "forward" : "forward+backward";

    /// <summary>Times <paramref name="module"/> on a random input of <paramref name="workload"/>'s shape.</summary>
    /// <exception cref="ArgumentException">The module's sizes differ from the workload's, or the workload has fewer than one timed run.</exception>
    public static TimingResult Measure(GroupedConv2d module, TimingWorkload workload, TimedPass pass)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.TimedRuns < 1 || workload.WarmupRuns < 0)
        {
            throw new ArgumentException($"The workload has {workload.WarmupRuns} warm-up and {workload.TimedRuns} timed runs; use 0 or more warm-up runs and at least 1 timed run.", nameof(workload));
        }

        if (module.Spec.InChannels != workload.Channels)
        {
            throw new ArgumentException($"{module.DisplayName} has {module.Spec.InChannels} input channels, but the workload has {workload.Channels}; build the module from workload.Spec.", nameof(module));
        }

        using var input = randn(workload.InputShape).requires_grad_(pass == TimedPass.ForwardBackward);
        for (int run = 0; run < workload.WarmupRuns; run++)
        {
            RunOnce(module, input, pass);
        }

        var milliseconds = new List<double>();
        for (int run = 0; run < workload.TimedRuns; run++)
        {
            milliseconds.Add(RunOnce(module, input, pass));
        }

        long forwardMacs = module.ExecutedMultiplyAccumulates(workload.Batch, workload.Size, workload.Size);
        long macs = pass == TimedPass.Forward ? forwardMacs : 3 * forwardMacs;
        return new TimingResult(module.DisplayName, pass, milliseconds, macs);
    }

    /// <summary>Times every module forward, then forward and backward, in that order.</summary>
    public static IReadOnlyList<TimingResult> MeasureAll(IEnumerable<GroupedConv2d> modules, TimingWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var results = new List<TimingResult>();
        foreach (var module in modules)
        {
            results.Add(Measure(module, workload, TimedPass.Forward));
            results.Add(Measure(module, workload, TimedPass.ForwardBackward));
        }

        return results;
    }

    /// <summary>Formats the results as a plain-text table: implementation, pass, median time, GMAC executed and GMAC/s.</summary>
    public static string Format(IEnumerable<TimingResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var cells = new List<string[]> { new[] { "implementation", "pass", "median (ms)", "GMAC executed", "GMAC/s" } };
        foreach (var result in results)
        {
            cells.Add(
            [
                result.Implementation,
                result.PassLabel,
                result.MedianMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                (result.MultiplyAccumulates / 1e9).ToString("F3", CultureInfo.InvariantCulture),
                (result.MultiplyAccumulatesPerSecond / 1e9).ToString("F2", CultureInfo.InvariantCulture),
            ]);
        }

        int[] widths = Enumerable.Range(0, cells[0].Length).Select(column => cells.Max(row => row[column].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in cells)
        {
            table.AppendLine(string.Join("  ", row.Select((cell, column) => column < 2 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))).TrimEnd());
        }

        return table.ToString();
    }

    private static double RunOnce(GroupedConv2d module, Tensor input, TimedPass pass)
    {
        using var scope = NewDisposeScope();
        var stopwatch = Stopwatch.StartNew();
        if (pass == TimedPass.Forward)
        {
            using var noGrad = no_grad();
            module.forward(input);
        }
        else
        {
            module.forward(input).sum().backward();
        }

        stopwatch.Stop();

        module.zero_grad();
        input.grad?.zero_();
        return stopwatch.Elapsed.TotalMilliseconds;
    }
}
