namespace LiveServer.Domain.Livestreams;

/// <summary>One page of livestreams.</summary>
/// <param name="Items">The livestreams on this page.</param>
/// <param name="CurrentPage">This page, from 1.</param>
/// <param name="PerPage">Page size.</param>
/// <param name="LastPage">The last page (1 when empty).</param>
/// <param name="Total">All matching livestreams.</param>
public sealed record LivestreamPage(IReadOnlyList<Livestream> Items, int CurrentPage, int PerPage, int LastPage, int Total);
