using CommitmentBot.Core.People;
using CommitmentBot.Core.Ports;
using CommitmentBot.Core.Records;
using CommitmentBot.Core.Time;

namespace CommitmentBot.Records;

/// <summary>The record page <c>/record/{token}</c> and its chart images <c>/record/chart/{token}.png</c>.</summary>
public static class RecordEndpoints
{
    /// <summary>Slips the page lists.</summary>
    public const int PageSlips = 100;

    /// <summary>Registers the record's services.</summary>
    public static IServiceCollection AddRecordPage(this IServiceCollection services)
    {
        services.AddSingleton<ChartRenderer>();
        services.AddSingleton<RecordLinks>();
        services.AddSingleton<IRecordLinks>(sp => sp.GetRequiredService<RecordLinks>());
        services.AddSingleton<IChartImages, ChartImages>();
        services.AddSingleton<WeeklyDigest>();
        services.AddSingleton<IDigestRenderer>(sp => sp.GetRequiredService<WeeklyDigest>());
        services.AddTransient<Clock.DigestJobs>();
        return services;
    }

    /// <summary>Maps the page and the chart images.</summary>
    public static IEndpointRouteBuilder MapRecordPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/record/chart/{token}", (string token, RecordLinks links, ChartRenderer charts, HttpContext http) =>
        {
            var chart = links.ReadChart(token.EndsWith(".png", StringComparison.Ordinal) ? token[..^4] : token);
            if (chart is null)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "private, max-age=86400";
            return Results.File(charts.Png(chart), "image/png");
        });
        app.MapGet("/record/{token}", PageAsync);
        return app;
    }

    private static async Task<IResult> PageAsync(
        string token,
        RecordLinks links,
        IRecordStore records,
        IPeopleStore people,
        TimeProvider clock,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        if (links.ReadPage(token) is not { } grant
            || RecordSubject.FromToken(grant.Subject) is not { } subject
            || !RecordPeriod.TryParse(grant.Period, out var period))
        {
            return NotFound();
        }

        // The viewer's rights are checked again now: someone who stopped being a manager sees no more of the team.
        var viewer = await people.FindAsync(grant.WorkspaceId, grant.ViewerId, cancellationToken);
        if (viewer is null)
        {
            return NotFound();
        }

        var reporter = new RecordReporter(records, people, links);
        var access = await reporter.AccessAsync(viewer, subject, cancellationToken);
        if (access.Refusal is not null)
        {
            return NotFound();
        }

        var report = await reporter.BuildAsync(viewer, subject, access, period, StoredTime.Now(clock), PageSlips, cancellationToken);
        return Results.Content(RecordPage.Render(report, TimeZones.ResolveOrUtc(viewer.EffectiveZoneId), links.ChartUrl), "text/html; charset=utf-8");
    }

    private static IResult NotFound() => Results.Content(RecordPage.NotFound, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
}
