using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Templates;

/// <summary>
/// The server's address as a template's page reaches it (its <c>apiBase</c>):
/// <see cref="TemplateOptions.ApiBase"/>, else the first http address the server listens on, a
/// wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) made <c>127.0.0.1</c>, since
/// Chromium runs on the same machine.
/// </summary>
public sealed class TemplateApiBase(IOptions<TemplateOptions> options, IServer server)
{
    /// <summary>The address, without a trailing slash; null before the server listens.</summary>
    public Uri? Uri
    {
        get
        {
            if (options.Value.ApiBase is { Length: > 0 } configured)
            {
                return new Uri(configured.TrimEnd('/'));
            }

            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var first = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
            if (first is null)
            {
                return null;
            }

            var wildcard = first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
            return System.Uri.TryCreate(wildcard.TrimEnd('/'), UriKind.Absolute, out var uri) ? uri : null;
        }
    }
}
