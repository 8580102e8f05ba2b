using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace LiveServer.Api.Auth;

/// <summary>Registers tokens, policies and playback URL signing.</summary>
public static class AuthHosting
{
    /// <summary>Token authentication, the policies of <see cref="AuthPolicies"/> and <see cref="HlsUrlSigner"/>.</summary>
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
        builder.Services.AddSingleton<JwtTokenValidator>();
        builder.Services.AddSingleton<HlsUrlSigner>();
        builder.Services.AddSingleton<IAuthorizationHandler, RoomScopeRequirement>();
        builder.Services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Api, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.MayModerate()).AddRequirements(new RoomScopeRequirement()))
            .AddPolicy(AuthPolicies.Publish, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.MayPublish()).AddRequirements(new RoomScopeRequirement()))
            .AddPolicy(AuthPolicies.Audience, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.MayTakePart()).AddRequirements(new RoomScopeRequirement()))
            .AddPolicy(AuthPolicies.AnyToken, p => p.RequireAuthenticatedUser());
        return builder;
    }
}
