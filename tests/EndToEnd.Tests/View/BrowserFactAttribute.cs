namespace EdgeLstm.EndToEnd.Tests.View;

/// <summary>
/// A test that needs a real browser: skipped, with the reason, where chromium is not installed,
/// unless EDGE_LSTM_REQUIRE_BROWSER=1 (CI), where a missing chromium makes the test fail instead.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessChromium.ExecutablePath is null && !HeadlessChromium.Required)
        {
            Skip = $"chromium is not installed (apt-get install -y chromium); set {HeadlessChromium.RequireVariable}=1 to make this a failure";
        }
    }
}
