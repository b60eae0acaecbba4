using Plotly.NET;
using Plotly.NET.CSharp;
using ResNeXtLib.Data;
using Chart = Plotly.NET.CSharp.Chart;

namespace ResNeXtLib.Charts;

/// <summary>A grid of greyscale images with a title over each, for looking at samples and mistakes.</summary>
public static class ImageGridChart
{
    /// <summary>Draws the images of <paramref name="set"/> at <paramref name="indices"/> in rows of <paramref name="columns"/>.</summary>
    /// <param name="set">The images.</param>
    /// <param name="indices">Which images to show, in order.</param>
    /// <param name="titles">One title per image, for example its class name.</param>
    /// <param name="columns">Images per row.</param>
    public static GenericChart Create(ImageSet set, IReadOnlyList<int> indices, IReadOnlyList<string> titles, int columns = 5)
    {
        if (indices.Count == 0 || titles.Count != indices.Count)
        {
            throw new ArgumentException($"An image grid needs at least one image and one title per image; got {indices.Count} images and {titles.Count} titles.");
        }

        int rows = (indices.Count + columns - 1) / columns;
        var panels = indices.Select(index => Panel(set, index)).ToList();
        int size = 150;
        return Chart.Grid(panels, nRows: rows, nCols: Math.Min(columns, indices.Count), SubPlotTitles: titles.ToArray(), XGap: 0.08, YGap: 0.25)
            .WithSize(size * Math.Min(columns, indices.Count) + 80, size * rows + 80);
    }

    private static GenericChart Panel(ImageSet set, int index)
    {
        var pixels = set.GetImage(index);
        var rows = new int[set.Height][];
        for (int y = 0; y < set.Height; y++)
        {
            rows[y] = new int[set.Width];
            for (int x = 0; x < set.Width; x++)
            {
                rows[y][x] = pixels[y * set.Width + x];
            }
        }

        return Chart.Heatmap<int, int, int, string>(
                zData: rows,
                ColorScale: StyleParam.Colorscale.Greys,
                ReverseScale: true,
                ShowScale: false,
                ReverseYAxis: true)
            .WithXAxisStyle<double, double, string>(ShowGrid: false, ZeroLine: false)
            .WithYAxisStyle<double, double, string>(ShowGrid: false, ZeroLine: false);
    }
}
