using System.Globalization;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace ResNeXtLib.Charts;

/// <summary>A confusion-matrix heatmap: true classes down, predicted classes across, each cell annotated with its count.</summary>
public static class ConfusionMatrixChart
{
    // White to a medium blue, so the counts in dark text stay readable on every cell.
    private static readonly StyleParam.Colorscale LightBlues = StyleParam.Colorscale.NewCustom(
    [
        Tuple.Create(0.0, Color.fromHex("#ffffff")),
        Tuple.Create(1.0, Color.fromHex("#6baed6")),
    ]);

    /// <summary>Draws <paramref name="matrix"/>, indexed [true class, predicted class], with the class names on both axes.</summary>
    public static GenericChart Create(int[,] matrix, IReadOnlyList<string> classNames)
    {
        int classes = matrix.GetLength(0);
        if (matrix.GetLength(1) != classes || classNames.Count != classes)
        {
            throw new ArgumentException($"The confusion matrix is {matrix.GetLength(0)}x{matrix.GetLength(1)} with {classNames.Count} class names; it must be square with one name per class.");
        }

        var counts = Enumerable.Range(0, classes)
            .Select(row => Enumerable.Range(0, classes).Select(column => matrix[row, column]).ToArray())
            .ToArray();
        var labels = counts
            .Select(row => row.Select(count => count.ToString(CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

        return Chart.AnnotatedHeatmap<int, string, string, string>(
                zData: counts,
                annotationText: labels,
                X: classNames.ToArray(),
                Y: classNames.ToArray(),
                ColorScale: LightBlues,
                ReverseYAxis: true)
            .WithXAxisStyle<double, double, string>(TitleText: "predicted class")
            .WithYAxisStyle<double, double, string>(TitleText: "true class")
            .WithSize(760, 640);
    }
}
