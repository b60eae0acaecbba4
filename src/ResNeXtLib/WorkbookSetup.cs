using ResNeXtLib.Setup;

namespace ResNeXtLib;

/// <summary>The one call a notebook's first code cell, a console program or a test fixture makes before any tensor work.</summary>
public static class WorkbookSetup
{
    /// <summary>
    /// Makes TorchSharp's native library loadable (see <see cref="LibTorchSharpLoader"/>) and lets Plotly.NET
    /// charts load inside the .NET Interactive kernel (see <see cref="FSharpCoreResolver"/>). Safe to call
    /// again when a cell is re-run.
    /// </summary>
    public static NativeLoadResult Initialize(TextWriter? log = null)
    {
        FSharpCoreResolver.Install();
        return LibTorchSharpLoader.EnsureLoadable(log);
    }
}
