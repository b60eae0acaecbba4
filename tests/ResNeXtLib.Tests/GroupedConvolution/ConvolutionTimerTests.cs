using ResNeXtLib.GroupedConvolution;

namespace ResNeXtLib.Tests.GroupedConvolution;

[Collection(TorchCollection.Name)]
public class ConvolutionTimerTests
{
    private static readonly TimingWorkload Tiny = new(1, 16, 8, 4, WarmupRuns: 1, TimedRuns: 3);

    [Fact]
    public void MeasureAll_ReturnsBothPassesPerImplementation()
    {
        var implementations = GroupedConvolutionImplementations.CreateAll(Tiny.Spec);

        var results = ConvolutionTimer.MeasureAll(implementations, Tiny);

        Assert.Equal(6, results.Count);
        Assert.All(results, result => Assert.Equal(3, result.Milliseconds.Count));
        Assert.All(results, result => Assert.True(result.MedianMilliseconds > 0));
        long forwardMacs = Tiny.Spec.MultiplyAccumulates(1, 8, 8);
        Assert.Equal(forwardMacs, results[0].MultiplyAccumulates);
        Assert.Equal(3 * forwardMacs, results[1].MultiplyAccumulates);
        Assert.Equal(4 * forwardMacs, results[4].MultiplyAccumulates);

        // A forward pass on 1x16x8x8 takes far less than 50 ms, so each timed run repeats it.
        Assert.True(results[0].CallsPerRun > 1, $"calls per run: {results[0].CallsPerRun}");
        foreach (var implementation in implementations)
        {
            implementation.Dispose();
        }
    }

    [Fact]
    public void Measure_NoWarmup_IsRejected()
    {
        var workload = Tiny with { WarmupRuns = 0 };
        using var native = new NativeGroupedConv2d(workload.Spec);

        var error = Assert.Throws<ArgumentException>(() => ConvolutionTimer.Measure(native, workload, TimedPass.Forward));

        Assert.Contains("0 warm-up and 3 timed runs", error.Message);
    }

    [Fact]
    public void MedianMilliseconds_OddAndEvenCounts()
    {
        Assert.Equal(2.0, new TimingResult("x", TimedPass.Forward, [5.0, 1.0, 2.0], 1).MedianMilliseconds);
        Assert.Equal(2.5, new TimingResult("x", TimedPass.Forward, [4.0, 1.0, 3.0, 2.0], 1).MedianMilliseconds);
    }

    [Fact]
    public void Format_ListsEveryResult()
    {
        var results = new List<TimingResult>
        {
            new("native (groups)", TimedPass.Forward, [2.0], 4_000_000_000),
            new("masked dense", TimedPass.ForwardBackward, [10.0], 12_000_000_000),
        };

        string table = ConvolutionTimer.Format(results);

        Assert.Contains("native (groups)", table);
        Assert.Contains("forward+backward", table);
        Assert.Contains("2000.00", table);
        Assert.Contains("1200.00", table);
    }

    [Fact]
    public void CompareWith_StatesWorkAndTimeRatios()
    {
        var results = new List<TimingResult>
        {
            new("native (groups)", TimedPass.Forward, [25.0], 1_000),
            new("split-convolve-concatenate", TimedPass.Forward, [200.0], 1_000),
            new("masked dense", TimedPass.Forward, [100.0], 32_000),
        };

        var lines = ConvolutionTimer.CompareWith(results, "masked dense");

        Assert.Equal(
            [
                "forward: native (groups) does 1/32 of the work of masked dense in 1/4.0 of its time",
                "forward: split-convolve-concatenate does 1/32 of the work of masked dense in 2.0 times its time",
            ],
            lines);
    }

    [Fact]
    public void CompareWith_UnknownReference_ListsNames()
    {
        var results = new List<TimingResult> { new("native (groups)", TimedPass.Forward, [1.0], 1) };

        var error = Assert.Throws<ArgumentException>(() => ConvolutionTimer.CompareWith(results, "dense"));

        Assert.Contains("native (groups)", error.Message);
    }

    [Fact]
    public void Workloads_FirstStageMatchesResNeXt50()
    {
        Assert.Equal(new long[] { 8, 128, 56, 56 }, TimingWorkload.FirstStage.InputShape);
        Assert.Equal(32, TimingWorkload.FirstStage.Groups);
        Assert.True(TimingWorkload.Fast.Batch * TimingWorkload.Fast.Size * TimingWorkload.Fast.Size < 8 * 56 * 56);
    }
}
