namespace LiveServer.Api.Auth;

/// <summary>Marks endpoints (or groups) as scoped to their route's room, or as deliberately spanning rooms.</summary>
public static class RoomScopeConventions
{
    /// <summary>
    /// <see cref="RoomScopedAttribute"/> (route <c>{roomId}</c>/<c>{participantId}</c> against the token)
    /// and <see cref="RoomScopeFilter"/> (rooms named in bodies, livestream ids, listings).
    /// </summary>
    public static TBuilder RoomScoped<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new RoomScopedAttribute()).AddEndpointFilter<TBuilder, RoomScopeFilter>();
    }

    /// <summary><see cref="AllowAnyRoomAttribute"/>: the endpoint spans rooms and checks what it shows itself.</summary>
    public static TBuilder AllowAnyRoom<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new AllowAnyRoomAttribute());
    }
}
