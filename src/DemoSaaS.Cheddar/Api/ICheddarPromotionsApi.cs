using DemoSaaS.Cheddar.Xml;
using Refit;

namespace DemoSaaS.Cheddar.Api;

/// <summary>Cheddar's promotions section on the wire.</summary>
internal interface ICheddarPromotionsApi
{
    [Get("/xml/promotions/get/productCode/{productCode}")]
    Task<CheddarDocument> GetAll(string productCode, CancellationToken cancellationToken);

    [Get("/xml/promotions/get/productCode/{productCode}/code/{couponCode}")]
    Task<CheddarDocument> GetByCode(string productCode, string couponCode, CancellationToken cancellationToken);

    [Get("/xml/promotions/get/productCode/{productCode}/id/{promotionId}")]
    Task<CheddarDocument> GetById(string productCode, string promotionId, CancellationToken cancellationToken);
}
