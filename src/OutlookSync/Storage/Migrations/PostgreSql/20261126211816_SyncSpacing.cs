using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OutlookSync.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SyncSpacing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PendingRoundAt",
                table: "Mappings",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PendingRoundAt",
                table: "Mappings");
        }
    }
}
