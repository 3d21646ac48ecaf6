namespace PowerJob.Akka.Tests.WebConsole;

/// <summary>
/// A test in a real browser: Debian's headless Chromium. Reported as skipped, with the reason, when it is not installed;
/// <c>.ci/run</c> installs it and refuses to run the suite without it, so CI never skips these.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
            Skip = $"{ChromiumPath} is not installed (apt-get install -y chromium); the console's browser tests need Debian's headless Chromium";
    }
}
