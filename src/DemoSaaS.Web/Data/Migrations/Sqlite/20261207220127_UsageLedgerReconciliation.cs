using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DemoSaaS.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// Usage outbox rows get an explicit State (instead of DeliveredAtUtc/RejectedReason/CoveredByReportPack), batches
    /// become rows of their own (UsageBatches) with operator decisions (UsageBatchActions), and the metering ledger keeps
    /// its usage period as an opening quantity plus delivered units. Existing data is carried over (ADR 0008).
    /// </summary>
    public partial class UsageLedgerReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UsageBatchActions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageBatchActions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerCode = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    ClaimedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClaimedInPeriod = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    SettledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UsagePeriodId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageBatches", x => x.Id);
                });

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "UsageOutbox",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "Pending");
            migrationBuilder.AddColumn<decimal>(
                name: "OpeningQuantity",
                table: "MeteringLedgers",
                type: "TEXT",
                nullable: true);
            migrationBuilder.AddColumn<decimal>(
                name: "DeliveredInPeriod",
                table: "MeteringLedgers",
                type: "TEXT",
                nullable: false,
                defaultValue: 0m);
            migrationBuilder.AddColumn<Guid>(
                name: "UsagePeriodId",
                table: "MeteringLedgers",
                type: "TEXT",
                nullable: true);

            // Carry the old state over. A batch in flight becomes a batch row (parked ones kept DateTime.MaxValue as their
            // next attempt); its outcome is decided by the new relay after the settle time. A parked one stays parked, and
            // its item's ledger reads Cheddar's quantity as a new opening before the next batch.
            migrationBuilder.Sql("""
                INSERT INTO UsageBatches (Id, CustomerCode, ItemCode, Quantity, State, ClaimedAtUtc, ClaimedInPeriod, LastAttemptAtUtc, Attempts, Reason)
                SELECT InFlightBatchId, CustomerCode, ItemCode, InFlightQuantity,
                       CASE WHEN NextAttemptAtUtc LIKE '9999-%' THEN 'Parked' ELSE 'OutcomeUnknown' END,
                       COALESCE(InFlightSinceUtc, ConfirmedAtUtc, '2000-01-01 00:00:00'),
                       ConfirmedPeriod,
                       COALESCE(InFlightSinceUtc, ConfirmedAtUtc, '2000-01-01 00:00:00'),
                       MAX(FailedAttempts, 1),
                       CASE WHEN NextAttemptAtUtc LIKE '9999-%' THEN LastError END
                FROM MeteringLedgers WHERE InFlightBatchId IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                UPDATE UsageOutbox SET State = CASE
                    WHEN CoveredByReportPack = 1 THEN 'CoveredByReportPack'
                    WHEN DeliveredAtUtc IS NOT NULL THEN 'Delivered'
                    WHEN RejectedReason IS NOT NULL THEN 'Rejected'
                    WHEN BatchId IN (SELECT Id FROM UsageBatches WHERE State = 'Parked') THEN 'Parked'
                    WHEN BatchId IS NOT NULL THEN 'Claimed'
                    ELSE 'Pending' END;
                """);
            migrationBuilder.Sql("""
                UPDATE MeteringLedgers SET
                    OpeningQuantity = CASE WHEN NextAttemptAtUtc LIKE '9999-%' THEN NULL ELSE ConfirmedQuantity END,
                    DeliveredInPeriod = '0.0',
                    InFlightBatchId = CASE WHEN NextAttemptAtUtc LIKE '9999-%' THEN NULL ELSE InFlightBatchId END,
                    NextAttemptAtUtc = CASE WHEN NextAttemptAtUtc LIKE '9999-%' THEN NULL ELSE NextAttemptAtUtc END;
                """);

            migrationBuilder.DropIndex(
                name: "IX_UsageOutbox_DeliveredAtUtc_CustomerCode_ItemCode",
                table: "UsageOutbox");
            // SQLite drops these columns in place (3.35+; none is indexed); EF Core's DropColumn would rebuild both tables
            // outside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE \"UsageOutbox\" DROP COLUMN \"CoveredByReportPack\";");
            migrationBuilder.RenameColumn(
                name: "RejectedReason",
                table: "UsageOutbox",
                newName: "Reason");
            migrationBuilder.RenameColumn(
                name: "DeliveredAtUtc",
                table: "UsageOutbox",
                newName: "SettledAtUtc");
            migrationBuilder.Sql("ALTER TABLE \"MeteringLedgers\" DROP COLUMN \"ConfirmedQuantity\";");
            migrationBuilder.Sql("ALTER TABLE \"MeteringLedgers\" DROP COLUMN \"InFlightQuantity\";");
            migrationBuilder.Sql("ALTER TABLE \"MeteringLedgers\" DROP COLUMN \"InFlightNeedsReconcile\";");
            migrationBuilder.Sql("ALTER TABLE \"MeteringLedgers\" DROP COLUMN \"InFlightSinceUtc\";");

            migrationBuilder.CreateIndex(
                name: "IX_UsageOutbox_State_CustomerCode_ItemCode",
                table: "UsageOutbox",
                columns: new[] { "State", "CustomerCode", "ItemCode" });
            migrationBuilder.CreateIndex(
                name: "IX_UsageBatchActions_BatchId",
                table: "UsageBatchActions",
                column: "BatchId");
            migrationBuilder.CreateIndex(
                name: "IX_UsageBatches_CustomerCode_ItemCode",
                table: "UsageBatches",
                columns: new[] { "CustomerCode", "ItemCode" });
            migrationBuilder.CreateIndex(
                name: "IX_UsageBatches_State",
                table: "UsageBatches",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UsageOutbox_State_CustomerCode_ItemCode",
                table: "UsageOutbox");
            migrationBuilder.RenameColumn(
                name: "SettledAtUtc",
                table: "UsageOutbox",
                newName: "DeliveredAtUtc");
            migrationBuilder.RenameColumn(
                name: "Reason",
                table: "UsageOutbox",
                newName: "RejectedReason");
            migrationBuilder.AddColumn<bool>(
                name: "CoveredByReportPack",
                table: "UsageOutbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
            migrationBuilder.AddColumn<decimal>(
                name: "ConfirmedQuantity",
                table: "MeteringLedgers",
                type: "TEXT",
                nullable: true);
            migrationBuilder.AddColumn<decimal>(
                name: "InFlightQuantity",
                table: "MeteringLedgers",
                type: "TEXT",
                nullable: false,
                defaultValue: 0m);
            migrationBuilder.AddColumn<bool>(
                name: "InFlightNeedsReconcile",
                table: "MeteringLedgers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
            migrationBuilder.AddColumn<DateTime>(
                name: "InFlightSinceUtc",
                table: "MeteringLedgers",
                type: "TEXT",
                nullable: true);

            // Back to the old columns: forgiven uses look rejected; parked batches are in flight and parked again.
            migrationBuilder.Sql("""
                UPDATE UsageOutbox SET
                    CoveredByReportPack = CASE WHEN State = 'CoveredByReportPack' THEN 1 ELSE 0 END,
                    DeliveredAtUtc = CASE WHEN State IN ('Delivered', 'CoveredByReportPack') THEN COALESCE(DeliveredAtUtc, RecordedAtUtc) END,
                    RejectedReason = CASE WHEN State IN ('Rejected', 'Forgiven') THEN COALESCE(RejectedReason, State) END,
                    BatchId = CASE WHEN State = 'Pending' THEN NULL ELSE BatchId END;
                """);
            migrationBuilder.Sql("""
                UPDATE MeteringLedgers SET
                    ConfirmedQuantity = OpeningQuantity + DeliveredInPeriod;
                """);
            migrationBuilder.Sql("""
                UPDATE MeteringLedgers SET
                    InFlightBatchId = COALESCE(InFlightBatchId, (SELECT Id FROM UsageBatches b WHERE b.State = 'Parked'
                        AND b.CustomerCode = MeteringLedgers.CustomerCode AND b.ItemCode = MeteringLedgers.ItemCode ORDER BY b.ClaimedAtUtc LIMIT 1)),
                    NextAttemptAtUtc = CASE WHEN InFlightBatchId IS NULL AND EXISTS (SELECT 1 FROM UsageBatches b WHERE b.State = 'Parked'
                        AND b.CustomerCode = MeteringLedgers.CustomerCode AND b.ItemCode = MeteringLedgers.ItemCode) THEN '9999-12-31 23:59:59.9999999' ELSE NextAttemptAtUtc END;
                """);
            migrationBuilder.Sql("""
                UPDATE MeteringLedgers SET
                    InFlightQuantity = COALESCE((SELECT Quantity FROM UsageBatches b WHERE b.Id = MeteringLedgers.InFlightBatchId), 0),
                    InFlightSinceUtc = (SELECT ClaimedAtUtc FROM UsageBatches b WHERE b.Id = MeteringLedgers.InFlightBatchId);
                """);

            migrationBuilder.Sql("ALTER TABLE \"UsageOutbox\" DROP COLUMN \"State\";");
            migrationBuilder.Sql("ALTER TABLE \"MeteringLedgers\" DROP COLUMN \"OpeningQuantity\";");
            migrationBuilder.Sql("ALTER TABLE \"MeteringLedgers\" DROP COLUMN \"DeliveredInPeriod\";");
            migrationBuilder.Sql("ALTER TABLE \"MeteringLedgers\" DROP COLUMN \"UsagePeriodId\";");
            migrationBuilder.DropTable(
                name: "UsageBatchActions");
            migrationBuilder.DropTable(
                name: "UsageBatches");
            migrationBuilder.CreateIndex(
                name: "IX_UsageOutbox_DeliveredAtUtc_CustomerCode_ItemCode",
                table: "UsageOutbox",
                columns: new[] { "DeliveredAtUtc", "CustomerCode", "ItemCode" });
        }
    }
}
