using System.Net;
using DemoSaaS.Web.Tests.Infrastructure;

namespace DemoSaaS.Web.Tests;

public sealed class HomePageTests(DemoSaaSWebFactory factory) : IClassFixture<DemoSaaSWebFactory>
{
    [Fact]
    public async Task Home_page_answers_200_with_the_product_name()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Awesome Reports", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
