using LoRASculpt.Client;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Grains.Reevaluation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LoRASculpt.Hosting.Http;

/// <summary>
/// The read-only routes. Query parameters: <c>metric</c> (avg|source|target), <c>k</c>, <c>offset</c>, <c>after</c>
/// (cursor), <c>method</c> (repeatable or comma-separated), <c>sweep</c>, <c>suite</c>, <c>older_than</c>, <c>hp</c> (NAME=VALUE, repeatable).
/// </summary>
public static class LeaderboardHttpEndpoints
{
    public static IEndpointRouteBuilder MapLeaderboardEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => Results.Json(new { status = "ok" }));
        var api = routes.MapGroup("/api");
        api.MapGet("/leaderboard/boards", async (LeaderboardClient client) => Json(await client.BoardsAsync()));
        api.MapGet("/leaderboard/{model}/{task}/top", (string model, string task, HttpRequest request, LeaderboardClient client) => Guarded(async () =>
        {
            var q = request.Query;
            var k = int.TryParse(q["k"], out var parsedK) ? parsedK : 20;
            var offset = int.TryParse(q["offset"], out var parsedOffset) ? parsedOffset : 0;
            var after = string.IsNullOrEmpty(q["after"]) ? null : LeaderboardCursor.Parse(q["after"]!);
            var query = new LeaderboardQuery(LeaderboardArguments.Metric(q["metric"]), Filter(request), k, offset, after);
            return Json(LeaderboardJson.View(await client.TopAsync(model, task, query)));
        }));
        api.MapGet("/leaderboard/{model}/{task}/pareto", (string model, string task, HttpRequest request, LeaderboardClient client) => Guarded(async () =>
            Json(LeaderboardJson.View(await client.ParetoAsync(model, task, Filter(request))))));
        api.MapGet("/leaderboard/entries/{id}", (string id, LeaderboardClient client) => Guarded(async () =>
            await client.GetAsync(id) is { } entry ? Json(LeaderboardJson.View(entry)) : Results.NotFound(new { error = $"no leaderboard entry '{id}'" })));
        api.MapGet("/reevaluations", async (ReevaluationClient client) => Json(await client.ListAsync()));
        return routes;
    }

    private static LeaderboardFilter Filter(HttpRequest request)
    {
        var q = request.Query;
        return LeaderboardArguments.Filter(q["method"].Where(v => v is not null)!, q["sweep"], q["hp"].Where(v => v is not null)!, q["suite"], q["older_than"]);
    }

    private static IResult Json(object value) => Results.Json(value, LeaderboardJson.Options);

    /// <summary>Bad arguments are the caller's fault (400 naming the problem), not the server's.</summary>
    private static async Task<IResult> Guarded(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }
}
