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

        if (columns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "An image grid needs at least 1 column per row, for example 5.");
        }

        int rows = (indices.Count + columns - 1) / columns;
        int shownColumns = Math.Min(columns, indices.Count);
        var panels = indices.Select(index => Panel(set, index)).ToList();
        var grid = Chart.Grid(panels, nRows: rows, nCols: shownColumns, SubPlotTitles: titles.ToArray(), XGap: 0.1, YGap: 0.3);

        // Square panels of about PanelPixels: the gaps take 10% of each column and 30% of each row.
        const int PanelPixels = 110;
        const int MarginPixels = 30;
        int width = (int)(shownColumns * PanelPixels / 0.9) + 2 * MarginPixels;
        int height = (int)(rows * PanelPixels / 0.7) + 2 * MarginPixels + 20;
        GenericChart.getLayout(grid).SetProperty("margin", new Dictionary<string, int> { ["l"] = MarginPixels, ["r"] = MarginPixels, ["t"] = MarginPixels + 20, ["b"] = MarginPixels });
        grid = AxisSettings.Set(grid, "xaxis", "showticklabels", false);
        grid = AxisSettings.Set(grid, "yaxis", "showticklabels", false);
        return grid.WithSize(width, height);
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
