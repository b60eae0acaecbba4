using Plotly.NET;
using ResNeXtLib.Training;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace ResNeXtLib.Charts;

/// <summary>The training-curve chart: loss and accuracy per epoch, training beside validation.</summary>
public static class TrainingCurves
{
    private static readonly Color TrainColor = Color.fromHex("#1f77b4");
    private static readonly Color ValidationColor = Color.fromHex("#ff7f0e");

    /// <summary>
    /// Draws loss (left) and accuracy in percent (right) against the epoch. The x axis spans all
    /// <paramref name="plannedEpochs"/> from the start, so a chart redrawn after every epoch grows in place.
    /// </summary>
    public static GenericChart Create(TrainingHistory history, int plannedEpochs)
    {
        var rows = history.Epochs;
        int[] epochs = rows.Select(row => row.Epoch).ToArray();

        var loss = Chart.Combine(
        [
            Line(epochs, rows.Select(row => row.TrainLoss), "training", TrainColor, showLegend: true),
            Line(epochs, rows.Select(row => row.ValidationLoss), "validation", ValidationColor, showLegend: true),
        ]);
        var accuracy = Chart.Combine(
        [
            Line(epochs, rows.Select(row => 100 * row.TrainAccuracy), "training", TrainColor, showLegend: false),
            Line(epochs, rows.Select(row => 100 * row.ValidationAccuracy), "validation", ValidationColor, showLegend: false),
        ]);

        var range = Tuple.Create(0.8, Math.Max(plannedEpochs, 1) + 0.2);
        loss = loss
            .WithXAxisStyle<double, double, string>(TitleText: "epoch", MinMax: range)
            .WithYAxisStyle<double, double, string>(TitleText: "loss");
        accuracy = accuracy
            .WithXAxisStyle<double, double, string>(TitleText: "epoch", MinMax: range)
            .WithYAxisStyle<double, double, string>(TitleText: "accuracy (%)");

        var grid = Chart.Grid([loss, accuracy], nRows: 1, nCols: 2, SubPlotTitles: new[] { "Loss (cross-entropy)", "Accuracy (%)" });
        if (plannedEpochs <= 20)
        {
            // One tick per whole epoch; plotly.js would otherwise place ticks at 1.5, 2.5 and so on.
            grid = AxisSettings.Set(grid, "xaxis", "dtick", 1);
        }

        return grid.WithSize(900, 380);
    }

    private static GenericChart Line(int[] epochs, IEnumerable<double> values, string name, Color color, bool showLegend) =>
        Chart.Line<int, double, string>(epochs, values.ToArray(), ShowMarkers: true, Name: name, ShowLegend: showLegend, LineColor: color, MarkerColor: color);
}
