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
