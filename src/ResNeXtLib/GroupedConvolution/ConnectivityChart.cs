using System.Globalization;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace ResNeXtLib.GroupedConvolution;

/// <summary>Heatmaps of <see cref="ChannelConnectivity"/> side by side: output channels down, input channels across, dark where an output reads an input.</summary>
public static class ConnectivityChart
{
    /// <summary>Draws one heatmap per group count for a <paramref name="channels"/>-to-<paramref name="channels"/> convolution.</summary>
    /// <exception cref="ArgumentException">No group count is given, or one does not divide <paramref name="channels"/>.</exception>
    public static GenericChart Create(int channels, IReadOnlyList<int> groupCounts)
    {
        ArgumentNullException.ThrowIfNull(groupCounts);
        if (groupCounts.Count == 0)
        {
            throw new ArgumentException("Give at least one group count, for example [1, 4, 32].", nameof(groupCounts));
        }

        int[] channelIndices = Enumerable.Range(0, channels).ToArray();
        var heatmaps = new List<GenericChart>();
        var titles = new List<string>();
        foreach (int groups in groupCounts)
        {
            var mask = ChannelConnectivity.Mask(channels, channels, groups);
            int[][] z = channelIndices
                .Select(output => channelIndices.Select(input => mask[output, input] ? 1 : 0).ToArray())
                .ToArray();

            var heatmap = Chart.Heatmap<int, int, int, string>(
                    zData: z,
                    X: channelIndices,
                    Y: channelIndices,
                    Name: $"groups {groups}",
                    ColorScale: StyleParam.Colorscale.Greys,
                    ReverseScale: true,
                    ShowScale: false,
                    ReverseYAxis: true)
                .WithXAxisStyle<double, double, string>(TitleText: "input channel")
                .WithYAxisStyle<double, double, string>(TitleText: "output channel");
            heatmaps.Add(GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(FixColorRange), heatmap));
            titles.Add(Title(channels, groups));
        }

        return Chart.Grid(heatmaps, nRows: 1, nCols: heatmaps.Count, SubPlotTitles: titles)
            .WithSize(260 * heatmaps.Count + 80, 340);
    }

    // Without a fixed range, plotly.js draws a matrix of only ones (groups = 1) in the middle grey of the scale.
    private static Trace FixColorRange(Trace trace)
    {
        trace.SetProperty("zmin", 0);
        trace.SetProperty("zmax", 1);
        return trace;
    }

    private static string Title(int channels, int groups)
    {
        string blocks = string.Create(CultureInfo.InvariantCulture, $"{groups} block{(groups == 1 ? "" : "s")} of {channels / groups}x{channels / groups}");
        return groups == channels && groups > 1 ? $"depthwise: {blocks}" : $"groups = {groups}: {blocks}";
    }
}
