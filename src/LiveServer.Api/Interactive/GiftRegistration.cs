using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Interactive;

/// <summary>Registers virtual gifts.</summary>
public static class GiftRegistration
{
    /// <summary>Adds <see cref="GiftService"/> and <see cref="GiftOptions"/>, whose catalogue is checked at start.</summary>
    public static WebApplicationBuilder AddLiveServerGifts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GiftOptions>().BindConfiguration(GiftOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GiftOptions>, GiftOptionsValidation>());
        builder.Services.AddSingleton<GiftService>();
        return builder;
    }
}
