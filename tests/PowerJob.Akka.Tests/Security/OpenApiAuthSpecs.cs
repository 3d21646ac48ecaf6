using System.Net;
using Microsoft.Extensions.Time.Testing;
using PowerJob.Akka.Server.Hosting;
using PowerJob.Akka.Storage;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Security;

/// <summary>OpenAPI authentication as PowerJob 5.x does it, on by default, over real sockets.</summary>
public sealed class OpenApiAuthSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ServerNode _server = null!;
    private RawOpenApi _api = null!;
    private long _billing;
    private long _orders;

    public async Task InitializeAsync()
    {
        _server = await _nodes.StartServerAsync(TestNodes.ServerOptions(),
            services => services.AddSingleton<TimeProvider>(_time));
        _billing = await _nodes.RegisterAppAsync(_server, "billing", "billing-pw");
        _orders = await _nodes.RegisterAppAsync(_server, "orders", "orders-pw");
        _api = new RawOpenApi(_server);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task A_PowerJob_5_client_signs_in_with_the_md5_digest_and_then_does_everything_with_the_two_headers()
    {
        // The wire format of PowerJob 5.x's AppAuthClusterRequestService: a JSON body to /openApi/authApp with the
        // lower-case hex MD5 of the password and encryptType "md5"; then the two request headers on every call.
        var auth = await _api.RawAsync("/openApi/authApp",
            $$"""{"appName":"billing","encryptedPassword":"{{PasswordHasher.Md5Hex("billing-pw")}}","encryptType":"md5"}""", "application/json");
        Assert.True(auth.Success, auth.Raw);
        Assert.Equal("true", auth.AuthPassed);
        Assert.Equal(_billing, auth.Data.GetProperty("appId").GetInt64());
        _api.Auth = (_billing, auth.Data.GetProperty("token").GetString()!);

        var saved = await _api.FormAsync("/openApi/saveJob", ("appId", _billing), ("jobName", "nightly"), ("processorInfo", "echo"));
        Assert.True(saved.Success, saved.Raw);
        Assert.Equal("true", saved.AuthPassed);
        var jobId = saved.Data.GetInt64();
        foreach (var call in new[] { "fetchJob", "disableJob", "enableJob" })
            Assert.True((await _api.FormAsync($"/openApi/{call}", ("appId", _billing), ("jobId", jobId))).Success, call);
        var instanceId = (await _api.FormAsync("/openApi/runJob", ("appId", _billing), ("jobId", jobId), ("delay", 60_000))).Data.GetInt64();
        Assert.Equal(1, (await _api.FormAsync("/openApi/fetchInstanceStatus", ("appId", _billing), ("instanceId", instanceId))).Data.GetInt32());
        Assert.True((await _api.FormAsync("/openApi/cancelInstance", ("appId", _billing), ("instanceId", instanceId))).Success);
        Assert.True((await _api.FormAsync("/openApi/queryInstance", ("appId", _billing), ("jobId", jobId))).Success);
        Assert.True((await _api.SendAsync(HttpMethod.Get, $"/openApi/fetchWorkers?appId={_billing}", null)).Success);
        // PowerJob's client always names the app; a call without appId acts on the token's app.
        Assert.Equal(1, (await _api.FormAsync("/openApi/fetchAllJob")).Data.GetArrayLength());
        Assert.True((await _api.FormAsync("/openApi/deleteJob", ("appId", _billing), ("jobId", jobId))).Success);
    }

    [Fact]
    public async Task Mutating_calls_without_a_token_are_refused_and_change_nothing()
    {
        var jobId = await SaveJobAsBillingAsync();
        _api.Auth = null;
        var attacks = new[]
        {
            await _api.FormAsync("/openApi/saveJob", ("appId", _billing), ("jobName", "evil"), ("processorInfo", "echo")),
            await _api.FormAsync("/openApi/runJob", ("appId", _billing), ("jobId", jobId)),
            await _api.FormAsync("/openApi/deleteJob", ("appId", _billing), ("jobId", jobId)),
            await _api.FormAsync("/openApi/disableJob", ("appId", _billing), ("jobId", jobId)),
            await _api.SendAsync(HttpMethod.Get, $"/openApi/fetchWorkers?appId={_billing}", null),
        };
        foreach (var reply in attacks)
        {
            Assert.False(reply.Success, reply.Raw);
            Assert.Equal("false", reply.AuthPassed);
            Assert.StartsWith("this server requires OpenAPI authentication: sign in with POST /openApi/authApp", reply.Message);
        }
        await AssertBillingUnchangedAsync(jobId);
    }

    [Fact]
    public async Task A_token_acts_only_on_its_own_app()
    {
        var jobId = await SaveJobAsBillingAsync();
        _api.Auth = await _api.SignInAsync("orders", "orders-pw");

        var otherAppParameter = await _api.FormAsync("/openApi/deleteJob", ("appId", _billing), ("jobId", jobId));
        Assert.Equal($"appId '{_billing}' is not the app of the access token (appId {_orders}); a token only acts on its own app", otherAppParameter.Message);
        var otherAppQuery = await _api.FormAsync("/openApi/queryInstance", ("appIdEq", _billing));
        Assert.False(otherAppQuery.Success);
        var ownAppForeignJob = await _api.FormAsync("/openApi/deleteJob", ("appId", _orders), ("jobId", jobId));
        Assert.Equal($"jobId {jobId} is unknown in app 'orders' (appId {_orders})", ownAppForeignJob.Message);

        _api.Auth = (_billing, _api.Auth.Value.Token);
        var otherAppHeader = await _api.FormAsync("/openApi/deleteJob", ("appId", _billing), ("jobId", jobId));
        Assert.Equal($"the access token was issued for another app, not appId {_billing}", otherAppHeader.Message);
        Assert.Equal("false", otherAppHeader.AuthPassed);
        await AssertBillingUnchangedAsync(jobId);
    }

    [Fact]
    public async Task Forged_expired_and_revoked_tokens_are_refused()
    {
        var jobId = await SaveJobAsBillingAsync();
        var (_, token) = await _api.SignInAsync("billing", "billing-pw");

        _api.Auth = (_billing, token[..^2] + (token[^2..] == "AA" ? "BB" : "AA"));
        Assert.StartsWith($"the access token for appId {_billing} is invalid", (await Delete()).Message);
        _api.Auth = (_billing, "v1." + _billing + ".99999999999999.forged");
        Assert.StartsWith($"the access token for appId {_billing} is invalid", (await Delete()).Message);
        _api.Auth = (_billing, "garbage");
        Assert.Equal("X-POWERJOB-ACCESS-TOKEN is not a token issued by /openApi/authApp", (await Delete()).Message);

        _api.Auth = (_billing, token);
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal($"the access token for appId {_billing} expired; sign in again with /openApi/authApp", (await Delete()).Message);

        var (_, fresh) = await _api.SignInAsync("billing", "billing-pw");
        var changed = await _api.FormAsync("/appInfo/save", ("appName", "billing"), ("password", "new-pw"), ("oldPassword", "billing-pw"));
        Assert.True(changed.Success, changed.Raw);
        _api.Auth = (_billing, fresh);
        Assert.StartsWith($"the access token for appId {_billing} is invalid (forged, or the app's password changed", (await Delete()).Message);

        _nodes.Auth.Remember(_billing, "billing", "new-pw");
        await AssertBillingUnchangedAsync(jobId);
        return;

        Task<RawOpenApi.Reply> Delete() => _api.FormAsync("/openApi/deleteJob", ("appId", _billing), ("jobId", jobId));
    }

    [Fact]
    public async Task Signing_in_names_what_is_wrong()
    {
        var wrong = await _api.JsonAsync("/openApi/authApp", new { appName = "billing", encryptedPassword = PasswordHasher.Md5Hex("nope"), encryptType = "MD5" });
        Assert.Equal((false, "password for app 'billing' is wrong", "false"), (wrong.Success, wrong.Message, wrong.AuthPassed));
        var unknown = await _api.JsonAsync("/openApi/authApp", new { appName = "ghost", encryptedPassword = "x", encryptType = "MD5" });
        Assert.Equal("appName 'ghost' is not registered", unknown.Message);
        var badType = await _api.JsonAsync("/openApi/authApp", new { appName = "billing", encryptedPassword = "x", encryptType = "SHA1" });
        Assert.Equal("encryptType 'SHA1' is invalid: allowed values are NONE, MD5", badType.Message);
        var plain = await _api.JsonAsync("/openApi/authApp", new { appName = "billing", encryptedPassword = "billing-pw", encryptType = "NONE" });
        Assert.True(plain.Success, plain.Raw);

        // PowerJob 4.x's assert keeps working with the plain password.
        Assert.Equal(_billing, (await _api.FormAsync("/openApi/assert", ("appName", "billing"), ("password", "billing-pw"))).Data.GetInt64());
        Assert.Equal("password for app 'billing' is wrong", (await _api.FormAsync("/openApi/assert", ("appName", "billing"), ("password", "x"))).Message);
        Assert.Equal("the password of app 'billing' is required", (await _api.FormAsync("/openApi/assert", ("appName", "billing"))).Message);
    }

    [Fact]
    public async Task An_app_stored_with_an_older_hash_signs_in_with_its_plain_password_once_and_then_with_md5()
    {
        var store = _server.Services.GetRequiredService<IPowerJobStore>();
        var legacy = await store.InsertAppAsync("legacy", LegacyHash("old-pw"));
        Assert.NotNull(legacy);

        var md5 = await _api.JsonAsync("/openApi/authApp", new { appName = "legacy", encryptedPassword = PasswordHasher.Md5Hex("old-pw"), encryptType = "MD5" });
        Assert.StartsWith("app 'legacy' stores its password in an older format", md5.Message);
        Assert.True((await _api.FormAsync("/openApi/assert", ("appName", "legacy"), ("password", "old-pw"))).Success);
        Assert.False(PasswordHasher.NeedsUpgrade((await store.FindAppAsync(legacy.Id))!.PasswordHash));
        Assert.Equal(legacy.Id, (await _api.SignInAsync("legacy", "old-pw")).AppId);
    }

    [Fact]
    public async Task With_auth_switched_off_a_PowerJob_4_client_without_token_works()
    {
        var open = await _nodes.StartServerAsync(TestNodes.ServerOptions(extra: "--oms.auth.openapi.enable=false"));
        var appId = await _nodes.RegisterAppAsync(open, "legacy-client");
        using var api = new RawOpenApi(open);
        var saved = await api.FormAsync("/openApi/saveJob", ("appId", appId), ("jobName", "j"), ("processorInfo", "echo"));
        Assert.True(saved.Success, saved.Raw);
        Assert.Equal("true", saved.AuthPassed);
        Assert.True((await api.FormAsync("/openApi/runJob", ("appId", appId), ("jobId", saved.Data.GetInt64()), ("delay", 60_000))).Success);
    }

    private async Task<long> SaveJobAsBillingAsync()
    {
        var api = new OpenApiClient(_nodes.Http, _server);
        return await api.SaveJobAsync(new { appId = _billing, jobName = "payroll", processorInfo = "echo", jobParams = "p" });
    }

    private async Task AssertBillingUnchangedAsync(long jobId)
    {
        var api = new OpenApiClient(_nodes.Http, _server);
        var jobs = await api.FormAsync("/openApi/fetchAllJob", ("appId", _billing));
        Assert.True(jobs.Success, jobs.Message);
        var job = Assert.Single(jobs.Data.EnumerateArray());
        Assert.Equal((jobId, "payroll", 1), (job.GetProperty("id").GetInt64(), job.GetProperty("jobName").GetString(), job.GetProperty("status").GetInt32()));
        Assert.Empty(await api.InstancesOfJobAsync(_billing, jobId));
    }

    /// <summary>The hash format stores held before MD5 sign-in: PBKDF2-SHA256 over the plain password.</summary>
    private static string LegacyHash(string password)
    {
        var salt = new byte[16];
        var hash = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(System.Text.Encoding.UTF8.GetBytes(password), salt, 1000,
            System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
