using System.Globalization;

namespace PowerJob.Akka.Benchmarks.Reporting;

/// <summary>p50 / p99 / max of a set of samples (milliseconds unless said otherwise).</summary>
public sealed record Distribution(int Count, double P50, double P99, double Max, double Mean)
{
    public static readonly Distribution Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    public static Distribution Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) return Empty;
        return new Distribution(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1], Math.Round(sorted.Average(), 2));
    }

    // Nearest-rank percentile: the smallest sample with at least p of the samples at or below it.
    private static double Percentile(double[] sorted, double p) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
}

public static class Format
{
    public static string Num(double value, int decimals = 0) =>
        double.IsNaN(value) ? "-" : value.ToString("N" + decimals, CultureInfo.InvariantCulture);

    public static string Ms(double value) => double.IsNaN(value) ? "-" : Num(value, value < 10 ? 1 : 0);

    public static string Ratio(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "-" : $"{value:0.00}×";
}
