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
/// <param name="Milliseconds">The time of one call in every timed run, in milliseconds, in order.</param>
/// <param name="MultiplyAccumulates">
/// The multiply-accumulates one run executes. A backward pass to the input and the weights is counted as twice
/// the forward MACs, because each of the two gradients is a convolution of the forward pass's size.
/// </param>
public sealed record TimingResult(string Implementation, TimedPass Pass, IReadOnlyList<double> Milliseconds, long MultiplyAccumulates)
{
    /// <summary>Calls per timed run. Each entry of <see cref="Milliseconds"/> is the mean time of one call over them.</summary>
    public int CallsPerRun { get; init; } = 1;

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

    /// <summary>
    /// The shortest time one timed run should take. A call faster than this is repeated within the run and the run's
    /// time divided by the number of calls, so that timer resolution and brief interruptions by other programs
    /// weigh less.
    /// </summary>
    public static readonly TimeSpan MinimumRunTime = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Times <paramref name="module"/> on a random input of <paramref name="workload"/>'s shape: the warm-up runs,
    /// whose fastest also sets how many calls one timed run makes (see <see cref="MinimumRunTime"/>), then the
    /// timed runs.
    /// </summary>
    /// <exception cref="ArgumentException">The module's sizes differ from the workload's, or the workload has no warm-up run or no timed run.</exception>
    public static TimingResult Measure(GroupedConv2d module, TimingWorkload workload, TimedPass pass)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.TimedRuns < 1 || workload.WarmupRuns < 1)
        {
            throw new ArgumentException($"The workload has {workload.WarmupRuns} warm-up and {workload.TimedRuns} timed runs. Use at least 1 of each.", nameof(workload));
        }

        if (module.Spec.InChannels != workload.Channels)
        {
            throw new ArgumentException($"{module.DisplayName} has {module.Spec.InChannels} input channels, but the workload has {workload.Channels}. Build the module from workload.Spec.", nameof(module));
        }

        using var input = randn(workload.InputShape).requires_grad_(pass == TimedPass.ForwardBackward);
        // The fastest warm-up run is the best estimate of one call's time on a busy machine.
        double fastestWarmup = double.MaxValue;
        for (int run = 0; run < workload.WarmupRuns; run++)
        {
            fastestWarmup = Math.Min(fastestWarmup, TimeCalls(module, input, pass, calls: 1));
        }

        int callsPerRun = (int)Math.Clamp(Math.Ceiling(MinimumRunTime.TotalMilliseconds / Math.Max(fastestWarmup, 1e-3)), 1, 1000);
        var milliseconds = new List<double>();
        for (int run = 0; run < workload.TimedRuns; run++)
        {
            milliseconds.Add(TimeCalls(module, input, pass, callsPerRun));
        }

        long forwardMacs = module.ExecutedMultiplyAccumulates(workload.Batch, workload.Size, workload.Size);
        long macs = pass == TimedPass.Forward ? forwardMacs : 3 * forwardMacs;
        return new TimingResult(module.DisplayName, pass, milliseconds, macs) { CallsPerRun = callsPerRun };
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

    /// <summary>Formats the results as a plain-text table: implementation, pass, median time, the range of the timed runs, calls per run, GMAC executed and GMAC/s.</summary>
    public static string Format(IEnumerable<TimingResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var cells = new List<string[]> { new[] { "implementation", "pass", "median (ms)", "min-max (ms)", "calls per run", "GMAC executed", "GMAC/s" } };
        foreach (var result in results)
        {
            cells.Add(
            [
                result.Implementation,
                result.PassLabel,
                result.MedianMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{result.Milliseconds.Min():F1}-{result.Milliseconds.Max():F1}"),
                result.CallsPerRun.ToString(CultureInfo.InvariantCulture),
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

    /// <summary>
    /// Compares every implementation with <paramref name="reference"/> for each pass, one line each, for example
    /// <c>forward: native (groups) does 1/32 of the work of masked dense in 1/4.1 of its time</c>.
    /// </summary>
    /// <exception cref="ArgumentException">No result has the reference's name.</exception>
    public static IReadOnlyList<string> CompareWith(IReadOnlyList<TimingResult> results, string reference)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (!results.Any(result => result.Implementation == reference))
        {
            string names = string.Join(", ", results.Select(result => result.Implementation).Distinct());
            throw new ArgumentException($"No timing result is named \"{reference}\". The results are named {names}.", nameof(reference));
        }

        var lines = new List<string>();
        foreach (var baseline in results.Where(result => result.Implementation == reference))
        {
            foreach (var other in results.Where(result => result.Pass == baseline.Pass && result.Implementation != reference))
            {
                double workRatio = baseline.MultiplyAccumulates / (double)other.MultiplyAccumulates;
                double timeRatio = baseline.MedianMilliseconds / other.MedianMilliseconds;
                string time = timeRatio >= 1
                    ? string.Create(CultureInfo.InvariantCulture, $"in 1/{timeRatio:0.0} of its time")
                    : string.Create(CultureInfo.InvariantCulture, $"in {1 / timeRatio:0.0} times its time");
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{baseline.PassLabel}: {other.Implementation} does 1/{workRatio:0.#} of the work of {reference} {time}"));
            }
        }

        return lines;
    }

    // Returns the mean time of one call, in milliseconds, over calls made back to back.
    private static double TimeCalls(GroupedConv2d module, Tensor input, TimedPass pass, int calls)
    {
        var elapsed = TimeSpan.Zero;
        for (int call = 0; call < calls; call++)
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
            elapsed += stopwatch.Elapsed;

            // Outside the timed part: gradients would otherwise accumulate from call to call.
            module.zero_grad();
            input.grad?.zero_();
        }

        return elapsed.TotalMilliseconds / calls;
    }
}
