using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveServer.Api.Hosting;

/// <summary>RFC 7807 problems that name the field at fault, as every error of the API does.</summary>
public static class Problems
{
    /// <summary>404: the thing <paramref name="field"/> names does not exist.</summary>
    public static ProblemHttpResult NotFound(string field, string detail) => Create(StatusCodes.Status404NotFound, "Not found.", field, detail);

    /// <summary>400: the value of <paramref name="field"/> cannot be used.</summary>
    public static ProblemHttpResult BadRequest(string field, string detail) => Create(StatusCodes.Status400BadRequest, "Bad request.", field, detail);

    /// <summary>429: this client has too many requests of a kind open.</summary>
    public static ProblemHttpResult TooMany(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.");

    /// <summary>409: the request conflicts with the current state.</summary>
    public static ProblemHttpResult Conflict(string field, string detail) => Create(StatusCodes.Status409Conflict, "Conflict.", field, detail);

    /// <summary>503: a part the request needs is not available on this server.</summary>
    public static ProblemHttpResult Unavailable(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable.");

    /// <summary>400 with one message per invalid field.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid.");

    private static ProblemHttpResult Create(int status, string title, string field, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}
