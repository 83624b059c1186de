using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeLstm.EndToEnd.Tests.View;

/// <summary>
/// A minimal Chrome DevTools protocol client for one page target: commands with ids, replies
/// matched by id, and the console errors and uncaught exceptions the page reports.
/// </summary>
internal sealed class DevToolsPage : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _closing = new();
    private Task? _receiving;
    private int _nextId;

    /// <summary>Console errors, uncaught exceptions and failed loads, in order.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    public static async Task<DevToolsPage> AttachAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var targets = await http.GetFromJsonAsync<JsonArray>(new Uri($"http://127.0.0.1:{port}/json/list"));
        var page = targets!.First(t => (string?)t!["type"] == "page")!;
        var result = new DevToolsPage();
        await result._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
        result._receiving = result.ReceiveAsync();
        await result.SendAsync("Runtime.enable");
        await result.SendAsync("Log.enable");
        await result.SendAsync("Page.enable");
        return result;
    }

    public Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        return SendAndWaitAsync(bytes, reply, method);
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value (awaiting a promise).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var reply = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (reply["exceptionDetails"] is { } failure)
        {
            throw new InvalidOperationException($"page script failed: {failure.ToJsonString()}");
        }

        return reply["result"]?["value"];
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The browser may already be gone.
        }

        if (_receiving is not null)
        {
            await Task.WhenAny(_receiving, Task.Delay(2000));
        }

        _socket.Dispose();
        _closing.Dispose();
    }

    private async Task<JsonNode> SendAndWaitAsync(byte[] bytes, TaskCompletionSource<JsonNode> reply, string method)
    {
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var done = await Task.WhenAny(reply.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        return done == reply.Task ? await reply.Task : throw new TimeoutException($"no DevTools reply to {method} within 30 s");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                {
                    continue;
                }

                Dispatch(JsonNode.Parse(message.ToArray())!);
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed.
        }
    }

    private void Dispatch(JsonNode node)
    {
        if (node["id"] is { } id && _pending.TryRemove((int)id, out var reply))
        {
            if (node["error"] is { } error)
            {
                reply.TrySetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
            }
            else
            {
                reply.TrySetResult(node["result"] ?? new JsonObject());
            }

            return;
        }

        var parameters = node["params"];
        var method = node["method"]?.GetValue<string>();
        var consoleType = parameters?["type"]?.GetValue<string>();
        var logLevel = parameters?["entry"]?["level"]?.GetValue<string>();
        if (method == "Runtime.consoleAPICalled" && consoleType is "error" or "assert")
        {
            _errors.Enqueue($"console.error: {parameters!["args"]?.ToJsonString()}");
        }
        else if (method == "Runtime.exceptionThrown")
        {
            _errors.Enqueue($"exception: {parameters?["exceptionDetails"]?.ToJsonString()}");
        }
        else if (method == "Log.entryAdded" && logLevel == "error")
        {
            _errors.Enqueue($"log: {parameters!["entry"]?["text"]} {parameters["entry"]?["url"]}");
        }
    }
}
