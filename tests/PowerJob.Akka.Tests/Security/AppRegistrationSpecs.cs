using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Security;

/// <summary><c>POST /appInfo/save</c>: who may register an app and who may change its password.</summary>
public sealed class AppRegistrationSpecs : IAsyncLifetime
{
    private readonly TestNodes _nodes = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task An_existing_apps_password_changes_only_with_its_current_password()
    {
        var server = await _nodes.StartServerAsync();
        var appId = await _nodes.RegisterAppAsync(server, "billing", "owner-pw");
        using var api = new RawOpenApi(server);

        var takeover = await api.FormAsync("/appInfo/save", ("appName", "billing"), ("password", "hacked"));
        Assert.Equal((false, "app 'billing' is already registered; changing its password needs oldPassword (its current password)"),
            (takeover.Success, takeover.Message));
        var guessed = await api.FormAsync("/appInfo/save", ("appName", "billing"), ("password", "hacked"), ("oldPassword", "guess"));
        Assert.Equal("oldPassword for app 'billing' is wrong; its password is unchanged", guessed.Message);
        Assert.Equal("password for app 'billing' is wrong", (await api.FormAsync("/openApi/assert", ("appName", "billing"), ("password", "hacked"))).Message);
        Assert.Equal(appId, (await api.SignInAsync("billing", "owner-pw")).AppId);

        // Registering again with the current password is harmless and answers the same id, so scripts can re-run.
        Assert.Equal(appId, (await api.FormAsync("/appInfo/save", ("appName", "billing"), ("password", "owner-pw"))).Data.GetInt64());

        var changed = await api.FormAsync("/appInfo/save", ("appName", "billing"), ("password", "rotated"), ("oldPassword", "owner-pw"));
        Assert.Equal(appId, changed.Data.GetInt64());
        Assert.Equal(appId, (await api.SignInAsync("billing", "rotated")).AppId);
        Assert.False((await api.FormAsync("/openApi/assert", ("appName", "billing"), ("password", "owner-pw"))).Success);
    }

    [Fact]
    public async Task With_an_admin_password_only_its_holder_registers_new_apps()
    {
        var server = await _nodes.StartServerAsync(TestNodes.ServerOptions(extra: "--oms.auth.admin-password=admin-secret"));
        using var api = new RawOpenApi(server);

        var anonymous = await api.FormAsync("/appInfo/save", ("appName", "intruder"), ("password", "x"));
        Assert.Equal("registering a new app needs adminPassword (the server's 'oms.auth.admin-password')", anonymous.Message);
        var wrong = await api.FormAsync("/appInfo/save", ("appName", "intruder"), ("password", "x"), ("adminPassword", "guess"));
        Assert.Equal("adminPassword is wrong; no app was registered", wrong.Message);
        Assert.Equal("appName 'intruder' is not registered", (await api.FormAsync("/openApi/assert", ("appName", "intruder"), ("password", "x"))).Message);

        var admitted = await api.FormAsync("/appInfo/save", ("appName", "billing"), ("password", "pw"), ("adminPassword", "admin-secret"));
        Assert.True(admitted.Success, admitted.Raw);
        Assert.Equal(admitted.Data.GetInt64(), (await api.SignInAsync("billing", "pw")).AppId);
    }

    [Fact]
    public void A_short_admin_password_is_refused_at_start_without_echoing_it()
    {
        var error = Assert.Throws<PowerJob.Akka.Configuration.InvalidConfigurationException>(() => TestNodes.ServerOptions(extra: "--oms.auth.admin-password=short"));
        Assert.Contains("'oms.auth.admin-password': expected at least 8 characters", error.Message);
        Assert.DoesNotContain("short'", error.Message);
    }
}
