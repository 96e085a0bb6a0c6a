using Monitoring.Api.Charting.Board;

namespace Monitoring.Api.Features.AudioPause;

public static class AudioPauseRegistration
{
    public static IServiceCollection AddAudioPause(this IServiceCollection services) => services.AddScoped<AudioPauseReader>();
}
