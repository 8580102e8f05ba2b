using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace LiveServer.Api.Hosting;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a value of the wrong type, a body
/// too large) into a 400 ProblemDetails that names the offending JSON path when there is one.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var json = badRequest.InnerException as JsonException;
        var field = json?.Path is { Length: > 0 } path ? path.TrimStart('$').TrimStart('.') : "body";
        var detail = json is null ? badRequest.Message : $"The request body is not valid JSON for this endpoint at '{field}'.";
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read.",
                Detail = detail,
                Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } },
            },
            Exception = exception,
        }).ConfigureAwait(false);
    }
}
