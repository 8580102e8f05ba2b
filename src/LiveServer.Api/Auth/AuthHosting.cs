using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Auth;

/// <summary>Registers tokens, policies and playback URL signing.</summary>
public static class AuthHosting
{
    /// <summary>
    /// Token authentication (JwtBearer, <see cref="TokenBearerOptions"/>), the policies of
    /// <see cref="AuthPolicies"/>, the room scope of <see cref="RoomScopedAttribute"/> endpoints and <see cref="HlsUrlSigner"/>.
    /// </summary>
    public static WebApplicationBuilder AddLiveServerAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddSingleton<DevelopmentSecret>();
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .PostConfigure<DevelopmentSecret>((options, secret) =>
            {
                if (development)
                {
                    secret.Fill(options);
                }
            })
            .Validate(o => o.HasValidSecret, AuthOptions.MissingSecretMessage)
            .Validate(o => o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromMinutes(5), "Auth:ClockSkew must be between 0 and 5 min.")
            .ValidateOnStart();
        builder.Services.AddOptions<SignedHlsOptions>()
            .BindConfiguration(SignedHlsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<HlsUrlSigner>();
        builder.Services.AddSingleton<IAuthorizationHandler, RoomScopeRequirement>();
        builder.Services.AddSingleton<TokenBearerEvents>();
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, TokenBearerOptions>();
        builder.Services.AddAuthentication(TokenBearerOptions.SchemeName).AddJwtBearer(TokenBearerOptions.SchemeName);

        // Roles only: the room a token is restricted to is checked by the endpoints' RoomScoped metadata.
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Api, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.MayModerate()))
            .AddPolicy(AuthPolicies.Publish, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.MayPublish()))
            .AddPolicy(AuthPolicies.Audience, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.MayTakePart()))
            .AddPolicy(AuthPolicies.AnyToken, p => p.RequireAuthenticatedUser());
        return builder;
    }
}
