using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DemoSaaS.Cheddar.Tests;

public sealed class CheddarRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddCheddar(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Fact]
    public void Startup_validation_names_every_missing_key()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Cheddar:BaseUrl"] = "https://getcheddar.com" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Cheddar:ProductCode", error.Message);
        Assert.Contains("Cheddar:Username", error.Message);
        Assert.Contains("Cheddar:Password", error.Message);
    }

    [Theory]
    [InlineData("http://getcheddar.com")]
    [InlineData("ftp://127.0.0.1")]
    public void Credentials_are_never_sent_in_clear_text_beyond_this_machine(string baseUrl)
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Cheddar:BaseUrl"] = baseUrl, ["Cheddar:ProductCode"] = "P", ["Cheddar:Username"] = "u", ["Cheddar:Password"] = "p",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Cheddar:BaseUrl", error.Message);
    }

    [Fact]
    public void A_complete_configuration_resolves_every_client()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Cheddar:BaseUrl"] = "http://127.0.0.1:5080", ["Cheddar:ProductCode"] = "DEMOSAAS",
            ["Cheddar:Username"] = "sandbox@demosaas.local", ["Cheddar:Password"] = "sandbox",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<ICheddarPlans>());
        Assert.NotNull(provider.GetRequiredService<ICheddarCustomers>());
        Assert.NotNull(provider.GetRequiredService<ICheddarTrackedItems>());
        Assert.NotNull(provider.GetRequiredService<ICheddarInvoices>());
        Assert.NotNull(provider.GetRequiredService<ICheddarPromotions>());
    }
}
