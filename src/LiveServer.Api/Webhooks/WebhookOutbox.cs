using System.Text;
using System.Text.Json;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Webhooks;

/// <summary>
/// Turns a room event into the webhook deliveries that go with it: one per distinct target
/// (<c>Webhooks:Urls</c> and the livestream's <c>webhookUrl</c>), each with the exact body that is
/// signed and sent, <c>{webhookType, id, seq, at, data}</c>. The deliveries are stored in the same
/// transaction as the event (<see cref="StoreWrite.AppendEvent"/>), so an event is never announced
/// without its webhooks, and <see cref="Queued"/> wakes the dispatcher.
/// </summary>
public sealed class WebhookOutbox(IOptions<WebhookOptions> options)
{
    /// <summary>Raised after deliveries were handed to the store.</summary>
    public event Action? Queued;

    /// <summary>The deliveries of one event; empty when no target is configured.</summary>
    public IReadOnlyList<StoredWebhookDelivery> DeliveriesFor(
        string webhookType, string roomId, long seq, DateTimeOffset at, string dataJson, string? livestreamWebhookUrl)
    {
        var targets = options.Value.Urls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).ToList();
        if (!string.IsNullOrWhiteSpace(livestreamWebhookUrl))
        {
            targets.Add(livestreamWebhookUrl);
        }

        if (targets.Count == 0)
        {
            return [];
        }

        var webhookId = "wh_" + Guid.NewGuid().ToString("N");
        var body = Body(webhookType, webhookId, seq, at, dataJson);
        var giveUpAt = at + options.Value.RetryFor;
        return
        [
            .. targets.Distinct(StringComparer.Ordinal).Select(url => new StoredWebhookDelivery(
                "whd_" + Guid.NewGuid().ToString("N")[..20], webhookId, webhookType, url, roomId, seq, body, WebhookDeliveryStatus.Pending,
                0, at, at, giveUpAt, null, null, null)),
        ];
    }

    /// <summary>Tells the dispatcher that deliveries were queued.</summary>
    public void NotifyQueued() => Queued?.Invoke();

    private static string Body(string webhookType, string webhookId, long seq, DateTimeOffset at, string dataJson)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("webhookType", webhookType);
            json.WriteString("id", webhookId);
            json.WriteNumber("seq", seq);
            json.WriteString("at", at);
            json.WritePropertyName("data");
            json.WriteRawValue(dataJson);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
