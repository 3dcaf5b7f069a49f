using System.Net;
using System.Text.Json;
using LoRASculpt.Contracts.Leaderboard;
using LoRASculpt.Contracts.Sweeps;
using LoRASculpt.Hosting.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LoRASculpt.Hosting.Tests.Http;

/// <summary>The read-only HTTP endpoint over a test cluster: API key enforcement and the same answers as the grains.</summary>
public sealed class LeaderboardHttpTests(LeaderboardCluster cluster) : IClassFixture<LeaderboardCluster>, IAsyncLifetime
{
    private const string Key = "test-api-key-0123456789";

    private LeaderboardHttpServer? _server;
    private HttpClient _http = new();
    private List<LeaderboardEntry> _entries = [];

    public async Task InitializeAsync()
    {
        _entries = RandomEntries.Create(60, seed: 3, model: "http-model");
        await cluster.Client.GetGrain<ILeaderboardIndexGrain>(LeaderboardKeys.Board("http-model", "icon-mc")).RecordMany([.. _entries]);
        _server = new LeaderboardHttpServer(Options.Create(new LeaderboardHttpOptions { Url = "http://127.0.0.1:0", ApiKey = Key }),
            cluster.Client, NullLogger<LeaderboardHttpServer>.Instance);
        await _server.StartAsync(CancellationToken.None);
        _http = new HttpClient { BaseAddress = new Uri(_server.BoundUrl!) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.StopAsync(CancellationToken.None);
            await _server.DisposeAsync();
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string? key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
            request.Headers.Add(ApiKeyCheck.Header, key);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Requests_without_the_right_api_key_are_refused_except_health()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/health", key: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/leaderboard/boards", key: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/leaderboard/boards", key: Key + "x")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/leaderboard/boards", key: "")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/leaderboard/boards")).Status);
        Assert.True(new ApiKeyCheck(null).Accepts(null));
        Assert.False(new ApiKeyCheck(Key).Accepts(null));
    }

    [Fact]
    public async Task Top_pareto_and_entry_answer_like_the_grains()
    {
        var (status, top) = await GetAsync("/api/leaderboard/http-model/icon-mc/top?metric=target&k=5&method=lora,dora");
        var expected = BruteForce.Ranking(_entries.Where(e => e.Method is "lora" or "dora"), ResultMetric.Target, null).Take(5);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, top.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry_id").GetString()));

        var next = top.GetProperty("next").GetString()!;
        var (_, second) = await GetAsync($"/api/leaderboard/http-model/icon-mc/top?metric=target&k=5&method=lora,dora&after={Uri.EscapeDataString(next)}");
        Assert.Equal(BruteForce.Ranking(_entries.Where(e => e.Method is "lora" or "dora"), ResultMetric.Target, null).Skip(5).Take(5),
            second.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry_id").GetString()));

        var (_, pareto) = await GetAsync("/api/leaderboard/http-model/icon-mc/pareto");
        Assert.Equal(BruteForce.Pareto(_entries, null), pareto.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry_id").GetString()!).Order(StringComparer.Ordinal));

        var (entryStatus, entry) = await GetAsync($"/api/leaderboard/entries/{_entries[4].EntryId}");
        Assert.Equal(HttpStatusCode.OK, entryStatus);
        Assert.Equal(_entries[4].Avg, entry.GetProperty("avg").GetDouble());
        Assert.Equal(_entries[4].Config.Hyperparameters["alpha"], entry.GetProperty("hyperparameters").GetProperty("alpha").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/api/leaderboard/entries/nope")).Status);
        var (badStatus, bad) = await GetAsync("/api/leaderboard/http-model/icon-mc/top?metric=median");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("median", bad.GetProperty("error").GetString());
    }
}
