namespace ResNeXtLib.Tests;

/// <summary>A fact that runs on Linux only and is reported as skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: it reads the ELF files of TorchSharp's Linux native package.";
        }
    }
}
