using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LoRASculpt.Grains;
using LoRASculpt.Grains.Leaderboard;
using LoRASculpt.Hosting.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LoRASculpt.Hosting.Tests.Http;

/// <summary>
/// The Orleans Dashboard on a silo's HTTP endpoint, wired exactly as the silo host wires it
/// (<see cref="LeaderboardHttpExtensions.AddLeaderboardHttpEndpoint"/> with DashboardEnabled): the endpoint's API key guards it.
/// </summary>
public sealed class DashboardHttpTests : IAsyncLifetime
{
    private const string Key = "dashboard-key-0123456789";

    private InProcessTestCluster? _cluster;
    private HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(OrchestrationStorage.Name);
            silo.AddLeaderboard();
        });
        builder.ConfigureSiloHost((_, host) => host.AddLeaderboardHttpEndpoint(o =>
        {
            o.Url = "http://127.0.0.1:0";
            o.ApiKey = Key;
            o.DashboardEnabled = true;
            o.DashboardPath = "/dashboard";
        }));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        var server = _cluster.Silos[0].ServiceProvider.GetRequiredService<LeaderboardHttpServer>();
        _http = new HttpClient { BaseAddress = new Uri(server.BoundUrl!) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? key = null, string? basicPassword = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
            request.Headers.Add(ApiKeyCheck.Header, key);
        if (basicPassword is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{basicPassword}")));
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task Without_the_api_key_the_dashboard_answers_401_and_asks_the_browser_for_it()
    {
        using var none = await GetAsync("/dashboard/");
        using var wrong = await GetAsync("/dashboard/ClusterStats", key: Key + "x");
        using var wrongBasic = await GetAsync("/dashboard/", basicPassword: "not-the-key-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Basic", Assert.Single(none.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongBasic.StatusCode);
    }

    [Fact]
    public async Task With_the_api_key_the_dashboard_page_and_its_cluster_data_are_served()
    {
        using var page = await GetAsync("/dashboard/", key: Key);
        using var api = await GetAsync("/api/leaderboard/boards", key: Key);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        // The counters come from the silo's dashboard grain (refreshed about every second): the forwarded services
        // reach the live silo, which reports itself as the one active host.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var hosts = -1;
        while (hosts != 1 && DateTime.UtcNow < deadline)
        {
            using var counters = await GetAsync("/dashboard/DashboardCounters", basicPassword: Key);
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            hosts = JsonDocument.Parse(await counters.Content.ReadAsStringAsync()).RootElement.GetProperty("totalActiveHostCount").GetInt32();
            if (hosts != 1)
                await Task.Delay(50);
        }
        Assert.Equal(1, hosts);
    }

    [Fact]
    public void The_dashboard_is_refused_without_an_api_key_or_under_the_api_paths()
    {
        static string[] Errors(LeaderboardHttpOptions o) =>
            [.. o.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(o)).Select(r => r.ErrorMessage!)];

        Assert.Contains(Errors(new() { Url = "http://127.0.0.1:1", DashboardEnabled = true }), e => e.Contains("needs Http:ApiKey"));
        Assert.Contains(Errors(new() { ApiKey = Key, DashboardEnabled = true }), e => e.Contains("needs Http:Url"));
        Assert.Contains(Errors(new() { Url = "http://127.0.0.1:1", ApiKey = Key, DashboardEnabled = true, DashboardPath = "/api/dash" }), e => e.Contains("DashboardPath"));
        Assert.Empty(Errors(new() { Url = "http://127.0.0.1:1", ApiKey = Key, DashboardEnabled = true }));
        Assert.Empty(Errors(new() { Url = "http://127.0.0.1:1" }));
    }
}
