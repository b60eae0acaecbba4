using DynamicObj;
using Plotly.NET;

namespace ResNeXtLib.Charts;

/// <summary>
/// Axis settings that Plotly.NET.CSharp 0.14's <c>WithXAxisStyle</c> does not expose (tick labels, tick spacing),
/// applied to every x or y axis already in a chart's layout, including the numbered axes of a grid.
/// </summary>
internal static class AxisSettings
{
    /// <summary>Sets plotly.js property <paramref name="property"/> to <paramref name="value"/> on every axis whose layout key starts with <paramref name="axisPrefix"/> ("xaxis" or "yaxis").</summary>
    public static GenericChart Set(GenericChart chart, string axisPrefix, string property, object value)
    {
        var layout = GenericChart.getLayout(chart);
        foreach (string key in layout.GetPropertyNames(true).Where(name => name.StartsWith(axisPrefix, StringComparison.Ordinal)))
        {
            if (layout.TryGetPropertyValue(key) is { } found && found.Value is DynamicObj.DynamicObj axis)
            {
                axis.SetProperty(property, value);
            }
        }

        return chart;
    }
}
