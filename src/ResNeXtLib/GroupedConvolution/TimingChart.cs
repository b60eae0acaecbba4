using System.Globalization;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>Column charts of <see cref="TimingResult"/>s: median time (left) and executed GMAC/s (right) per implementation, forward beside forward+backward.</summary>
public static class TimingChart
{
    private static readonly Color ForwardColor = Color.fromHex("#1f77b4");
    private static readonly Color ForwardBackwardColor = Color.fromHex("#ff7f0e");

    /// <summary>Draws the results, keeping the order in which the implementations first appear.</summary>
    /// <exception cref="ArgumentException">No results are given.</exception>
    public static GenericChart Create(IReadOnlyList<TimingResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw new ArgumentException("There are no timing results to draw. Run ConvolutionTimer.MeasureAll first.", nameof(results));
        }

        var time = Chart.Combine(
        [
            Columns(results, TimedPass.Forward, result => result.MedianMilliseconds, "F1", " ms", ForwardColor, showLegend: true),
            Columns(results, TimedPass.ForwardBackward, result => result.MedianMilliseconds, "F1", " ms", ForwardBackwardColor, showLegend: true),
        ]).WithYAxisStyle<double, double, string>(TitleText: "median time (ms)", MinMax: Headroom(results.Max(result => result.MedianMilliseconds)));

        var throughput = Chart.Combine(
        [
            Columns(results, TimedPass.Forward, result => result.MultiplyAccumulatesPerSecond / 1e9, "F1", "", ForwardColor, showLegend: false),
            Columns(results, TimedPass.ForwardBackward, result => result.MultiplyAccumulatesPerSecond / 1e9, "F1", "", ForwardBackwardColor, showLegend: false),
        ]).WithYAxisStyle<double, double, string>(TitleText: "executed GMAC/s", MinMax: Headroom(results.Max(result => result.MultiplyAccumulatesPerSecond / 1e9)));

        return Chart.Grid([time, throughput], nRows: 1, nCols: 2, SubPlotTitles: new[] { "Median time per run (lower is faster)", "Executed multiply-accumulates per second" })
            .WithSize(980, 420);
    }

    // Leaves room above the tallest column for its label, which is drawn outside the column.
    private static Tuple<double, double> Headroom(double maximum) => Tuple.Create(0.0, maximum * 1.15);

    private static GenericChart Columns(IReadOnlyList<TimingResult> results, TimedPass pass, Func<TimingResult, double> value, string format, string unit, Color color, bool showLegend)
    {
        var selected = results.Where(result => result.Pass == pass).ToList();
        double[] values = selected.Select(value).ToArray();
        return Chart.Column<double, string, string>(
            values,
            Keys: selected.Select(result => result.Implementation).ToArray(),
            Name: ConvolutionTimer.Label(pass),
            ShowLegend: showLegend,
            MultiText: values.Select(number => number.ToString(format, CultureInfo.InvariantCulture) + unit).ToArray(),
            TextPosition: StyleParam.TextPosition.Outside,
            MarkerColor: color);
    }
}
