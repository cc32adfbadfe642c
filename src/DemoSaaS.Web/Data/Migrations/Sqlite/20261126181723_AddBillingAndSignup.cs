using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DemoSaaS.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddBillingAndSignup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BillingEvents",
                columns: table => new
                {
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ActivityType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BillingEvents", x => x.ActivityId);
                });

            migrationBuilder.CreateTable(
                name: "MeteringLedgers",
                columns: table => new
                {
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    ConfirmedQuantity = table.Column<decimal>(type: "TEXT", nullable: true),
                    ConfirmedPeriod = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConfirmedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InFlightBatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    InFlightQuantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    InFlightNeedsReconcile = table.Column<bool>(type: "INTEGER", nullable: false),
                    InFlightSinceUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeteringLedgers", x => new { x.CustomerCode, x.ItemCode });
                });

            migrationBuilder.CreateTable(
                name: "PendingSignups",
                columns: table => new
                {
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CleanupAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextCleanupAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingSignups", x => x.CustomerCode);
                });

            migrationBuilder.CreateTable(
                name: "UsageOutbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DeliveredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RejectedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageOutbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BillingEvents_CustomerCode_ReceivedAtUtc",
                table: "BillingEvents",
                columns: new[] { "CustomerCode", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageOutbox_BatchId",
                table: "UsageOutbox",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_UsageOutbox_DeliveredAtUtc_CustomerCode_ItemCode",
                table: "UsageOutbox",
                columns: new[] { "DeliveredAtUtc", "CustomerCode", "ItemCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BillingEvents");

            migrationBuilder.DropTable(
                name: "MeteringLedgers");

            migrationBuilder.DropTable(
                name: "PendingSignups");

            migrationBuilder.DropTable(
                name: "UsageOutbox");
        }
    }
}
