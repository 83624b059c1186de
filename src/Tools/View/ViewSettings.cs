using System.Net;

namespace EdgeLstm.Tools.View;

/// <summary>Where the page is served: 127.0.0.1 by default, because the view has no authentication.</summary>
internal sealed record ViewSettings(IPAddress Address, int Port);
