using System.Collections.Concurrent;
using System.Diagnostics;
using ResNeXtLib.Models;
using ResNeXtLib.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace ResNeXtLib.Tests.Training;

/// <summary>
/// Kills a child process (tests/CheckpointKillHelper) while it saves ResNeXt-50 checkpoints in a loop and checks that
/// the file at the checkpoint's path is still a complete checkpoint from a finished or the interrupted save.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CheckpointKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Attempts = 3;
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(120);

    private readonly string folder = Directory.CreateTempSubdirectory("resnext-kill-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void KillDuringSave_PreviousOrNewCheckpointLoads()
    {
        string path = Path.Combine(folder, "resnext50.ckpt");
        using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());
        var random = new Random(20261204);
        int killsDuringSave = 0;

        for (int attempt = 1; attempt <= Attempts; attempt++)
        {
            int firstGeneration = attempt * 1000;
            var (lastSaved, inProgress) = RunAndKill(path, firstGeneration, random);
            bool duringSave = inProgress is not null;
            killsDuringSave += duringSave ? 1 : 0;

            using var trainer = new Trainer(model, new TrainingOptions());
            trainer.LoadCheckpoint(path);
            float generation = model.named_parameters().Single(p => p.name == "fc.bias").parameter[0].item<float>();
            output.WriteLine($"attempt {attempt}: last complete save {lastSaved}, killed during save {inProgress?.ToString() ?? "(none)"}, file holds save {generation}");

            Assert.True(generation == lastSaved || generation == inProgress,
                $"the checkpoint holds save {generation}, but the last complete save was {lastSaved} and the interrupted one {inProgress?.ToString() ?? "none"}");
        }

        Assert.True(killsDuringSave > 0, $"none of the {Attempts} kills landed during a save, so the test proved nothing; rerun it");
    }

    /// <summary>Starts the helper, lets it finish at least two saves, kills it at a random moment of a later save and returns what it reported.</summary>
    private (int LastSaved, int? InProgress) RunAndKill(string path, int firstGeneration, Random random)
    {
        string helper = Path.Combine(AppContext.BaseDirectory, "CheckpointKillHelper.dll");
        Assert.True(File.Exists(helper), $"the helper {helper} was not built next to the tests");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(helper);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(firstGeneration.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var lines = new BlockingCollection<string>();
        var reported = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Add(e.Data);
                reported.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.WriteLine($"helper stderr: {e.Data}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            // Two complete saves give a previous checkpoint and the duration of one save.
            WaitFor(lines, $"saving {firstGeneration + 1}");
            var saveWatch = Stopwatch.StartNew();
            WaitFor(lines, $"saved {firstGeneration + 1}");
            TimeSpan saveDuration = saveWatch.Elapsed;

            WaitFor(lines, $"saving {firstGeneration + 2}");
            Thread.Sleep(TimeSpan.FromMilliseconds(random.NextDouble() * 0.8 * saveDuration.TotalMilliseconds));
            process.Kill(entireProcessTree: true);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
        }

        int Last(string verb) => reported
            .Where(line => line.StartsWith(verb + " ", StringComparison.Ordinal))
            .Select(line => int.Parse(line[(verb.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Max();

        int lastSaved = Last("saved");
        int lastStarted = Last("saving");
        return (lastSaved, lastStarted > lastSaved ? lastStarted : null);
    }

    private static void WaitFor(BlockingCollection<string> lines, string expected)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < LineTimeout)
        {
            if (lines.TryTake(out var line, TimeSpan.FromSeconds(1)) && line == expected)
            {
                return;
            }
        }

        Assert.Fail($"the helper did not print \"{expected}\" within {LineTimeout.TotalSeconds} s");
    }
}
