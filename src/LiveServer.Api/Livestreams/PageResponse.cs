namespace LiveServer.Api.Livestreams;

/// <summary>A page of results.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="PageInfo">Where this page is.</param>
/// <param name="Data">The items.</param>
public sealed record PageResponse<T>(PageInfo PageInfo, IReadOnlyList<T> Data);

/// <summary>Paging information.</summary>
/// <param name="CurrentPage">This page, from 1.</param>
/// <param name="PerPage">Page size.</param>
/// <param name="LastPage">The last page.</param>
/// <param name="Total">Items in all pages.</param>
public sealed record PageInfo(int CurrentPage, int PerPage, int LastPage, int Total);

/// <summary>The paging rules every listing shares: <c>page</c> from 1, <c>perPage</c> 1 to <see cref="MaxPerPage"/>.</summary>
public static class Paging
{
    /// <summary>The largest <c>perPage</c>.</summary>
    public const int MaxPerPage = 100;

    /// <summary>Adds the errors of <paramref name="page"/> and <paramref name="perPage"/> to <paramref name="errors"/>.</summary>
    public static void Check(int page, int perPage, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (page < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (perPage is < 1 or > MaxPerPage)
        {
            errors["perPage"] = [$"perPage must be between 1 and {MaxPerPage}."];
        }
    }
}
