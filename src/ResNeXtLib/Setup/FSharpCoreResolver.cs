using System.Reflection;
using System.Runtime.Loader;

namespace ResNeXtLib.Setup;

/// <summary>
/// Binds requests for any FSharp.Core version to the FSharp.Core assembly the process already loaded.
/// </summary>
/// <remarks>
/// Plotly.NET 6.0.0 is built against FSharp.Core 10.1.0.0, while the .NET Interactive kernel
/// 1.0.712001 (and dotnet-repl 0.3.259) load FSharp.Core 10.0.0.0. Without this handler the first
/// chart in a notebook fails with "Could not load file or assembly 'FSharp.Core, Version=10.1.0.0'".
/// </remarks>
public static class FSharpCoreResolver
{
    private static int installed;

    /// <summary>Installs the handler once per process; later calls do nothing and return false.</summary>
    public static bool Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1)
        {
            return false;
        }

        AssemblyLoadContext.Default.Resolving += ResolveLoadedFSharpCore;
        return true;
    }

    private static Assembly? ResolveLoadedFSharpCore(AssemblyLoadContext context, AssemblyName requested)
    {
        if (!string.Equals(requested.Name, "FSharp.Core", StringComparison.Ordinal))
        {
            return null;
        }

        // Look the assembly up among the loaded ones: asking for typeof(FSharpFunc<,>) here would
        // request FSharp.Core again and re-enter this handler.
        return AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(assembly => assembly.GetName().Name == "FSharp.Core");
    }
}
