using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OutlookSync.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ConsentedByAndPendingStep : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConsentedBy",
                table: "Integrations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingStep",
                table: "Integrations",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ConsentedBy",
                table: "Integrations");

            migrationBuilder.DropColumn(
                name: "PendingStep",
                table: "Integrations");
        }
    }
}
