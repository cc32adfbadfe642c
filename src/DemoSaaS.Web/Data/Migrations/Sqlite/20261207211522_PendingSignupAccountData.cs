using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DemoSaaS.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PendingSignupAccountData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "PendingSignups",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NormalizedEmail",
                table: "PendingSignups",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PasswordHash",
                table: "PendingSignups",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "PendingSignups",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_PendingSignups_NormalizedEmail",
                table: "PendingSignups",
                column: "NormalizedEmail",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PendingSignups_NormalizedEmail",
                table: "PendingSignups");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "PendingSignups");

            migrationBuilder.DropColumn(
                name: "NormalizedEmail",
                table: "PendingSignups");

            migrationBuilder.DropColumn(
                name: "PasswordHash",
                table: "PendingSignups");

            migrationBuilder.DropColumn(
                name: "State",
                table: "PendingSignups");
        }
    }
}
