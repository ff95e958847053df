namespace MmDsl.Repl.Tests.Report;

/// <summary>Headless Chromium, to read <c>mmdsl report</c>'s page as a browser does.</summary>
public static class Chromium
{
    /// <summary>chromium (or chromium-browser) on the PATH, or null.</summary>
    public static string? Find() =>
        new[] { "chromium", "chromium-browser" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>The arguments every run takes: no sandbox (tests may run as root), no GPU, no first-run chores.</summary>
    public static string[] Headless(string chromium, string profile) =>
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", $"--user-data-dir={profile}"];
}

/// <summary>A test that needs headless Chromium and the built mmdsl; skipped with the reason when either is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Find() is null)
        {
            Skip = "chromium is not installed: the report's browser test needs it (apt-get install -y chromium)";
        }
        else if (Repository.Mmdsl() is null)
        {
            Skip = "the mmdsl program was not found beside the tests or in Repl/bin";
        }
    }
}
