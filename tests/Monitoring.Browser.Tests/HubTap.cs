using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>
/// Sits on a page's SignalR WebSocket (Playwright's WebSocket routing) and passes every message on,
/// except that it can turn one ward event into a call no board listens to (the event is lost, the
/// message count stays right for stateful reconnect) and answer the next joins (catch-ups after the
/// board's first join) with a hub error. Messages are replaced one for one, never added or dropped.
/// </summary>
public sealed class HubTap
{
    private const char Separator = '\u001e';
    private readonly object _gate = new();
    private readonly HashSet<string> _failing = [];
    private Func<JsonObject, bool>? _hide;
    private int _failuresLeft;
    private volatile bool _silent;

    public int CatchUpsAsked { get; private set; }

    public int CatchUpsFailed { get; private set; }

    public int SnapshotsAsked { get; private set; }

    public int Hidden { get; private set; }


    public static async Task<HubTap> InstallAsync(IPage page)
    {
        var tap = new HubTap();
        await page.RouteWebSocketAsync("**/hubs/ward**", route =>
        {
            var server = route.ConnectToServer();
            route.OnMessage(frame =>
            {
                if (tap._silent)
                {
                    return;
                }
                if (frame.Text is { } text)
                {
                    server.Send(tap.FromPage(text));
                }
                else
                {
                    server.Send(frame.Binary!);
                }
            });
            server.OnMessage(frame =>
            {
                if (tap._silent)
                {
                    return;
                }
                if (frame.Text is { } text)
                {
                    route.Send(tap.FromServer(text));
                }
                else
                {
                    route.Send(frame.Binary!);
                }
            });
        });
        return tap;
    }

    /// <summary>
    /// The link goes silent without closing, as a dead Wi-Fi or a stalled proxy does: nothing passes either way,
    /// on the open sockets or on any the page opens, until <see cref="Restore"/>.
    /// </summary>
    public void Silence() => _silent = true;

    public void Restore() => _silent = false;

    /// <summary>The next ward event matching <paramref name="which"/> (its first argument) never reaches the board.</summary>
    public void HideNext(Func<JsonObject, bool> which)
    {
        lock (_gate)
        {
            _hide = which;
        }
    }

    /// <summary>The next <paramref name="count"/> joins (catch-ups, or a snapshot asked for instead) are answered with a hub error.</summary>
    public void FailCatchUps(int count)
    {
        lock (_gate)
        {
            _failuresLeft = count;
        }
    }

    // A catch-up that is to fail still reaches the service, asking for nothing (a sequence far ahead), so that its answer is small.
    private string FromPage(string text)
    {
        var parts = text.Split(Separator, StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            if (JsonNode.Parse(part) is not JsonObject message || (int?)message["type"] != 1 || (string?)message["target"] != "JoinWard")
            {
                return part;
            }
            lock (_gate)
            {
                var snapshot = message["arguments"]![1] is null;
                if (snapshot)
                {
                    SnapshotsAsked++;
                }
                else
                {
                    CatchUpsAsked++;
                }
                if (_failuresLeft <= 0)
                {
                    return part;
                }
                _failuresLeft--;
                _failing.Add((string)message["invocationId"]!);
                if (!snapshot)
                {
                    message["arguments"]![1] = long.MaxValue / 2;
                }
                return message.ToJsonString();
            }
        });
        return string.Concat(parts.Select(part => part + Separator));
    }

    private string FromServer(string text)
    {
        var parts = text.Split(Separator, StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            if (JsonNode.Parse(part) is not JsonObject message)
            {
                return part;
            }
            lock (_gate)
            {
                if ((int?)message["type"] == 1 && message["arguments"]?[0] is JsonObject wardEvent && _hide is { } hide && hide(wardEvent))
                {
                    _hide = null;
                    Hidden++;
                    message["target"] = "notOnThisBoard";
                    return message.ToJsonString();
                }
                if ((int?)message["type"] == 3 && _failing.Remove((string?)message["invocationId"] ?? ""))
                {
                    CatchUpsFailed++;
                    return new JsonObject { ["type"] = 3, ["invocationId"] = (string?)message["invocationId"], ["error"] = "An unexpected error occurred invoking 'JoinWard' on the server." }.ToJsonString();
                }
            }
            return part;
        });
        return string.Concat(parts.Select(part => part + Separator));
    }
}
