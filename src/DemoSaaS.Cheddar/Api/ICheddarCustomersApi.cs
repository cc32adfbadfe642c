using DemoSaaS.Cheddar.Xml;
using Refit;

namespace DemoSaaS.Cheddar.Api;

/// <summary>Cheddar's customers section on the wire (tracked items and charges live in their own interfaces).</summary>
internal interface ICheddarCustomersApi
{
    [Get("/xml/customers/get/productCode/{productCode}")]
    Task<CheddarDocument> GetAll(string productCode, CancellationToken cancellationToken);

    /// <summary>Filtered list: Cheddar takes filters as a form body too, which keeps repeated planCode[] intact.</summary>
    [Post("/xml/customers/get/productCode/{productCode}")]
    Task<CheddarDocument> GetFiltered(string productCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> filter, CancellationToken cancellationToken);

    [Get("/xml/customers/get/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> GetByCode(string productCode, string customerCode, CancellationToken cancellationToken);

    [Get("/xml/customers/get/productCode/{productCode}/id/{customerId}")]
    Task<CheddarDocument> GetById(string productCode, string customerId, CancellationToken cancellationToken);

    [Get("/xml/customers/get/productCode/{productCode}/invoiceNumber/{invoiceNumber}")]
    Task<CheddarDocument> GetByInvoiceNumber(string productCode, int invoiceNumber, CancellationToken cancellationToken);

    [Post("/xml/customers/new/productCode/{productCode}")]
    Task<CheddarDocument> Create(string productCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/customers/edit/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> Edit(string productCode, string customerCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/customers/edit-customer/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> EditCustomer(string productCode, string customerCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/customers/edit-subscription/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> EditSubscription(string productCode, string customerCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/customers/cancel/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> Cancel(string productCode, string customerCode, CancellationToken cancellationToken);

    [Post("/xml/customers/delete/productCode/{productCode}/code/{customerCode}")]
    Task Delete(string productCode, string customerCode, CancellationToken cancellationToken);

    [Post("/xml/customers/delete-all/confirm/{confirm}/productCode/{productCode}")]
    Task DeleteAll(string productCode, long confirm, CancellationToken cancellationToken);

    [Post("/xml/customers/add-charge/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> AddCharge(string productCode, string customerCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/customers/delete-charge/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> DeleteCharge(string productCode, string customerCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);

    [Post("/xml/customers/run-outstanding/productCode/{productCode}/code/{customerCode}")]
    Task<CheddarDocument> RunOutstanding(string productCode, string customerCode, [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);
}
