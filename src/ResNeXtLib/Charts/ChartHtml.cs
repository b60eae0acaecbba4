using Plotly.NET;

namespace ResNeXtLib.Charts;

/// <summary>
/// HTML for charts, for hosts that cannot format a chart object themselves. In a notebook, show the
/// result with <c>display(HTML(...))</c>.
/// </summary>
/// <remarks>
/// Plotly.NET charts need no help in the .NET Interactive kernel: the Plotly.NET.Interactive extension
/// formats them as HTML once <see cref="WorkbookSetup.Initialize"/> has run. XPlot.Plotly 4.1.0 has no
/// kernel extension, so its charts reach a notebook only through their HTML.
/// </remarks>
public static class ChartHtml
{
    /// <summary>Renders a Plotly.NET chart as a <c>div</c> with the script that draws it (plotly.js loads from its CDN).</summary>
    public static string Inline(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return GenericChart.toChartHTML(chart);
    }

    /// <summary>Renders an XPlot.Plotly chart as a <c>div</c> with the script that draws it, the fallback when Plotly.NET cannot load.</summary>
    public static string Inline(XPlot.Plotly.PlotlyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return chart.GetInlineHtml();
    }
}
