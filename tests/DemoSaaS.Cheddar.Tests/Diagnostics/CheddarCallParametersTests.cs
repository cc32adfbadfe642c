using DemoSaaS.Cheddar.Diagnostics;

namespace DemoSaaS.Cheddar.Tests.Diagnostics;

/// <summary>What an <see cref="ICheddarCallObserver"/> is handed never holds card data or secrets.</summary>
public sealed class CheddarCallParametersTests
{
    [Fact]
    public void Card_fields_and_secret_looking_fields_are_masked_wherever_they_sit_in_the_brackets()
    {
        var pairs = CheddarCallParameters.Parse(
            "code=ada&subscription%5BccNumber%5D=4111111111111111&subscription%5BccCardCode%5D=123&subscription%5BccExpiration%5D=12%2F2030"
            + "&0%5Bsubscription%5D%5BgatewayToken%5D=tok&apiKey=k&password=p&subscription%5BccLastName%5D=Lovelace&quantity=2").ToList();

        Assert.Equal(
            [("code", "ada"), ("subscription[ccNumber]", "(masked)"), ("subscription[ccCardCode]", "(masked)"), ("subscription[ccExpiration]", "(masked)"),
             ("0[subscription][gatewayToken]", "(masked)"), ("apiKey", "(masked)"), ("password", "(masked)"), ("subscription[ccLastName]", "Lovelace"), ("quantity", "2")],
            pairs.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void A_card_number_echoed_in_an_answer_is_cut_to_its_last_four_and_ids_dates_and_amounts_are_left_alone()
    {
        const string answer = """<error id="73" code="412" auxCode="subscription[ccNumber]:creditcardChecksum">'4111111111111112' seems to contain an invalid checksum: subscription[ccNumber]</error>""";
        Assert.Equal("""<error id="73" code="412" auxCode="subscription[ccNumber]:creditcardChecksum">'************1112' seems to contain an invalid checksum: subscription[ccNumber]</error>""",
            CheddarCallParameters.MaskAnswer(answer));

        const string customer = """<customer id="6d3c1f0e-2b7a-4e8c-9f51-0a4d2e6b7c10" code="a789ce72"><createdDatetime>2026-12-07T21:58:25+00:00</createdDatetime><amount>19000000.00</amount><ccLastFour>1111</ccLastFour></customer>""";
        Assert.Equal(customer, CheddarCallParameters.MaskAnswer(customer));
    }
}
